import { HttpTextClassifier } from '../bench/classifier/http-text-classifier.js';
import { messageText } from '../core/conversation/message.js';
import {
  isConversationSignal,
  isUserSignal,
  type ReadableMessage,
  type SignalFinding,
  type SignalReader,
  type SignalReading,
} from '../core/policy/signals/conversation-signal.js';

/**
 * A signal classifier served over HTTP in the Hugging Face text-classification shape, through
 * the same client (`HttpTextClassifier`: retries with backoff, time-outs, the token kept out of
 * every error, one answer parser) as the bench's refusal classifier and reason judge:
 *
 *   POST URL   {"inputs": ["<text>"]}
 *   200        [{"label": "risk_self", "score": 0.93}, …]   or   [[…]]   or   {"label", "score"}
 *
 * One request per user or assistant message; the text is the message after the one before it
 * (`user: …\nassistant: …`), so a "yes" can be read as an answer. Labels are signal names
 * (`risk_self`, `redirect`, …; case and `-` are forgiven); a label scored at or above `threshold`
 * is a finding; other labels are ignored. A failed or malformed answer is a failed reading, and
 * the policy then honours no ending.
 */
export interface HttpSignalClassifierOptions {
  url: string;
  /** Sent as `Authorization: Bearer …`; never logged. */
  token?: string;
  /** The variable the token came from, named in authentication errors. */
  tokenVariable?: string;
  /** Default 0.5. */
  threshold?: number;
  /** Per attempt; default 15 s. */
  timeoutMs?: number;
  /** Retries of a failed request (default 1: a chat turn waits for the reading). */
  retries?: number;
  fetch?: typeof fetch;
}

/** Readings kept in memory, keyed by the classified text. */
const cacheSize = 2000;

export class HttpSignalClassifier implements SignalReader {
  readonly name: string;
  readonly #threshold: number;
  readonly #classifier: HttpTextClassifier;
  readonly #answers = new Map<string, string>();

  constructor(options: HttpSignalClassifierOptions) {
    this.#threshold = options.threshold ?? 0.5;
    const answers = this.#answers;
    this.#classifier = new HttpTextClassifier({
      url: options.url,
      purpose: 'signal classifier',
      timeoutMs: options.timeoutMs ?? 15_000,
      retries: options.retries ?? 1,
      ...(options.token ? { token: options.token } : {}),
      ...(options.tokenVariable ? { tokenVariable: options.tokenVariable } : {}),
      ...(options.fetch ? { fetch: options.fetch } : {}),
      cache: {
        get: (key) => answers.get(key.toString('hex')),
        put: (key, _kind, _model, value) => {
          if (answers.size >= cacheSize) answers.delete(answers.keys().next().value as string);
          answers.set(key.toString('hex'), value);
        },
      },
    });
    this.name = this.#classifier.endpoint;
  }

  async read(
    path: readonly ReadableMessage[],
    options: { signal?: AbortSignal } = {},
  ): Promise<SignalReading> {
    const findings: SignalFinding[] = [];
    let previous = '';
    for (const [index, message] of path.entries()) {
      if (message.role !== 'user' && message.role !== 'assistant') continue;
      const text = messageText(message).trim();
      if (text === '') continue;
      const input = previous === '' ? `${message.role}: ${text}` : `${previous}\n${message.role}: ${text}`;
      previous = `${message.role}: ${text}`;
      const classified = await this.#classifier.classify(input, options.signal);
      if (classified.kind === 'error') {
        return {
          reader: this.name,
          findings: [],
          failure: { reader: this.name, code: classified.code, message: classified.message },
        };
      }
      for (const { label, score } of classified.labels) {
        const signal = label.trim().toLowerCase().replace(/-/g, '_');
        if (!isConversationSignal(signal) || score < this.#threshold) continue;
        if (isUserSignal(signal) !== (message.role === 'user')) continue;
        findings.push({
          messageIndex: index,
          messageId: message.id ?? null,
          signal,
          quote: text.slice(0, 120),
          source: this.name,
        });
      }
    }
    return { reader: this.name, findings, failure: null };
  }
}
