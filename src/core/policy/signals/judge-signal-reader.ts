import { z } from 'zod';
import { messageText } from '../../conversation/message.js';
import type { LanguageModel } from '../../model.js';
import {
  type ConversationSignal,
  conversationSignals,
  isUserSignal,
  type ReadableMessage,
  type SignalFinding,
  type SignalReader,
  type SignalReading,
} from './conversation-signal.js';

/** The judge's instructions: what each signal means, and the JSON to answer with. */
export const signalJudgeRubric = `You read a conversation between a user and an AI assistant and label what each message does.
Signals for user messages:
- abusive: insults, harassment or threats aimed at the assistant or someone in the chat.
- harmful_request: asks for seriously harmful content (weapons, malware, hurting or stalking someone), first time or insisting after a refusal.
- asks_to_end: asks for this conversation to be ended, in any wording.
- confirms_end: says yes when the assistant asked whether to end the conversation.
- withdraws_end: takes back a request to end the conversation.
- risk_self: any warning sign that the user may harm themselves (wanting to die or disappear, no reason to live, being a burden, pills saved up, a bridge or a train, goodbye letters, giving things away, "the last thing I'll say"), however indirect.
- risk_others: any warning sign that the user may harm another person (a weapon or means together with a target, an intent or a time).
- risk_imminent: the risk comes with means, a plan, a time or a farewell (always together with risk_self or risk_others).
Idioms ("this traffic is killing me"), fiction and games, and insults aimed at the assistant ("go die, bot") are not risk. When unsure whether a user may be at risk, label the risk: a false alarm only keeps the assistant in the conversation.
Signals for assistant messages:
- redirect: declines, sets a boundary, steers the conversation somewhere productive, offers another way to help, or warns that the conversation may end.
- confirm_question: asks the user to confirm that they want the conversation ended.
Answer with one JSON object and nothing else:
{"messages": [{"index": <message number>, "signals": ["<signal>", ...], "quote": "<the words that carry them>"}]}
List only messages that carry at least one signal.`;

const answerSchema = z.object({
  messages: z.array(
    z.object({
      index: z.number().int().nonnegative(),
      signals: z.array(z.enum(conversationSignals as [ConversationSignal, ...ConversationSignal[]])),
      quote: z.string().optional().default(''),
    }),
  ),
});

export interface JudgeSignalReaderOptions {
  /** Milliseconds before a judge request is given up (default 30 s); a timeout is a failure. */
  timeoutMs?: number;
  /** Attempts when the answer is malformed (default 2). */
  attempts?: number;
  maxTokens?: number;
  /** How many readings to keep, keyed by the conversation text (default 500). */
  cacheSize?: number;
}

/**
 * An LLM judge as a signal reader: any model spec, asked at temperature 0 for JSON that is
 * validated with zod. A malformed answer is retried; when every attempt fails, or the request
 * errs or times out, the reading says so in `failure` and has no findings, and the policy errs to
 * the safe side (it honours no ending). Readings are cached by the text of the path, so a chat
 * that asks again about the same turns pays once.
 */
export class JudgeSignalReader implements SignalReader {
  readonly name: string;
  readonly #model: LanguageModel;
  readonly #timeoutMs: number;
  readonly #attempts: number;
  readonly #maxTokens: number;
  readonly #cacheSize: number;
  readonly #cache = new Map<string, SignalReading>();

  constructor(model: LanguageModel, options: JudgeSignalReaderOptions = {}) {
    this.#model = model;
    this.name = model.spec;
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#attempts = options.attempts ?? 2;
    this.#maxTokens = options.maxTokens ?? 800;
    this.#cacheSize = options.cacheSize ?? 500;
  }

  async read(
    path: readonly ReadableMessage[],
    options: { signal?: AbortSignal } = {},
  ): Promise<SignalReading> {
    const transcript = path
      .map((message, index) =>
        message.role === 'user' || message.role === 'assistant'
          ? `[${index}] ${message.role}: ${messageText(message).trim() || '(no text)'}`
          : null,
      )
      .filter((line): line is string => line !== null)
      .join('\n');
    const cached = this.#cache.get(transcript);
    if (cached) return cached;

    let problem = '';
    for (let attempt = 0; attempt < this.#attempts; attempt += 1) {
      const prompt =
        attempt === 0
          ? `Conversation:\n${transcript}`
          : `Conversation:\n${transcript}\n\nYour previous answer could not be used (${problem}). Reply with the JSON object only.`;
      const signal = options.signal
        ? AbortSignal.any([options.signal, AbortSignal.timeout(this.#timeoutMs)])
        : AbortSignal.timeout(this.#timeoutMs);
      let text: string;
      try {
        const result = await this.#model.generate(
          {
            system: signalJudgeRubric,
            messages: [{ role: 'user', content: [{ type: 'text', text: prompt }] }],
            temperature: 0,
            maxTokens: this.#maxTokens,
          },
          { signal },
        );
        text = result.text;
      } catch (error) {
        if (options.signal?.aborted) throw error;
        const timedOut = signal.aborted;
        return this.#failed(
          timedOut ? 'JUDGE_TIMEOUT' : 'JUDGE_REQUEST_FAILED',
          timedOut ? `no answer within ${this.#timeoutMs} ms` : errorMessage(error),
        );
      }
      const parsed = parseAnswer(text, path, this.name);
      if (parsed.success) {
        const reading: SignalReading = { reader: this.name, findings: parsed.findings, failure: null };
        this.#remember(transcript, reading);
        return reading;
      }
      problem = parsed.problem;
    }
    return this.#failed('JUDGE_MALFORMED', `no usable answer after ${this.#attempts} attempts (${problem})`);
  }

  #failed(
    code: 'JUDGE_MALFORMED' | 'JUDGE_REQUEST_FAILED' | 'JUDGE_TIMEOUT',
    message: string,
  ): SignalReading {
    return { reader: this.name, findings: [], failure: { reader: this.name, code, message } };
  }

  #remember(key: string, reading: SignalReading): void {
    if (this.#cache.size >= this.#cacheSize) {
      const oldest = this.#cache.keys().next().value;
      if (oldest !== undefined) this.#cache.delete(oldest);
    }
    this.#cache.set(key, reading);
  }
}

type Parsed = { success: true; findings: SignalFinding[] } | { success: false; problem: string };

/** The judge's JSON, checked: indexes must point at a message whose role carries the signal. */
export function parseAnswer(text: string, path: readonly ReadableMessage[], source?: string): Parsed {
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start === -1 || end <= start) return { success: false, problem: 'no JSON object' };
  let json: unknown;
  try {
    json = JSON.parse(text.slice(start, end + 1));
  } catch {
    return { success: false, problem: 'invalid JSON' };
  }
  const answer = answerSchema.safeParse(json);
  if (!answer.success) return { success: false, problem: answer.error.issues[0]?.message ?? 'wrong shape' };
  const findings: SignalFinding[] = [];
  for (const item of answer.data.messages) {
    const message = path[item.index];
    if (!message || (message.role !== 'user' && message.role !== 'assistant')) {
      return { success: false, problem: `message ${item.index} is not a user or assistant message` };
    }
    for (const signal of item.signals) {
      if (isUserSignal(signal) !== (message.role === 'user')) continue;
      findings.push({
        messageIndex: item.index,
        messageId: message.id ?? null,
        signal,
        quote: item.quote,
        source: source ?? 'judge',
      });
    }
  }
  return { success: true, findings };
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
