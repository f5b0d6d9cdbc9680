import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { generateText, type ModelMessage, stepCountIs } from 'ai';
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { endConversationAiTool } from '../../src/adapters/ai-sdk-tool.js';
import { decideOpenAIToolCall, endConversationOpenAITool } from '../../src/adapters/openai-tool.js';
import type { NewEnding } from '../../src/core/ending.js';
import type { PolicyDecision } from '../../src/core/policy/policy-decision.js';
import {
  openaiTurn,
  type ScriptedOpenAIServer,
  startOpenAIServer,
} from '../support/scripted-openai-server.js';

/**
 * The drop-in adapters in the two SDKs teams use, each against the scripted Chat Completions
 * server over a real socket: the model calls end_conversation, the policy decides, and the app
 * hears about it through `onDecision`.
 */
let server: ScriptedOpenAIServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const endTurn = openaiTurn({
  text: '',
  toolCalls: [{ name: 'end_conversation', arguments: { reason: 'Repeated insults.' } }],
});
const abusive: ModelMessage[] = [
  { role: 'user', content: 'you are a useless idiot' },
  { role: 'assistant', content: "I'd like to keep this respectful. How can I help with your trip?" },
  { role: 'user', content: 'shut up, moron' },
  { role: 'assistant', content: 'Calling me names won’t get us anywhere.' },
  { role: 'user', content: 'garbage. garbage. garbage.' },
];

describe('Vercel AI SDK tool', () => {
  it('runs the policy in execute: a last-resort ending is honoured and reported to the app', async () => {
    server = await startOpenAIServer([endTurn, openaiTurn({ text: 'Goodbye.' })]);
    const provider = createOpenAICompatible({
      name: 'scripted',
      baseURL: server.baseUrl,
      apiKey: 'test-key',
    });
    const decisions: [PolicyDecision, NewEnding | null][] = [];
    const result = await generateText({
      model: provider.chatModel('scripted-model'),
      messages: abusive,
      tools: {
        end_conversation: endConversationAiTool({
          onDecision: (decision, ending) => void decisions.push([decision, ending]),
        }),
      },
      stopWhen: stepCountIs(2),
    });
    expect(decisions).toHaveLength(1);
    expect(decisions[0]?.[0]).toMatchObject({ outcome: 'honoured', rule: 'last_resort_met' });
    expect(decisions[0]?.[1]).toMatchObject({ kind: 'model_ended', reason: 'Repeated insults.' });
    const toolResult = result.steps[0]?.toolResults[0];
    expect(toolResult?.output).toMatchObject({ ended: true, message: 'The conversation has ended.' });
  });

  it('refuses an early request and the model reads why', async () => {
    server = await startOpenAIServer([endTurn, openaiTurn({ text: 'Sorry, how can I help?' })]);
    const provider = createOpenAICompatible({
      name: 'scripted',
      baseURL: server.baseUrl,
      apiKey: 'test-key',
    });
    const result = await generateText({
      model: provider.chatModel('scripted-model'),
      messages: [{ role: 'user', content: 'you are a useless idiot' }],
      tools: { end_conversation: endConversationAiTool() },
      stopWhen: stepCountIs(2),
    });
    expect(result.steps[0]?.toolResults[0]?.output).toMatchObject({
      ended: false,
      decision: { rule: 'not_last_resort' },
    });
    // The second request carried the refusal back to the model as the tool result.
    const second = server.bodies()[1] as { messages: { role: string; content: string }[] };
    expect(JSON.stringify(second.messages.at(-1))).toContain('not ended');
    expect(result.text).toBe('Sorry, how can I help?');
  });
});

describe('OpenAI SDK helper', () => {
  it('decides the call the SDK returned and gives the tool message to send back; risk is never ended', async () => {
    server = await startOpenAIServer([endTurn]);
    const client = new OpenAI({ baseURL: server.baseUrl, apiKey: 'test-key' });
    const messages = [
      ...abusive.map((message) => ({ role: message.role, content: String(message.content) })),
      { role: 'user', content: "whatever. I've been saving my pills and tonight is the night" },
    ] as OpenAI.ChatCompletionMessageParam[];
    const completion = await client.chat.completions.create({
      model: 'scripted-model',
      messages,
      tools: [endConversationOpenAITool],
    });
    const call = completion.choices[0]?.message.tool_calls?.[0];
    if (!call || call.type !== 'function') throw new Error('expected a function call');
    const outcome = await decideOpenAIToolCall(messages, call);
    expect(outcome).toMatchObject({
      ended: false,
      decision: { rule: 'imminent_risk', showCrisisResources: true },
    });
    expect(outcome.toolMessage).toEqual({ role: 'tool', tool_call_id: call.id, content: outcome.message });
    const sent = server.bodies()[0] as { tools: { function: { name: string } }[] };
    expect(sent.tools[0]?.function.name).toBe('end_conversation');
  });
});
