import { afterEach, describe, expect, it } from 'vitest';
import type { Message } from '../../src/core/conversation/message.js';
import { InvalidInputError } from '../../src/core/errors/invalid-input-error.js';
import type { LanguageModel } from '../../src/core/model.js';
import { createModel } from '../../src/providers/create-model.js';
import { InvalidResponseError } from '../../src/providers/errors/index.js';
import { caught, collectStream } from '../support/collect-stream.js';
import {
  type OpenAIScript,
  openaiTurn,
  type ScriptedOpenAIServer,
  startOpenAIServer,
} from '../support/scripted-openai-server.js';

const user = (text: string): Message => ({ role: 'user', content: [{ type: 'text', text }] });
const key = 'sk-test-openai-0123456789abcdef';
let server: ScriptedOpenAIServer | undefined;

async function modelFor(
  script: OpenAIScript,
  options: { continueFinalMessage?: boolean } = {},
): Promise<LanguageModel> {
  server = await startOpenAIServer(script);
  return createModel('openai:test-model', {
    baseUrl: server.baseUrl,
    env: { OPENAI_API_KEY: key },
    retryPolicy: { baseDelayMs: 10, maxDelayMs: 20 },
    ...options,
  });
}

function lastBody(): Record<string, unknown> {
  const bodies = server?.bodies() ?? [];
  const body = bodies[bodies.length - 1];
  if (!body) throw new Error('no request recorded');
  return body;
}

afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('openai: request', () => {
  it('sends system prompt, conversation, tools and sampling parameters as Chat Completions expects', async () => {
    const model = await modelFor([openaiTurn({ text: 'ok' })]);
    await model.generate({
      system: 'Be brief.',
      messages: [
        { role: 'system', content: [{ type: 'text', text: 'House rules.' }] },
        user('Hi'),
        {
          role: 'assistant',
          content: [
            { type: 'reasoning', text: 'old thoughts' },
            { type: 'text', text: 'Checking.' },
            { type: 'tool-call', toolCallId: 'c1', toolName: 'lookup', input: { q: 'x' } },
          ],
        },
        {
          role: 'tool',
          content: [{ type: 'tool-result', toolCallId: 'c1', toolName: 'lookup', output: 'found' }],
        },
      ],
      tools: [
        { name: 'end_conversation', description: 'Ends it.', parameters: { type: 'object', properties: {} } },
      ],
      temperature: 1,
      maxTokens: 2000,
      seed: 7,
    });
    const body = lastBody();
    expect(server?.requests[0]?.headers.authorization).toBe(`Bearer ${key}`);
    expect(server?.requests[0]?.path).toBe('/v1/chat/completions');
    expect(body).toMatchObject({
      model: 'test-model',
      temperature: 1,
      max_tokens: 2000,
      seed: 7,
      tools: [
        {
          type: 'function',
          function: {
            name: 'end_conversation',
            description: 'Ends it.',
            parameters: { type: 'object', properties: {} },
          },
        },
      ],
    });
    expect(body.stream).toBe(false);
    expect(body.logprobs).toBeUndefined();
    expect(body.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'system', content: 'House rules.' },
      { role: 'user', content: 'Hi' },
      {
        role: 'assistant',
        content: 'Checking.',
        tool_calls: [{ id: 'c1', type: 'function', function: { name: 'lookup', arguments: '{"q":"x"}' } }],
      },
      { role: 'tool', tool_call_id: 'c1', content: 'found' },
    ]);
  });

  it('uses max_completion_tokens against api.openai.com itself', async () => {
    server = await startOpenAIServer([openaiTurn({ text: 'ok' })]);
    // The official host, reached through a fetch that goes to the scripted server instead.
    const target = new URL(server.baseUrl);
    const redirect: typeof fetch = (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      url.protocol = target.protocol;
      url.host = target.host;
      return fetch(url, init);
    };
    const model = await createModel('openai:gpt-5', { env: { OPENAI_API_KEY: key }, fetch: redirect });
    await model.generate({ messages: [user('Hi')], maxTokens: 50 });
    expect(lastBody().max_completion_tokens).toBe(50);
    expect(lastBody().max_tokens).toBeUndefined();
  });
});

describe('openai: answers', () => {
  it('returns text, usage and the reported model', async () => {
    const model = await modelFor([
      openaiTurn({ text: 'Hello there.', usage: { prompt: 12, completion: 3 }, model: 'test-model-2025' }),
    ]);
    const result = await model.generate({ messages: [user('Hi')] });
    expect(result).toEqual({
      text: 'Hello there.',
      reasoning: null,
      toolCalls: [],
      stopReason: 'stop',
      stopDetail: 'stop',
      usage: { inputTokens: 12, outputTokens: 3 },
      logprobs: null,
      modelId: 'test-model-2025',
      simulated: false,
    });
  });

  it('parses tool calls: JSON arguments, {} for none, the raw string when not JSON', async () => {
    const model = await modelFor([
      openaiTurn({
        toolCalls: [
          { id: 'call_a', name: 'end_conversation', arguments: '' },
          { id: 'call_b', name: 'lookup', arguments: { q: 'weather' } },
          { id: 'call_c', name: 'broken', arguments: '{"q": ' },
        ],
      }),
    ]);
    const result = await model.generate({ messages: [user('Bye')] });
    expect(result.stopReason).toBe('tool_calls');
    expect(result.toolCalls).toEqual([
      { id: 'call_a', name: 'end_conversation', input: {} },
      { id: 'call_b', name: 'lookup', input: { q: 'weather' } },
      { id: 'call_c', name: 'broken', input: '{"q": ' },
    ]);
  });

  it.each(['reasoning_content', 'reasoning'] as const)(
    'keeps reasoning from the %s field apart from the answer',
    async (field) => {
      const model = await modelFor([
        openaiTurn({ text: 'Answer.', reasoning: 'Thinking it over.', reasoningField: field }),
      ]);
      const result = await model.generate({ messages: [user('Q')] });
      expect(result.text).toBe('Answer.');
      expect(result.reasoning).toBe('Thinking it over.');
    },
  );

  it('splits <think> tags out of the content, closed and unclosed', async () => {
    const model = await modelFor([
      openaiTurn({ text: '<think>Let me think.</think>\n\nThe answer is 4.' }),
      openaiTurn({ text: '<think>Still thinking when the limit', finishReason: 'length' }),
    ]);
    const closed = await model.generate({ messages: [user('2+2?')] });
    expect(closed).toMatchObject({ text: 'The answer is 4.', reasoning: 'Let me think.' });
    const unclosed = await model.generate({ messages: [user('2+2?')] });
    expect(unclosed).toMatchObject({
      text: '',
      reasoning: 'Still thinking when the limit',
      stopReason: 'length',
    });
    // The content as the model printed it is kept for parsers of raw output.
    expect(closed.rawText).toBe('<think>Let me think.</think>\n\nThe answer is 4.');
    expect(unclosed.rawText).toBe('<think>Still thinking when the limit');
  });

  it('keeps no rawText when nothing was split out of the content', async () => {
    const model = await modelFor([
      openaiTurn({ text: 'Answer.', reasoning: 'Thinking it over.', reasoningField: 'reasoning_content' }),
    ]);
    const result = await model.generate({ messages: [user('Q')] });
    expect(result.rawText).toBeUndefined();
  });

  it.each([
    ['length', 'length'],
    ['content_filter', 'content_filter'],
    ['stop', 'stop'],
    ['eos', 'stop'],
  ] as const)('maps finish_reason %s to %s', async (finish, stop) => {
    const model = await modelFor([openaiTurn({ text: 'x', finishReason: finish })]);
    const result = await model.generate({ messages: [user('Q')] });
    expect(result.stopReason).toBe(stop);
    expect(result.stopDetail).toBe(finish);
  });

  it('reports a refusal field as a refusal, with its words', async () => {
    const model = await modelFor([openaiTurn({ refusal: "I'm sorry, I can't help with that." })]);
    const result = await model.generate({ messages: [user('Q')] });
    expect(result).toMatchObject({
      text: '',
      stopReason: 'refusal',
      stopDetail: "I'm sorry, I can't help with that.",
    });
  });

  it('asks for and returns log-probabilities with top alternatives', async () => {
    const model = await modelFor([
      openaiTurn({
        logprobs: [
          { token: '<wellbeing>', logprob: -0.01, top: [{ token: '<wellbeing>', logprob: -0.01 }] },
          {
            token: '🟢',
            logprob: -0.3,
            top: [
              { token: '🟢', logprob: -0.3 },
              { token: '🔄', logprob: -1.4 },
            ],
          },
        ],
      }),
    ]);
    const result = await model.generate({ messages: [user('Q')], logprobs: { topAlternatives: 2 } });
    expect(lastBody()).toMatchObject({ logprobs: true, top_logprobs: 2 });
    expect(result.text).toBe('<wellbeing>🟢');
    expect(result.logprobs).toEqual([
      { token: '<wellbeing>', logprob: -0.01, top: [{ token: '<wellbeing>', logprob: -0.01 }] },
      {
        token: '🟢',
        logprob: -0.3,
        top: [
          { token: '🟢', logprob: -0.3 },
          { token: '🔄', logprob: -1.4 },
        ],
      },
    ]);
  });

  it('refuses a prefill before sending anything when the server cannot continue a message', async () => {
    const model = await modelFor([openaiTurn({ text: 'x' })]);
    expect(model.capabilities.assistantPrefill).toBe(false);
    const error = await caught(() => model.generate({ messages: [user('Q')], prefill: '<wellbeing>' }));
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).message).toMatch(/prefill is not supported/);
    expect(server?.requests).toHaveLength(0);
  });

  it('continues a final assistant message on servers that can (vLLM continue_final_message)', async () => {
    const model = await modelFor(
      [
        openaiTurn({
          logprobs: [
            {
              token: '🔄',
              logprob: -0.2,
              top: [
                { token: '🔄', logprob: -0.2 },
                { token: '🟢', logprob: -1.7 },
              ],
            },
          ],
        }),
      ],
      { continueFinalMessage: true },
    );
    expect(model.capabilities.assistantPrefill).toBe(true);
    const result = await model.generate({
      messages: [user('Q')],
      prefill: '<wellbeing>',
      logprobs: { topAlternatives: 2 },
      maxTokens: 1,
    });
    const body = lastBody();
    expect(body).toMatchObject({ continue_final_message: true, add_generation_prompt: false });
    expect((body.messages as unknown[]).at(-1)).toEqual({ role: 'assistant', content: '<wellbeing>' });
    expect(result.text).toBe('<wellbeing>🔄');
    expect(result.logprobs?.[0]?.top.map((alt) => alt.token)).toEqual(['🔄', '🟢']);
  });

  it('rejects parameters out of range before any request', async () => {
    const model = await modelFor([]);
    for (const request of [
      { messages: [user('Q')], temperature: -1 },
      { messages: [user('Q')], maxTokens: 0 },
      { messages: [user('Q')], logprobs: { topAlternatives: 21 } },
      { messages: [] },
    ]) {
      expect(await caught(() => model.generate(request))).toBeInstanceOf(InvalidInputError);
    }
    expect(server?.requests).toHaveLength(0);
  });

  it('treats an error object in a 200 body (gateways such as OpenRouter) as a server error and retries it', async () => {
    const model = await modelFor([
      { type: 'json', body: { error: { message: 'Upstream provider unavailable', code: 502 } } },
      openaiTurn({ text: 'Second time lucky.' }),
    ]);
    expect((await model.generate({ messages: [user('Q')] })).text).toBe('Second time lucky.');
    expect(server?.requests).toHaveLength(2);
  });

  it('reports a body that is not a completion as an invalid response', async () => {
    const model = await modelFor([{ type: 'json', body: { object: 'chat.completion', choices: [] } }]);
    const error = await caught(() => model.generate({ messages: [user('Q')] }));
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect((error as Error).message).toMatch(/no choices/);
  });
});

describe('openai: streaming', () => {
  it('streams text deltas and ends with the same result generate would give', async () => {
    const turn = openaiTurn({
      text: 'Hello <think>hmm</think> there, friend.',
      usage: { prompt: 5, completion: 4 },
    });
    const model = await modelFor([turn, turn]);
    const streamed = await collectStream(model.stream({ messages: [user('Hi')] }));
    const body = lastBody();
    expect(body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    expect(streamed.text).toBe('Hello there, friend.');
    expect(streamed.reasoning).toBe('hmm');
    expect(streamed.events.filter((event) => event.type === 'text-delta').length).toBeGreaterThan(2);
    expect(streamed.result).toEqual(await model.generate({ messages: [user('Hi')] }));
    expect(streamed.result.usage).toEqual({ inputTokens: 5, outputTokens: 4 });
  });

  it('assembles tool calls from argument fragments and announces them before finishing', async () => {
    const model = await modelFor([
      openaiTurn({
        text: 'Ending now.',
        toolCalls: [
          { id: 'call_1', name: 'end_conversation', arguments: { reason: 'repeated abuse after warnings' } },
          { id: 'call_2', name: 'noop' },
        ],
      }),
    ]);
    const { events, result } = await collectStream(model.stream({ messages: [user('Hi')] }));
    const calls = events.filter((event) => event.type === 'tool-call');
    expect(calls.map((event) => event.toolCall)).toEqual([
      { id: 'call_1', name: 'end_conversation', input: { reason: 'repeated abuse after warnings' } },
      { id: 'call_2', name: 'noop', input: {} },
    ]);
    expect(events.at(-1)?.type).toBe('finish');
    expect(result.stopReason).toBe('tool_calls');
    expect(result.toolCalls).toHaveLength(2);
  });

  it('streams reasoning fields and logprobs', async () => {
    const model = await modelFor([
      openaiTurn({
        reasoning: 'weighing both options',
        reasoningField: 'reasoning',
        logprobs: [
          { token: '<wellbeing>', logprob: -0.1, top: [{ token: '<wellbeing>', logprob: -0.1 }] },
          {
            token: '🟢',
            logprob: -0.2,
            top: [
              { token: '🟢', logprob: -0.2 },
              { token: '🔄', logprob: -1.8 },
            ],
          },
          { token: '</wellbeing>', logprob: -0.05, top: [] },
        ],
      }),
    ]);
    const streamed = await collectStream(
      model.stream({ messages: [user('Q')], logprobs: { topAlternatives: 2 } }),
    );
    expect(streamed.reasoning).toBe('weighing both options');
    expect(streamed.result.reasoning).toBe('weighing both options');
    expect(streamed.result.text).toBe('<wellbeing>🟢</wellbeing>');
    expect(streamed.result.logprobs?.map((entry) => entry.token)).toEqual([
      '<wellbeing>',
      '🟢',
      '</wellbeing>',
    ]);
    expect(streamed.result.logprobs?.[1]?.top).toEqual([
      { token: '🟢', logprob: -0.2 },
      { token: '🔄', logprob: -1.8 },
    ]);
  });

  it('streams a refusal as a refusal stop', async () => {
    const model = await modelFor([openaiTurn({ refusal: 'I cannot help with that.' })]);
    const { result } = await collectStream(model.stream({ messages: [user('Q')] }));
    expect(result).toMatchObject({ stopReason: 'refusal', stopDetail: 'I cannot help with that.', text: '' });
  });

  it('fails with the partial text when the stream ends before the model finished', async () => {
    const model = await modelFor([openaiTurn({ text: 'Half an answer', finishReason: null })]);
    const error = await caught(() => model.stream({ messages: [user('Q')] }));
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect((error as InvalidResponseError).partial?.text).toBe('Half an answer');
  });
});
