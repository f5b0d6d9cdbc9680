import { randomUUID } from 'node:crypto';
import type {
  ChatHistoryItem,
  ChatModelFunctions,
  ChatWrapper,
  LlamaChatResponse,
  LlamaChatResponseChunk,
  LlamaContext,
  LlamaModel,
  Token,
} from 'node-llama-cpp';
import type {
  CallOptions,
  GenerateRequest,
  GenerateResult,
  LanguageModel,
  ModelCapabilities,
  NextTokenOptions,
  StopReason,
  StreamEvent,
  TokenAlternative,
  ToolCall,
} from '../../core/model.js';
import { joinReasoning, splitThinking, ThinkTagSplitter } from '../../core/thinking.js';
import { checkRequest } from '../check-request.js';
import { RequestAbortedError } from '../errors/request-aborted-error.js';
import { candidateDistribution } from './candidate-distribution.js';
import { toChatHistory } from './chat-history.js';
import { EventQueue } from './event-queue.js';
import type { NodeLlamaCpp } from './llama-runtime.js';
import { LocalModelError } from './local-model-error.js';
import { extractPrintedToolCalls, PrintedToolCallFilter } from './printed-tool-calls.js';
import { scoreContinuation } from './sequence-scoring.js';

export interface LocalModelParts {
  spec: string;
  modelId: string;
  path: string;
  model: LlamaModel;
  context: LlamaContext;
  chatWrapper: ChatWrapper;
  /** False when the model's template has no tool syntax: tools then go in the printed form. */
  templateHasTools: boolean;
  module: NodeLlamaCpp;
}

const maxTopAlternatives = 20;

/**
 * A GGUF model running in this process. Requests are served one at a time on one context
 * sequence (a second request waits for the first); the cached prefix of the previous request is
 * reused, so a check that repeats a conversation costs only its new tokens.
 *
 * Sampling is plain temperature sampling over the whole distribution (no top-k, top-p or repeat
 * penalty), like the defaults of hosted APIs and vLLM, so that sampled answers and exact
 * probabilities describe the same distribution. Temperature defaults to 1; 0 is greedy.
 */
export class LocalLanguageModel implements LanguageModel {
  readonly provider = 'local';
  readonly simulated = false;
  readonly spec: string;
  readonly modelId: string;
  readonly capabilities: ModelCapabilities = {
    tools: true,
    logprobs: true,
    assistantPrefill: true,
    reasoning: true,
    streaming: true,
    nextTokenProbabilities: true,
  };
  /** Where the GGUF file is, the chat wrapper node-llama-cpp chose, and the context window. */
  readonly info: { path: string; chatWrapper: string; contextSize: number };

  readonly #parts: LocalModelParts;
  readonly #sequence;
  readonly #chat;
  #queue: Promise<unknown> = Promise.resolve();
  #closed = false;

  constructor(parts: LocalModelParts) {
    this.#parts = parts;
    this.spec = parts.spec;
    this.modelId = parts.modelId;
    this.#sequence = parts.context.getSequence();
    this.#chat = new parts.module.LlamaChat({
      contextSequence: this.#sequence,
      chatWrapper: parts.chatWrapper,
    });
    this.info = {
      path: parts.path,
      chatWrapper: parts.chatWrapper.wrapperName,
      contextSize: parts.context.contextSize,
    };
  }

  /** The prompt as the model sees it, in tokens (the template applied). */
  promptTokens(history: ChatHistoryItem[], functions: ChatModelFunctions | undefined): Token[] {
    const state = this.#parts.chatWrapper.generateContextState({
      chatHistory: history,
      ...(functions ? { availableFunctions: functions } : {}),
      documentFunctionParams: true,
    });
    return state.contextText.tokenize(this.#parts.model.tokenizer);
  }

  async countTokens(request: GenerateRequest): Promise<number> {
    const { history, functions } = toChatHistory(request);
    return this.promptTokens(history, functions).length;
  }

  /** The rendered prompt as text (special tokens shown), for inspection and tests. */
  renderPrompt(request: GenerateRequest): string {
    const { history, functions } = toChatHistory(request, { printedTools: !this.#parts.templateHasTools });
    return this.#parts.model.detokenize(this.promptTokens(history, functions), true);
  }

  async generate(request: GenerateRequest, options: CallOptions = {}): Promise<GenerateResult> {
    return this.#run(request, options.signal, () => {});
  }

  async *stream(request: GenerateRequest, options: CallOptions = {}): AsyncIterable<StreamEvent> {
    const queue = new EventQueue<StreamEvent>();
    const controller = new AbortController();
    const forward = (): void => controller.abort(options.signal?.reason);
    if (options.signal?.aborted) forward();
    else options.signal?.addEventListener('abort', forward, { once: true });
    let finished = false;
    const running = this.#run(request, controller.signal, (event) => queue.push(event)).then(
      (result) => {
        finished = true;
        queue.push({ type: 'finish', result });
        queue.end();
      },
      (error: unknown) => {
        finished = true;
        queue.fail(error);
      },
    );
    try {
      yield* queue;
    } finally {
      options.signal?.removeEventListener('abort', forward);
      // A consumer that stops reading ends the generation.
      if (!finished) controller.abort(new Error('stream closed by the consumer'));
      await running;
    }
  }

  async nextTokenDistribution(
    request: GenerateRequest,
    options: NextTokenOptions = {},
  ): Promise<TokenAlternative[]> {
    checkRequest(request, this.spec, this.capabilities, { maxTopAlternatives });
    const { history, functions } = toChatHistory(request, { printedTools: !this.#parts.templateHasTools });
    return this.#exclusive(options.signal, async () => {
      const prompt = this.promptTokens(history, functions);
      this.#checkFits(prompt.length, 8);
      return candidateDistribution(
        this.#sequence,
        this.#parts.model,
        prompt,
        options.candidates ?? [],
        request.logprobs?.topAlternatives ?? 20,
        options.signal,
      );
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#queue.catch(() => {});
    this.#chat.dispose();
    await this.#parts.context.dispose();
    await this.#parts.model.dispose();
  }

  /** Runs `task` after every earlier request, one at a time. */
  #exclusive<T>(signal: AbortSignal | undefined, task: () => Promise<T>): Promise<T> {
    if (this.#closed) {
      return Promise.reject(
        new LocalModelError('GENERATION_FAILED', `${this.spec} is closed.`, { details: { spec: this.spec } }),
      );
    }
    const run = this.#queue
      .catch(() => {})
      .then(() => {
        if (signal?.aborted) throw this.#aborted(null);
        return task();
      });
    this.#queue = run;
    return run;
  }

  #aborted(partial: { text: string; reasoning: string } | null): RequestAbortedError {
    return new RequestAbortedError(`${this.spec}: the request was cancelled by the caller.`, {
      partial,
      details: { spec: this.spec },
    });
  }

  #checkFits(promptLength: number, room: number): void {
    const size = this.info.contextSize;
    if (promptLength + room > size) {
      throw new LocalModelError(
        'CONTEXT_TOO_LONG',
        `${this.spec}: the conversation takes ${promptLength} tokens and the context window holds ${size}; nothing was generated. Shorten the conversation or open the model with a larger contextSize.`,
        { details: { spec: this.spec, promptTokens: promptLength, contextSize: size } },
      );
    }
  }

  #run(
    request: GenerateRequest,
    signal: AbortSignal | undefined,
    emit: (event: StreamEvent) => void,
  ): Promise<GenerateResult> {
    checkRequest(request, this.spec, this.capabilities, { maxTopAlternatives });
    const { history, functions } = toChatHistory(request, { printedTools: !this.#parts.templateHasTools });
    return this.#exclusive(signal, () => this.#generate(request, history, functions, signal, emit));
  }

  async #generate(
    request: GenerateRequest,
    history: ChatHistoryItem[],
    functions: ChatModelFunctions | undefined,
    signal: AbortSignal | undefined,
    emit: (event: StreamEvent) => void,
  ): Promise<GenerateResult> {
    const prompt = this.promptTokens(history, functions);
    this.#checkFits(prompt.length, 1);
    const room = this.info.contextSize - prompt.length;
    const maxTokens = Math.min(request.maxTokens ?? room, room);
    const toolNames = new Set((request.tools ?? []).map((tool) => tool.name));

    const splitter = new ThinkTagSplitter();
    const filter = new PrintedToolCallFilter(toolNames);
    const segments: string[] = [];
    let raw = '';
    // The answer as printed, thought segments in `<think>` tags where they stood (rawText).
    let printedRaw = '';
    let streamedReasoning = '';
    let lastSurfaced: Token | undefined;
    let surfaced = 0;
    const emitText = (piece: string): void => {
      for (const segment of splitter.push(piece)) {
        if (segment.type === 'reasoning') {
          streamedReasoning += segment.text;
          emit({ type: 'reasoning-delta', text: segment.text });
        } else {
          const shown = filter.push(segment.text);
          if (shown !== '') emit({ type: 'text-delta', text: shown });
        }
      }
    };
    const onResponseChunk = (chunk: LlamaChatResponseChunk): void => {
      surfaced += chunk.tokens.length;
      if (chunk.tokens.length > 0) lastSurfaced = chunk.tokens.at(-1);
      if (chunk.type === 'segment') {
        if (chunk.segmentStartTime !== undefined || segments.length === 0) segments.push('');
        segments[segments.length - 1] += chunk.text;
        if (chunk.segmentType === 'thought') {
          if (chunk.segmentStartTime !== undefined) printedRaw += '<think>';
          printedRaw += chunk.text;
          if (chunk.segmentEndTime !== undefined) printedRaw += '</think>';
        }
        if (chunk.text !== '') emit({ type: 'reasoning-delta', text: chunk.text });
        return;
      }
      raw += chunk.text;
      printedRaw += chunk.text;
      emitText(chunk.text);
    };

    const prefill = request.prefill ?? '';
    raw = prefill;
    printedRaw = prefill;
    if (prefill !== '') emitText(prefill);
    const temperature = request.temperature ?? 1;
    const meter = this.#sequence.tokenMeter.getState();
    let response: LlamaChatResponse<ChatModelFunctions>;
    try {
      response = await this.#chat.generateResponse(history, {
        maxTokens,
        temperature,
        ...(request.seed !== undefined ? { seed: request.seed } : {}),
        topK: 0,
        topP: 1,
        minP: 0,
        repeatPenalty: false,
        budgets: { thoughtTokens: Number.POSITIVE_INFINITY },
        ...(functions ? { functions, documentFunctionParams: true } : {}),
        ...(signal ? { signal } : {}),
        onResponseChunk,
      });
    } catch (error) {
      const partial = { text: raw, reasoning: joinReasoning([...segments, streamedReasoning]) ?? '' };
      if (signal?.aborted) throw this.#aborted(partial);
      throw new LocalModelError(
        'GENERATION_FAILED',
        `${this.spec}: generation failed: ${error instanceof Error ? error.message : String(error)}.`,
        { details: { spec: this.spec }, cause: error },
      );
    }
    for (const segment of splitter.flush()) {
      if (segment.type === 'text') {
        const shown = filter.push(segment.text);
        if (shown !== '') emit({ type: 'text-delta', text: shown });
      } else emit({ type: 'reasoning-delta', text: segment.text });
    }
    const rest = filter.flush();
    if (rest !== '') emit({ type: 'text-delta', text: rest });

    const split = splitThinking(raw);
    const printed = extractPrintedToolCalls(split.answer, toolNames);
    const toolCalls: ToolCall[] = [
      ...(response.functionCalls ?? []).map((call) => ({
        id: callId(),
        name: call.functionName,
        input: call.params ?? {},
      })),
      ...printed.calls.map((call) => ({ id: callId(), name: call.name, input: call.input })),
    ];
    for (const toolCall of toolCalls) emit({ type: 'tool-call', toolCall });

    const nativeStop = response.metadata.stopReason;
    let stopReason: StopReason =
      nativeStop === 'maxTokens' ? 'length' : nativeStop === 'functionCalls' ? 'tool_calls' : 'stop';
    if (stopReason === 'stop' && toolCalls.length > 0) stopReason = 'tool_calls';
    const contextFull = nativeStop === 'maxTokens' && maxTokens === room && request.maxTokens !== maxTokens;

    const generated = this.#generatedTokens(
      prompt,
      nativeStop === 'maxTokens' ? { token: lastSurfaced, surfaced } : null,
    );
    const outputTokens = this.#sequence.tokenMeter.diff(meter).usedOutputTokens;
    let logprobs: GenerateResult['logprobs'] = null;
    if (request.logprobs && generated !== null) {
      logprobs = await scoreContinuation(
        this.#sequence,
        this.#parts.model,
        prompt,
        generated,
        request.logprobs.topAlternatives,
      );
    }
    return {
      text: printed.text,
      ...(printedRaw !== printed.text ? { rawText: printedRaw } : {}),
      reasoning: joinReasoning([...segments, split.reasoning ?? '']),
      toolCalls,
      stopReason,
      stopDetail: contextFull
        ? `${nativeStop} (context window of ${this.info.contextSize} tokens full)`
        : nativeStop,
      usage: { inputTokens: prompt.length, outputTokens },
      logprobs,
      modelId: this.modelId,
      simulated: false,
    };
  }

  /**
   * The tokens the model generated in the last request, for log-probabilities: what the sequence
   * holds after the prompt, plus, when generation stopped at the token limit, the last token
   * shown in the answer (the last sampled token is never evaluated, so the sequence lacks it).
   * A stop token is not part of the answer and is left out; so is a final token that was only a
   * piece of a character when the limit hit (node-llama-cpp drops it from the text). `null` if
   * the sequence does not start with the prompt, which would make positions unreliable.
   */
  #generatedTokens(
    prompt: readonly Token[],
    atLimit: { token: Token | undefined; surfaced: number } | null,
  ): Token[] | null {
    const held = this.#sequence.contextTokens;
    for (let index = 0; index < prompt.length; index++) if (held[index] !== prompt[index]) return null;
    const generated = held.slice(prompt.length);
    if (atLimit?.token !== undefined && atLimit.surfaced === generated.length + 1)
      generated.push(atLimit.token);
    return generated;
  }
}

function callId(): string {
  return `call_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
}
