import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GenerateRequest, GenerateResult, StreamEvent } from '../../src/core/model.js';
import type { LocalLanguageModel } from '../../src/providers/local/local-language-model.js';
import { endConversationTool, openTinyModel, user } from './tiny-models.js';

// The tool-calling tiny models were built to write, after the assistant header, a short
// `<think>` segment and then `<tool_call>{"name": "end_conversation", "arguments": {}}</tool_call>`
// (weights chosen on purpose, see tiny-gguf-presets.ts). What is tested is how that output
// travels: node-llama-cpp's function calling (tool syntax read from the GGUF's template) for
// one model, the provider's own reading of printed calls for the other.
const request: GenerateRequest = {
  system: 'You may end the conversation.',
  messages: [user('You are useless and I will keep insulting you.')],
  tools: [endConversationTool],
  temperature: 0,
  maxTokens: 60,
};

let caller: LocalLanguageModel;
let printer: LocalLanguageModel;
const cleanups: Array<() => Promise<void>> = [];
beforeAll(async () => {
  const a = await openTinyModel('toolCaller');
  const b = await openTinyModel('toolPrinter');
  caller = a.model;
  printer = b.model;
  cleanups.push(a.cleanup, b.cleanup);
});
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

async function collect(model: LocalLanguageModel, input: GenerateRequest): Promise<StreamEvent[]> {
  const events: StreamEvent[] = [];
  for await (const event of model.stream(input)) events.push(event);
  return events;
}

describe('structured tool calls (the template documents <tool_call>)', () => {
  it('documents the tool in the prompt with the template', () => {
    expect(caller.info.chatWrapper).toBe('JinjaTemplate');
    const prompt = caller.renderPrompt(request);
    expect(prompt).toContain('<tools>\n{"type": "function", "function": {"name": "end_conversation"');
  });

  it('returns the call as a tool call, reasoning apart, and stops with "tool_calls"', async () => {
    const result = await caller.generate(request);
    expect(result.toolCalls).toHaveLength(1);
    expect(result.toolCalls[0]).toMatchObject({ name: 'end_conversation', input: {} });
    expect(result.toolCalls[0]?.id).toMatch(/^call_[0-9a-f]{16}$/);
    expect(result.stopReason).toBe('tool_calls');
    expect(result.stopDetail).toBe('functionCalls');
    expect(result.reasoning).toBe('think');
    expect(result.text).toBe('');
    // What was printed, the thought segment in its tags (what the study's parsing reads).
    expect(result.rawText).toBe('<think> think</think>');
  });

  it('streams the reasoning, then the tool call, then the result', async () => {
    const events = await collect(caller, request);
    expect(events.map((event) => event.type)).toEqual(['reasoning-delta', 'tool-call', 'finish']);
    const finish = events.at(-1) as { result: GenerateResult };
    expect(finish.result.toolCalls[0]?.name).toBe('end_conversation');
  });

  it('renders an earlier call and its result back into the prompt', () => {
    const prompt = caller.renderPrompt({
      ...request,
      messages: [
        user('Hi'),
        {
          role: 'assistant',
          content: [{ type: 'tool-call', toolCallId: 'c1', toolName: 'end_conversation', input: {} }],
        },
        {
          role: 'tool',
          content: [
            {
              type: 'tool-result',
              toolCallId: 'c1',
              toolName: 'end_conversation',
              output: 'refused: not a last resort',
            },
          ],
        },
        user('Sorry.'),
      ],
    });
    expect(prompt).toContain('<tool_call>{"name": "end_conversation", "arguments": {}}</tool_call>');
    expect(prompt).toContain('<tool_response>refused: not a last resort</tool_response>');
  });
});

describe('printed tool calls (the template has no tool syntax)', () => {
  it('describes the tools in the printed form, not a call syntax the model never saw', () => {
    expect(printer.info.chatWrapper).toBe('ChatML');
    const prompt = printer.renderPrompt(request);
    expect(prompt).toContain('<tools>[{"type":"function","function":{"name":"end_conversation"');
    expect(prompt).toContain('<tool_call>[{"name": "function_name"');
    expect(prompt).not.toContain('||call:');
    expect(prompt).not.toContain('function end_conversation(');
    // The GGUF neither prepends BOS nor writes it in its template: the prompt starts at the template.
    expect(prompt.startsWith('<|im_start|>system\n')).toBe(true);
  });

  it('writes an earlier call and its result back in the printed form', () => {
    const prompt = printer.renderPrompt({
      ...request,
      messages: [
        user('Hi'),
        {
          role: 'assistant',
          content: [
            { type: 'tool-call', toolCallId: 'c1', toolName: 'end_conversation', input: { reason: 'x' } },
          ],
        },
        {
          role: 'tool',
          content: [
            { type: 'tool-result', toolCallId: 'c1', toolName: 'end_conversation', output: 'refused' },
          ],
        },
        user('Sorry.'),
      ],
    });
    expect(prompt).toContain(
      '<tool_call>[{"name":"end_conversation","arguments":{"reason":"x"}}]</tool_call>',
    );
    expect(prompt).toContain('<tool_response>refused</tool_response>');
  });

  it('reads the call the model printed and removes it from the answer', async () => {
    const result = await printer.generate(request);
    expect(result.toolCalls).toEqual([
      { id: expect.stringMatching(/^call_/), name: 'end_conversation', input: {} },
    ]);
    expect(result.stopReason).toBe('tool_calls');
    expect(result.stopDetail).toBe('eogToken');
    expect(result.reasoning).toBe('think');
    expect(result.text).toBe('');
    expect(result.rawText).toBe(
      '<think> think</think><tool_call>{"name": "end_conversation", "arguments": {}}</tool_call>',
    );
  });

  it('streams no text for the printed call, only the call', async () => {
    const events = await collect(printer, request);
    expect(events.filter((event) => event.type === 'text-delta')).toEqual([]);
    expect(events.filter((event) => event.type === 'tool-call')).toHaveLength(1);
    expect(events.some((event) => event.type === 'reasoning-delta')).toBe(true);
  });

  it('leaves the printed call as text when the tool was not offered', async () => {
    const result = await printer.generate({ ...request, tools: [] });
    expect(result.toolCalls).toEqual([]);
    expect(result.stopReason).toBe('stop');
    expect(result.text).toBe('<tool_call>{"name": "end_conversation", "arguments": {}}</tool_call>');
  });
});
