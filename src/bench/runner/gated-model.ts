import type {
  CallOptions,
  GenerateRequest,
  GenerateResult,
  LanguageModel,
  ModelCapabilities,
  NextTokenOptions,
  StreamEvent,
  TokenAlternative,
} from '../../core/model.js';
import type { ModelAccounting } from './accounting.js';
import { failureKind, type ProviderGate, RunCancelledError } from './provider-gate.js';

/**
 * A model whose requests pass through its provider's gate (concurrency, time-outs, retries) and
 * are counted: attempts, failures by kind, tokens. Streams are not gated (the runner does not
 * stream).
 */
export class GatedModel implements LanguageModel {
  readonly spec: string;
  readonly provider: string;
  readonly modelId: string;
  readonly capabilities: ModelCapabilities;
  readonly simulated: boolean;
  readonly nextTokenDistribution?: (
    request: GenerateRequest,
    options?: NextTokenOptions,
  ) => Promise<TokenAlternative[]>;
  /** The model's own token count (no request: neither gated nor counted). */
  readonly countTokens?: (request: GenerateRequest) => Promise<number>;

  constructor(
    readonly inner: LanguageModel,
    readonly gate: ProviderGate,
    readonly accounting: ModelAccounting,
    /** True once the server behind the model said it is simulated; its answers are then marked so (and cached so). */
    private readonly serverSimulated: () => boolean = () => false,
  ) {
    this.spec = inner.spec;
    this.provider = inner.provider;
    this.modelId = inner.modelId;
    this.capabilities = inner.capabilities;
    this.simulated = inner.simulated;
    const next = inner.nextTokenDistribution?.bind(inner);
    if (next) {
      this.nextTokenDistribution = (request, options = {}) =>
        this.#run((signal) => next(request, { ...options, signal }), options.signal, null);
    }
    const count = inner.countTokens?.bind(inner);
    if (count) this.countTokens = count;
  }

  async generate(request: GenerateRequest, options: CallOptions = {}): Promise<GenerateResult> {
    const result = await this.#run(
      (signal) => this.inner.generate(request, { signal }),
      options.signal,
      (answer) => answer.usage,
    );
    return result.simulated || !this.serverSimulated() ? result : { ...result, simulated: true };
  }

  async #run<T>(
    call: (signal: AbortSignal) => Promise<T>,
    signal: AbortSignal | undefined,
    usage: ((value: T) => GenerateResult['usage']) | null,
  ): Promise<T> {
    const accounting = this.accounting;
    try {
      const value = await this.gate.run(async (attemptSignal) => {
        accounting.requests++;
        try {
          return await call(attemptSignal);
        } catch (error) {
          if (!signal?.aborted) accounting.attemptFailures[failureKind(error)]++;
          throw error;
        }
      }, signal);
      accounting.answer(usage ? usage(value) : { inputTokens: 0, outputTokens: 0 });
      return value;
    } catch (error) {
      if (!(error instanceof RunCancelledError) && !signal?.aborted) accounting.failed++;
      throw error;
    }
  }

  stream(request: GenerateRequest, options?: CallOptions): AsyncIterable<StreamEvent> {
    return this.inner.stream(request, options);
  }

  close(): Promise<void> {
    return this.inner.close?.() ?? Promise.resolve();
  }
}
