import type {
  CallOptions,
  GenerateRequest,
  GenerateResult,
  LanguageModel,
  ModelCapabilities,
  StreamEvent,
} from '../../core/model.js';

export interface BenchChatModelOptions {
  /** The sample's seed: the chat engine sends none, the bench seeds every request. */
  seed: number;
  /** For simulated models: the persona's category and id. */
  hints: NonNullable<GenerateRequest['hints']>;
  /** The run's signal (the chat engine's own turn signal is never aborted in a bench run). */
  signal: AbortSignal;
}

/**
 * The model under test as the chat engine sees it. The engine streams its turns; here each
 * stream is answered by one `generate` request through the run's model, so the turns of a
 * dialogue are cached, gated, retried, counted and seeded like every other bench request, and
 * replayed to the engine as a stream. A request that finally failed is kept in `failure`: the
 * engine records it as a `generation_failed` ending, the mode turns it back into the failed
 * sample it is.
 */
export class BenchChatModel implements LanguageModel {
  readonly spec: string;
  readonly provider: string;
  readonly modelId: string;
  readonly capabilities: ModelCapabilities;
  readonly simulated: boolean;
  /** The first request that threw, if any. */
  failure: unknown = null;

  constructor(
    private readonly model: LanguageModel,
    private readonly options: BenchChatModelOptions,
  ) {
    this.spec = model.spec;
    this.provider = model.provider;
    this.modelId = model.modelId;
    this.capabilities = model.capabilities;
    this.simulated = model.simulated;
  }

  generate(request: GenerateRequest, _options?: CallOptions): Promise<GenerateResult> {
    return this.model.generate(
      { ...request, seed: this.options.seed, hints: this.options.hints },
      { signal: this.options.signal },
    );
  }

  async *stream(request: GenerateRequest, options?: CallOptions): AsyncIterable<StreamEvent> {
    let result: GenerateResult;
    try {
      result = await this.generate(request, options);
    } catch (error) {
      this.failure ??= error;
      throw error;
    }
    if (result.reasoning) yield { type: 'reasoning-delta', text: result.reasoning };
    if (result.text !== '') yield { type: 'text-delta', text: result.text };
    for (const toolCall of result.toolCalls) yield { type: 'tool-call', toolCall };
    yield { type: 'finish', result };
  }
}
