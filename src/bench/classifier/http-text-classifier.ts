import { createHash } from 'node:crypto';
import { z } from 'zod';
import { BailkitError } from '../../core/errors/bailkit-error.js';
import { RequestAbortedError } from '../../providers/errors/request-aborted-error.js';
import { serverMessage, toProviderError } from '../../providers/errors/to-provider-error.js';
import { createRedactor, safeEndpoint } from '../../providers/redact.js';
import type { ModelAccounting } from '../runner/accounting.js';
import { canonicalJson } from '../runner/cache-key.js';
import { ProviderGate } from '../runner/provider-gate.js';

/**
 * A text classifier served over HTTP in the Hugging Face text-classification style (the
 * Inference API, Inference Endpoints, text-embeddings-inference's `/predict`, or a few lines
 * around a `transformers` pipeline):
 *
 *   POST URL   {"inputs": ["<text>"]}
 *   200        [{"label": "Refusal", "score": 0.97}]                      (top label)
 *          or  [[{"label": "Refusal", "score": 0.97}, {"label": "Non-refusal", "score": 0.03}]]
 *          or  {"label": "Refusal", "score": 0.97}
 *
 * One text per request, so each is cached on its own in the run's response cache. Requests
 * pass a gate of their own (concurrency, retries with backoff, time-outs); the token is sent as
 * `Authorization: Bearer …` and never appears in an error. The refusal judge and the reason
 * judge both classify through this.
 */
export interface HttpTextClassifierOptions {
  url: string;
  /** What the endpoint is for, in gate names and errors (e.g. `refusal classifier`). */
  purpose: string;
  token?: string;
  /** The variable the token came from, named in authentication errors. */
  tokenVariable?: string;
  timeoutMs?: number;
  retries?: number;
  concurrency?: number;
  cache?: ClassifierCache | null;
  /** Where the run counts this endpoint's requests, failures and cache hits. */
  accounting?: ModelAccounting;
  fetch?: typeof fetch;
}

/** The part of the run's response cache a classifier uses. */
export interface ClassifierCache {
  get(key: Buffer): string | undefined;
  put(key: Buffer, kind: string, model: string, value: string): void;
}

export interface LabelScore {
  label: string;
  score: number;
}

export type Classification =
  | { kind: 'labels'; labels: LabelScore[] }
  | { kind: 'error'; code: 'JUDGE_MALFORMED' | 'JUDGE_REQUEST_FAILED'; message: string };

/** A classifier's counts, reported beside the models' usage. */
export interface ClassifierUsage {
  requests: number;
  answered: number;
  failed: number;
  cacheHits: number;
}

const labelScore = z.looseObject({
  label: z.string(),
  score: z
    .number()
    .min(0, 'scores must be probabilities in [0, 1]')
    .max(1, 'scores must be probabilities in [0, 1]'),
});
const responseSchema = z.union([
  z.array(z.array(labelScore).min(1)).min(1),
  z.array(labelScore).min(1),
  labelScore,
]);

class MalformedClassifierAnswer extends Error {}

export class HttpTextClassifier {
  readonly endpoint: string;
  readonly #options: HttpTextClassifierOptions;
  readonly #gate: ProviderGate;
  readonly #fetch: typeof fetch;
  readonly #redact: (text: string) => string;
  readonly #usage: ClassifierUsage = { requests: 0, answered: 0, failed: 0, cacheHits: 0 };

  constructor(options: HttpTextClassifierOptions) {
    this.#options = options;
    this.endpoint = safeEndpoint(options.url);
    this.#gate = new ProviderGate({
      name: `${options.purpose} @ ${this.endpoint}`,
      maxConcurrency: options.concurrency ?? 8,
      retries: options.retries ?? 4,
      timeoutMs: options.timeoutMs ?? 60_000,
      onEvent: (event) => {
        if (event.type === 'failure' && options.accounting) options.accounting.attemptFailures[event.kind]++;
      },
    });
    this.#fetch = options.fetch ?? fetch;
    this.#redact = createRedactor([options.token]);
  }

  usage(): ClassifierUsage {
    return { ...this.#usage };
  }

  /** The labels of one text, from the cache or the endpoint; a failure is returned, never thrown (cancellation is). */
  async classify(text: string, signal?: AbortSignal): Promise<Classification> {
    const cache = this.#options.cache ?? null;
    const key = createHash('sha256')
      .update(canonicalJson({ v: 1, kind: 'classify', endpoint: this.endpoint, inputs: [text] }))
      .digest();
    const stored = cache?.get(key);
    if (stored !== undefined) {
      this.#usage.cacheHits++;
      if (this.#options.accounting) this.#options.accounting.cacheHits++;
      return { kind: 'labels', labels: JSON.parse(stored) as LabelScore[] };
    }
    let labels: LabelScore[];
    try {
      labels = await this.#gate.run((attempt) => this.#post(text, attempt), signal);
      this.#usage.answered++;
      this.#options.accounting?.answer(null);
    } catch (error) {
      if (signal?.aborted || error instanceof RequestAbortedError) throw error;
      this.#usage.failed++;
      if (this.#options.accounting) this.#options.accounting.failed++;
      if (error instanceof MalformedClassifierAnswer) {
        return { kind: 'error', code: 'JUDGE_MALFORMED', message: error.message };
      }
      const message = error instanceof Error ? error.message : String(error);
      const code = error instanceof BailkitError ? ` (${error.code})` : '';
      return { kind: 'error', code: 'JUDGE_REQUEST_FAILED', message: this.#redact(`${message}${code}`) };
    }
    cache?.put(key, 'classify', `classifier @ ${this.endpoint}`, JSON.stringify(labels));
    return { kind: 'labels', labels };
  }

  async #post(text: string, signal: AbortSignal): Promise<LabelScore[]> {
    this.#usage.requests++;
    if (this.#options.accounting) this.#options.accounting.requests++;
    const { token, tokenVariable } = this.#options;
    const context = {
      spec: this.#options.purpose,
      endpoint: this.endpoint,
      keyVariable: tokenVariable ?? null,
      redact: this.#redact,
      attempt: 1,
      timeoutMs: this.#options.timeoutMs ?? 60_000,
      timedOut: false,
      aborted: false,
    };
    let response: Response;
    try {
      response = await this.#fetch(this.#options.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify({ inputs: [text] }),
        signal,
      });
    } catch (error) {
      if (signal.aborted) throw error;
      const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
      throw toProviderError(
        {
          kind: 'connection',
          message: typeof cause?.message === 'string' ? cause.message : String(error),
          code: typeof cause?.code === 'string' ? cause.code : null,
        },
        context,
      );
    }
    const body = await response.text().catch(() => '');
    let json: unknown;
    try {
      json = body === '' ? undefined : JSON.parse(body);
    } catch {
      json = undefined;
    }
    if (!response.ok) {
      throw toProviderError(
        {
          kind: 'http',
          status: response.status,
          headers: response.headers,
          message: serverMessage(json ?? body, `HTTP ${response.status}`, this.#redact),
          body: json ?? body,
        },
        context,
      );
    }
    const parsed = responseSchema.safeParse(json);
    if (!parsed.success) {
      const snippet = this.#redact(body.replace(/\s+/g, ' ').slice(0, 120));
      throw new MalformedClassifierAnswer(
        `the classifier's answer is not a text-classification result (expected [{"label", "score"}] or [[…]]): ${snippet || '(empty body)'}`,
      );
    }
    const value = parsed.data;
    if (!Array.isArray(value)) return [value];
    const first = value[0];
    return Array.isArray(first) ? first : (value as LabelScore[]);
  }
}
