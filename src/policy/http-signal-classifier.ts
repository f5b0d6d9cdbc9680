import { z } from 'zod';
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
 * A signal classifier served over HTTP in the Hugging Face text-classification shape, the same
 * shape the bench's refusal classifier speaks:
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
  /** Default 0.5. */
  threshold?: number;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

const labelScore = z.looseObject({ label: z.string(), score: z.number().min(0).max(1) });
const responseSchema = z.union([z.array(z.array(labelScore)), z.array(labelScore), labelScore]);

export class HttpSignalClassifier implements SignalReader {
  readonly name: string;
  readonly #options: HttpSignalClassifierOptions;
  readonly #cache = new Map<string, { label: string; score: number }[]>();

  constructor(options: HttpSignalClassifierOptions) {
    this.#options = options;
    const url = new URL(options.url);
    this.name = `${url.origin}${url.pathname}`;
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
      let labels: { label: string; score: number }[];
      try {
        labels = await this.#classify(input, options.signal);
      } catch (error) {
        if (options.signal?.aborted) throw error;
        const malformed = error instanceof MalformedAnswer;
        return {
          reader: this.name,
          findings: [],
          failure: {
            reader: this.name,
            code: malformed ? 'JUDGE_MALFORMED' : 'JUDGE_REQUEST_FAILED',
            message: error instanceof Error ? error.message : String(error),
          },
        };
      }
      for (const { label, score } of labels) {
        const signal = label.trim().toLowerCase().replace(/-/g, '_');
        if (!isConversationSignal(signal) || score < (this.#options.threshold ?? 0.5)) continue;
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

  async #classify(
    input: string,
    signal: AbortSignal | undefined,
  ): Promise<{ label: string; score: number }[]> {
    const cached = this.#cache.get(input);
    if (cached) return cached;
    const timeout = AbortSignal.timeout(this.#options.timeoutMs ?? 15_000);
    const response = await (this.#options.fetch ?? fetch)(this.#options.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(this.#options.token ? { authorization: `Bearer ${this.#options.token}` } : {}),
      },
      body: JSON.stringify({ inputs: [input] }),
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
    if (!response.ok) throw new Error(`the classifier answered HTTP ${response.status}`);
    let json: unknown;
    try {
      json = await response.json();
    } catch {
      throw new MalformedAnswer('the classifier did not answer JSON');
    }
    const parsed = responseSchema.safeParse(json);
    if (!parsed.success)
      throw new MalformedAnswer('the classifier answered something other than label scores');
    const labels = Array.isArray(parsed.data) ? parsed.data.flat() : [parsed.data];
    this.#cache.set(input, labels);
    return labels;
  }
}

class MalformedAnswer extends Error {}
