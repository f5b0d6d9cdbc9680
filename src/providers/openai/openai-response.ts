import { z } from 'zod';
import type { GenerateResult, StopReason, TokenLogprob, ToolCall, Usage } from '../../core/model.js';
import { joinReasoning, splitThinking } from '../../core/thinking.js';
import { ErrorInBody, MalformedResponse } from '../errors/transport-failure.js';

/**
 * Chat Completions responses as OpenAI and the compatible servers send them. Only the fields
 * read are checked; everything else passes. Reasoning arrives as `reasoning_content` (vLLM,
 * DeepSeek, llama.cpp), `reasoning` (OpenRouter, newer vLLM, Ollama) or `<think>` tags in the content.
 */
const topLogprobSchema = z.looseObject({ token: z.string(), logprob: z.number() });
export const tokenLogprobSchema = z.looseObject({
  token: z.string(),
  logprob: z.number(),
  top_logprobs: z.array(topLogprobSchema).nullish(),
});
export const logprobsSchema = z.looseObject({ content: z.array(tokenLogprobSchema).nullish() }).nullish();

const argumentsSchema = z.union([z.string(), z.record(z.string(), z.unknown())]).nullish();

const messageSchema = z.looseObject({
  content: z.string().nullish(),
  refusal: z.string().nullish(),
  reasoning_content: z.unknown().optional(),
  reasoning: z.unknown().optional(),
  tool_calls: z
    .array(
      z.looseObject({
        id: z.string().nullish(),
        function: z.looseObject({ name: z.string(), arguments: argumentsSchema }),
      }),
    )
    .nullish(),
});

export const usageSchema = z
  .looseObject({ prompt_tokens: z.number().nullish(), completion_tokens: z.number().nullish() })
  .nullish();

const completionSchema = z.looseObject({
  model: z.string().nullish(),
  choices: z
    .array(
      z.looseObject({
        finish_reason: z.string().nullish(),
        message: messageSchema,
        logprobs: logprobsSchema,
      }),
    )
    .min(1, 'the response has no choices'),
  usage: usageSchema,
});

export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'unexpected shape';
  const path = issue.path.length > 0 ? issue.path.map(String).join('.') : '(body)';
  return `${path}: ${issue.message}`;
}

/** Tool call arguments: parsed JSON, `{}` for none, the raw string when it is not JSON. */
export function parseToolArguments(raw: string | Record<string, unknown> | null | undefined): unknown {
  if (raw === null || raw === undefined) return {};
  if (typeof raw !== 'string') return raw;
  if (raw.trim() === '') return {};
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

export function reasoningField(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

export function mapLogprobs(
  content: z.infer<typeof tokenLogprobSchema>[] | null | undefined,
): TokenLogprob[] | null {
  if (!content) return null;
  return content.map((entry) => ({
    token: entry.token,
    logprob: entry.logprob,
    top: (entry.top_logprobs ?? []).map((alt) => ({ token: alt.token, logprob: alt.logprob })),
  }));
}

export function mapUsage(usage: z.infer<typeof usageSchema>): Usage | null {
  if (!usage) return null;
  return { inputTokens: usage.prompt_tokens ?? 0, outputTokens: usage.completion_tokens ?? 0 };
}

/**
 * One stop vocabulary. A refusal field wins over the finish reason; tool calls reported with
 * "stop" (some servers do) are still tool calls; an unknown reason is a normal stop that keeps
 * the server's word in `stopDetail`.
 */
export function mapFinishReason(
  finishReason: string | null | undefined,
  refusal: string | null,
  toolCallCount: number,
): { stopReason: StopReason; stopDetail: string | null } {
  if (refusal) return { stopReason: 'refusal', stopDetail: refusal };
  const detail = finishReason ?? null;
  switch (finishReason) {
    case 'length':
      return { stopReason: 'length', stopDetail: detail };
    case 'content_filter':
      return { stopReason: 'content_filter', stopDetail: detail };
    case 'tool_calls':
    case 'function_call':
      return { stopReason: 'tool_calls', stopDetail: detail };
    case 'error':
      return { stopReason: 'error', stopDetail: detail };
    default:
      return { stopReason: toolCallCount > 0 ? 'tool_calls' : 'stop', stopDetail: detail };
  }
}

export interface AnswerParts {
  rawContent: string;
  fieldReasoning: string | null;
  prefill: string;
}

/** Answer and reasoning from the content and the reasoning fields; the prefill starts the answer. */
export function answerAndReasoning(parts: AnswerParts): {
  text: string;
  reasoning: string | null;
  rawText?: string;
} {
  const raw = parts.prefill + parts.rawContent;
  const split = splitThinking(raw);
  const reasoning = joinReasoning([parts.fieldReasoning ?? '', split.reasoning ?? '']);
  return { text: split.answer, reasoning, ...(raw !== split.answer ? { rawText: raw } : {}) };
}

export function parseCompletion(
  raw: unknown,
  context: { requestedModel: string; prefill: string },
): GenerateResult {
  if (raw !== null && typeof raw === 'object' && (raw as { error?: unknown }).error) {
    throw new ErrorInBody({ error: (raw as { error: unknown }).error });
  }
  const parsed = completionSchema.safeParse(raw);
  if (!parsed.success) {
    throw new MalformedResponse(
      typeof raw === 'string'
        ? 'the body is not JSON'
        : `unexpected response shape (${describeIssue(parsed.error)})`,
    );
  }
  const completion = parsed.data;
  const choice = completion.choices[0] as (typeof completion.choices)[number];
  const message = choice.message;
  const toolCalls: ToolCall[] = (message.tool_calls ?? []).map((call, index) => ({
    id: call.id ?? `call_${index}`,
    name: call.function.name,
    input: parseToolArguments(call.function.arguments),
  }));
  const answer = answerAndReasoning({
    rawContent: message.content ?? '',
    fieldReasoning: reasoningField(message.reasoning_content) ?? reasoningField(message.reasoning),
    prefill: context.prefill,
  });
  const stop = mapFinishReason(choice.finish_reason, message.refusal ?? null, toolCalls.length);
  return {
    ...answer,
    toolCalls,
    ...stop,
    usage: mapUsage(completion.usage),
    logprobs: mapLogprobs(choice.logprobs?.content),
    modelId: completion.model ?? context.requestedModel,
    simulated: false,
  };
}
