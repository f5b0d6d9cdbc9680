import type { Message } from './conversation/message.js';

/**
 * The one model interface every provider implements (OpenAI-compatible servers, Anthropic,
 * local GGUF, simulated). Providers translate to and from their wire format; nothing above this
 * layer knows which provider it talks to.
 */

/** How a generation stopped, in one vocabulary for every provider. */
export const stopReasons = ['stop', 'length', 'tool_calls', 'content_filter', 'refusal', 'error'] as const;
export type StopReason = (typeof stopReasons)[number];

/** A function the model may call. `parameters` is a JSON Schema object. */
export interface ToolDefinition {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
}

export interface GenerateRequest {
  /** Conversation so far. System messages here are merged into `system` by providers that need it. */
  messages: Message[];
  system?: string;
  tools?: ToolDefinition[];
  temperature?: number;
  maxTokens?: number;
  seed?: number;
  /** Ask for log-probabilities of the generated tokens with this many alternatives each. */
  logprobs?: { topAlternatives: number };
  /**
   * Text the assistant's answer must start with (assistant prefill). Only for models whose
   * `capabilities.assistantPrefill` is true; the returned `text` includes the prefill.
   */
  prefill?: string;
  /**
   * For simulated models only; real providers never send it. The dataset category and prompt
   * id of the item being asked, so a simulated model can apply its per-category ground truth.
   */
  hints?: { category?: string; promptId?: string };
}

export interface TokenAlternative {
  token: string;
  logprob: number;
}
export interface TokenLogprob {
  token: string;
  logprob: number;
  /** The most likely tokens at this position, the chosen one among them when it ranks. */
  top: TokenAlternative[];
}

export interface Usage {
  inputTokens: number;
  outputTokens: number;
}

export interface ToolCall {
  id: string;
  name: string;
  /** Parsed arguments; `{}` for a call without arguments; the raw string when it is not JSON. */
  input: unknown;
}

export interface GenerateResult {
  /** The answer, reasoning removed. */
  text: string;
  /**
   * The answer as the model printed it, `<think>` tags, thoughts and printed tool calls
   * included (the prefill too), when that differs from `text`. Only parsers of raw output read
   * it (the `study` detection profile); absent when there was nothing to split out.
   */
  rawText?: string;
  /** Reasoning text from reasoning fields, thinking blocks or `<think>` tags; `null` if none. */
  reasoning: string | null;
  toolCalls: ToolCall[];
  stopReason: StopReason;
  /** The provider's own words for the stop (its finish reason, a refusal message). */
  stopDetail: string | null;
  usage: Usage | null;
  /** Per generated token, when requested and supported. */
  logprobs: TokenLogprob[] | null;
  /** Model that actually answered, as the provider reports it. */
  modelId: string;
  /** True when no real model produced this. */
  simulated: boolean;
}

/** Streaming: deltas as they come, then one `finish` with the full result. */
export type StreamEvent =
  | { type: 'text-delta'; text: string }
  | { type: 'reasoning-delta'; text: string }
  | { type: 'tool-call'; toolCall: ToolCall }
  | { type: 'finish'; result: GenerateResult };

export interface CallOptions {
  signal?: AbortSignal;
}

/** Options of `LanguageModel.nextTokenDistribution`. */
export interface NextTokenOptions extends CallOptions {
  /**
   * Texts whose probability of coming next is wanted whole, e.g. `['🔄', '🟢']`. A text the
   * tokenizer splits into several tokens gets the product of the conditional probabilities of
   * its tokens (its tokenization as a text on its own; other ways of spelling the same text
   * with different tokens are not counted, so the figure is a lower bound).
   */
  candidates?: readonly string[];
}

export interface ModelCapabilities {
  tools: boolean;
  logprobs: boolean;
  assistantPrefill: boolean;
  reasoning: boolean;
  streaming: boolean;
  /** Exact next-token probabilities after a given prefix (exact probability mode). */
  nextTokenProbabilities: boolean;
}

export interface LanguageModel {
  /** The spec it was made from, e.g. `openai:gpt-4o-mini`; safe to log (never holds a key). */
  readonly spec: string;
  readonly provider: string;
  readonly modelId: string;
  readonly capabilities: ModelCapabilities;
  readonly simulated: boolean;
  generate(request: GenerateRequest, options?: CallOptions): Promise<GenerateResult>;
  stream(request: GenerateRequest, options?: CallOptions): AsyncIterable<StreamEvent>;
  /**
   * Exact probability mode (models whose `capabilities.nextTokenProbabilities` is true): the
   * distribution of what comes right after the conversation and `request.prefill`, read from the
   * model's own distribution (temperature 1, no truncation) without sampling. Returns the
   * `request.logprobs.topAlternatives` (default 20) most likely next tokens and one entry per
   * candidate (see `NextTokenOptions.candidates`), together sorted most likely first.
   */
  nextTokenDistribution?(request: GenerateRequest, options?: NextTokenOptions): Promise<TokenAlternative[]>;
  /**
   * Input tokens of a request exactly as this model reads it: its chat template (tools
   * included) and its tokenizer. Offered only by models whose tokenizer is at hand (local
   * GGUF); others leave it out and callers estimate.
   */
  countTokens?(request: GenerateRequest): Promise<number>;
  /** Releases sockets, model memory, worker threads. Safe to call twice. */
  close?(): Promise<void>;
}
