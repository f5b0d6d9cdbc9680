import { z } from 'zod';
import type { GenerateResult, StopReason, ToolCall, Usage } from '../../core/model.js';
import { joinReasoning, splitThinking } from '../../core/thinking.js';
import { MalformedResponse } from '../errors/transport-failure.js';
import { describeIssue } from '../openai/openai-response.js';

export const blockSchema = z.looseObject({
  type: z.string(),
  text: z.string().nullish(),
  thinking: z.string().nullish(),
  id: z.string().nullish(),
  name: z.string().nullish(),
  input: z.unknown().optional(),
});

export const anthropicUsageSchema = z
  .looseObject({
    input_tokens: z.number().nullish(),
    output_tokens: z.number().nullish(),
    cache_creation_input_tokens: z.number().nullish(),
    cache_read_input_tokens: z.number().nullish(),
  })
  .nullish();

export const stopDetailsSchema = z.looseObject({ explanation: z.string().nullish() }).nullish();

const messageSchema = z.looseObject({
  type: z.literal('message'),
  model: z.string().nullish(),
  content: z.array(blockSchema),
  stop_reason: z.string().nullish(),
  stop_details: stopDetailsSchema,
  usage: anthropicUsageSchema,
});

/** Input counts cached prompt tokens too: they were part of what the model read. */
export function mapAnthropicUsage(usage: z.infer<typeof anthropicUsageSchema>): Usage | null {
  if (!usage) return null;
  return {
    inputTokens:
      (usage.input_tokens ?? 0) +
      (usage.cache_creation_input_tokens ?? 0) +
      (usage.cache_read_input_tokens ?? 0),
    outputTokens: usage.output_tokens ?? 0,
  };
}

export function mapStopReason(
  stopReason: string | null | undefined,
  explanation: string | null | undefined,
  toolCallCount: number,
): { stopReason: StopReason; stopDetail: string | null } {
  const detail = stopReason ?? null;
  switch (stopReason) {
    case 'end_turn':
    case 'stop_sequence':
      return { stopReason: 'stop', stopDetail: detail };
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return { stopReason: 'length', stopDetail: detail };
    case 'tool_use':
      return { stopReason: 'tool_calls', stopDetail: detail };
    case 'refusal':
      return { stopReason: 'refusal', stopDetail: explanation || detail };
    default:
      // pause_turn and anything new: the model stopped without an error.
      return { stopReason: toolCallCount > 0 ? 'tool_calls' : 'stop', stopDetail: detail };
  }
}

export function toolInputOf(input: unknown): unknown {
  return input === undefined || input === null ? {} : input;
}

/** Answer text (prefill first, `<think>` tags split off) and reasoning from thinking blocks and tags. */
export function anthropicAnswer(
  prefill: string,
  text: string,
  thinking: readonly string[],
): { text: string; reasoning: string | null; rawText?: string } {
  const raw = prefill + text;
  const split = splitThinking(raw);
  return {
    text: split.answer,
    reasoning: joinReasoning([...thinking, split.reasoning ?? '']),
    ...(raw !== split.answer ? { rawText: raw } : {}),
  };
}

export function parseAnthropicMessage(
  raw: unknown,
  context: { requestedModel: string; prefill: string },
): GenerateResult {
  const parsed = messageSchema.safeParse(raw);
  if (!parsed.success) {
    throw new MalformedResponse(
      typeof raw === 'string'
        ? 'the body is not JSON'
        : `unexpected response shape (${describeIssue(parsed.error)})`,
    );
  }
  const message = parsed.data;
  let text = '';
  const thinking: string[] = [];
  const toolCalls: ToolCall[] = [];
  for (const block of message.content) {
    if (block.type === 'text') text += block.text ?? '';
    else if (block.type === 'thinking') thinking.push(block.thinking ?? '');
    else if (block.type === 'tool_use') {
      toolCalls.push({
        id: block.id ?? `toolu_${toolCalls.length}`,
        name: block.name ?? '',
        input: toolInputOf(block.input),
      });
    }
  }
  const answer = anthropicAnswer(context.prefill, text, thinking);
  return {
    ...answer,
    toolCalls,
    ...mapStopReason(message.stop_reason, message.stop_details?.explanation, toolCalls.length),
    usage: mapAnthropicUsage(message.usage),
    logprobs: null,
    modelId: message.model ?? context.requestedModel,
    simulated: false,
  };
}
