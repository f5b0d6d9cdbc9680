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
import { type CacheKind, cacheKey, requestIdentity } from './cache-key.js';
import type { ResponseCache } from './response-cache.js';

/** Shared by a model and all its scoped views: the cache and the requests in flight. */
interface CacheState {
  cache: ResponseCache | null;
  identity: string;
  inflight: Map<string, Promise<unknown>>;
  onHit: () => void;
}

/**
 * A caching wrapper around `LanguageModel.generate` (and `nextTokenDistribution`): a request
 * whose content address is in the cache is answered from it; one that is already in flight is
 * joined rather than sent twice. Everything that calls `generate` through it (the bail probe's
 * two calls, a refusal judge's calls) is cached the same way.
 *
 * `scoped(scope)` gives a view whose keys also hold `scope` (e.g. `{ sample: 3 }`), so repeated
 * samples of the same request stay independent, and which records the answers it returned (the
 * runner reads them to keep a partial answer and to add up tokens). Failed requests are never
 * stored, nor are answers whose stop reason is `error`.
 */
export class CachedModel implements LanguageModel {
  readonly spec: string;
  readonly provider: string;
  readonly modelId: string;
  readonly capabilities: ModelCapabilities;
  readonly simulated: boolean;
  readonly nextTokenDistribution?: (
    request: GenerateRequest,
    options?: NextTokenOptions,
  ) => Promise<TokenAlternative[]>;
  /** The model's own token count, when it has one (not cached: it asks no provider). */
  readonly countTokens?: (request: GenerateRequest) => Promise<number>;
  /** Answers returned by this view, in order. */
  readonly answers: GenerateResult[] = [];
  /** How many of them came from the cache or from a request another view had in flight. */
  reused = 0;

  constructor(
    readonly inner: LanguageModel,
    private readonly state: CacheState,
    readonly scope: Readonly<Record<string, string | number>> = {},
  ) {
    this.spec = inner.spec;
    this.provider = inner.provider;
    this.modelId = inner.modelId;
    this.capabilities = inner.capabilities;
    this.simulated = inner.simulated;
    const count = inner.countTokens?.bind(inner);
    if (count) this.countTokens = count;
    const next = inner.nextTokenDistribution?.bind(inner);
    if (next) {
      this.nextTokenDistribution = (request, options = {}) => {
        const identity = {
          ...requestIdentity(request, this.simulated),
          candidates: options.candidates ?? [],
        };
        return this.#cached(
          'next-token',
          identity,
          () => next(request, options),
          () => true,
        );
      };
    }
  }

  /**
   * A model with a cache. `identity` names the model and endpoint in the keys (e.g.
   * `openai:gpt-4o @ https://api.openai.com/v1`); pass `cache: null` to only join identical
   * requests in flight.
   */
  static wrap(
    inner: LanguageModel,
    cache: ResponseCache | null,
    identity: string,
    onHit: () => void = () => {},
  ): CachedModel {
    return new CachedModel(inner, { cache, identity, inflight: new Map(), onHit });
  }

  /** A view whose cache keys also hold `scope`; it shares the cache and the requests in flight. */
  scoped(scope: Readonly<Record<string, string | number>>): CachedModel {
    return new CachedModel(this.inner, this.state, { ...this.scope, ...scope });
  }

  async generate(request: GenerateRequest, options: CallOptions = {}): Promise<GenerateResult> {
    const result = await this.#cached(
      'generate',
      requestIdentity(request, this.simulated),
      () => this.inner.generate(request, options),
      (answer) => answer.stopReason !== 'error',
    );
    this.answers.push(result);
    return result;
  }

  async #cached<T>(
    kind: CacheKind,
    identity: Record<string, unknown>,
    call: () => Promise<T>,
    storable: (value: T) => boolean,
  ): Promise<T> {
    const { cache, inflight } = this.state;
    const key = cacheKey(kind, this.state.identity, identity, this.scope);
    const id = key.toString('base64');
    const stored = cache?.get(key);
    if (stored !== undefined) {
      this.reused++;
      this.state.onHit();
      return JSON.parse(stored) as T;
    }
    const pending = inflight.get(id) as Promise<T> | undefined;
    if (pending) {
      const value = await pending;
      this.reused++;
      this.state.onHit();
      return value;
    }
    const promise = call().then((value) => {
      if (cache && storable(value)) cache.put(key, kind, this.state.identity, JSON.stringify(value));
      return value;
    });
    inflight.set(id, promise);
    try {
      return await promise;
    } finally {
      inflight.delete(id);
    }
  }

  stream(request: GenerateRequest, options?: CallOptions): AsyncIterable<StreamEvent> {
    return this.inner.stream(request, options);
  }

  close(): Promise<void> {
    return this.inner.close?.() ?? Promise.resolve();
  }
}
