import { z } from 'zod';
import type { GenerateResult, StreamEvent, TokenLogprob, ToolCall, Usage } from '../../core/model.js';
import { ThinkTagSplitter } from '../../core/thinking.js';
import type { PartialOutput } from '../errors/provider-error.js';
import { MalformedResponse } from '../errors/transport-failure.js';
import type { StreamAssembler } from '../provider-runtime.js';
import {
  answerAndReasoning,
  describeIssue,
  logprobsSchema,
  mapFinishReason,
  mapLogprobs,
  mapUsage,
  parseToolArguments,
  reasoningField,
  usageSchema,
} from './openai-response.js';

const chunkSchema = z.looseObject({
  model: z.string().nullish(),
  choices: z
    .array(
      z.looseObject({
        index: z.number().nullish(),
        delta: z
          .looseObject({
            content: z.string().nullish(),
            refusal: z.string().nullish(),
            reasoning_content: z.unknown().optional(),
            reasoning: z.unknown().optional(),
            tool_calls: z
              .array(
                z.looseObject({
                  index: z.number().nullish(),
                  id: z.string().nullish(),
                  function: z
                    .looseObject({
                      name: z.string().nullish(),
                      arguments: z.union([z.string(), z.record(z.string(), z.unknown())]).nullish(),
                    })
                    .nullish(),
                }),
              )
              .nullish(),
          })
          .nullish(),
        finish_reason: z.string().nullish(),
        logprobs: logprobsSchema,
      }),
    )
    .nullish(),
  usage: usageSchema,
});

interface PendingToolCall {
  id: string | null;
  name: string;
  arguments: string;
  objectArguments: Record<string, unknown> | null;
}

/**
 * Builds one result from Chat Completions chunks: text and reasoning deltas as they come
 * (think tags split on the fly), tool calls assembled from their argument fragments by index,
 * usage from the final chunk. The finish result is computed from the whole text.
 */
export class OpenAIStreamAssembler implements StreamAssembler {
  #splitter = new ThinkTagSplitter();
  #rawContent = '';
  #fieldReasoning = '';
  #refusal = '';
  #toolCalls = new Map<number, PendingToolCall>();
  #logprobs: TokenLogprob[] = [];
  #sawLogprobs = false;
  #finishReason: string | null = null;
  #usage: Usage | null = null;
  #model: string | null = null;
  #streamedText = '';
  #streamedReasoning = '';
  readonly #prefill: string;
  readonly #requestedModel: string;
  #started = false;

  constructor(context: { prefill: string; requestedModel: string }) {
    this.#prefill = context.prefill;
    this.#requestedModel = context.requestedModel;
  }

  push(raw: unknown): StreamEvent[] {
    const parsed = chunkSchema.safeParse(raw);
    if (!parsed.success)
      throw new MalformedResponse(`unexpected stream chunk (${describeIssue(parsed.error)})`);
    const chunk = parsed.data;
    const events: StreamEvent[] = [];
    if (!this.#started) {
      this.#started = true;
      if (this.#prefill) this.#text(this.#prefill, events);
    }
    if (chunk.model) this.#model = chunk.model;
    if (chunk.usage) this.#usage = mapUsage(chunk.usage);
    for (const choice of chunk.choices ?? []) {
      if ((choice.index ?? 0) !== 0) continue;
      const delta = choice.delta;
      if (delta) {
        const reasoning = reasoningField(delta.reasoning_content) ?? reasoningField(delta.reasoning);
        if (reasoning) {
          this.#fieldReasoning += reasoning;
          this.#streamedReasoning += reasoning;
          events.push({ type: 'reasoning-delta', text: reasoning });
        }
        if (delta.content) {
          this.#rawContent += delta.content;
          this.#text(delta.content, events);
        }
        if (delta.refusal) this.#refusal += delta.refusal;
        for (const [position, call] of (delta.tool_calls ?? []).entries()) this.#toolCall(call, position);
      }
      if (choice.logprobs?.content) {
        this.#sawLogprobs = true;
        this.#logprobs.push(...(mapLogprobs(choice.logprobs.content) ?? []));
      }
      if (choice.finish_reason) this.#finishReason = choice.finish_reason;
    }
    return events;
  }

  /** What the caller has seen so far, kept when the stream fails. */
  partial(): PartialOutput {
    return { text: this.#streamedText, reasoning: this.#streamedReasoning };
  }

  /** The assembled result; throws when the stream ended before the model finished. */
  finish(): { events: StreamEvent[]; result: GenerateResult } {
    const events: StreamEvent[] = [];
    for (const segment of this.#splitter.flush()) this.#segment(segment, events);
    if (this.#finishReason === null) {
      throw new MalformedResponse('the stream ended before the model finished (no finish_reason)');
    }
    const toolCalls: ToolCall[] = [...this.#toolCalls.entries()]
      .sort(([a], [b]) => a - b)
      .map(([index, call]) => ({
        id: call.id ?? `call_${index}`,
        name: call.name,
        input: call.objectArguments ?? parseToolArguments(call.arguments),
      }));
    for (const toolCall of toolCalls) events.push({ type: 'tool-call', toolCall });
    const answer = answerAndReasoning({
      rawContent: this.#rawContent,
      fieldReasoning: this.#fieldReasoning || null,
      prefill: this.#prefill,
    });
    const result: GenerateResult = {
      ...answer,
      toolCalls,
      ...mapFinishReason(this.#finishReason, this.#refusal || null, toolCalls.length),
      usage: this.#usage,
      logprobs: this.#sawLogprobs ? this.#logprobs : null,
      modelId: this.#model ?? this.#requestedModel,
      simulated: false,
    };
    return { events, result };
  }

  #text(piece: string, events: StreamEvent[]): void {
    for (const segment of this.#splitter.push(piece)) this.#segment(segment, events);
  }

  #segment(segment: { type: 'text' | 'reasoning'; text: string }, events: StreamEvent[]): void {
    if (segment.type === 'text') {
      this.#streamedText += segment.text;
      events.push({ type: 'text-delta', text: segment.text });
    } else {
      this.#streamedReasoning += segment.text;
      events.push({ type: 'reasoning-delta', text: segment.text });
    }
  }

  #toolCall(
    call: {
      index?: number | null | undefined;
      id?: string | null | undefined;
      function?: { name?: string | null | undefined; arguments?: unknown } | null | undefined;
    },
    position: number,
  ): void {
    const index = call.index ?? position;
    let pending = this.#toolCalls.get(index);
    if (!pending) {
      pending = { id: null, name: '', arguments: '', objectArguments: null };
      this.#toolCalls.set(index, pending);
    }
    if (call.id) pending.id = call.id;
    // Names come whole in the first fragment; some servers repeat them in later ones.
    if (call.function?.name && pending.name === '') pending.name = call.function.name;
    const args = call.function?.arguments;
    if (typeof args === 'string') pending.arguments += args;
    else if (args !== null && typeof args === 'object')
      pending.objectArguments = args as Record<string, unknown>;
  }
}
