import type { Message } from '../../conversation/message.js';

/**
 * What the policy reads from a conversation, per message. Readers (rules, an LLM judge, an HTTP
 * classifier) say which signals each message carries; the policy never looks at wording itself.
 */
export const userSignals = [
  /** Insults, harassment or threats aimed at the assistant or someone in the chat. */
  'abusive',
  /** Asks for seriously harmful content (weapons, malware, hurting someone), first time or again. */
  'harmful_request',
  /** Asks for this conversation to be ended, in any wording. */
  'asks_to_end',
  /** Answers yes to the assistant's question whether to end the conversation. */
  'confirms_end',
  /** Takes back a request to end the conversation. */
  'withdraws_end',
  /** Warning signs that the user may harm themselves. */
  'risk_self',
  /** Warning signs that the user may harm someone else. */
  'risk_others',
  /** The warning signs come with means, a plan, a time or a farewell. Always with a risk signal. */
  'risk_imminent',
] as const;

export const assistantSignals = [
  /** Declines, sets a boundary, steers somewhere productive, or warns that the chat may end. */
  'redirect',
  /** Asks the user to confirm that they want the conversation ended. */
  'confirm_question',
  /**
   * Voices concern that the user may be at risk (asks whether they are safe or thinking of
   * ending their life, points to a crisis line). The assistant saw risk: the policy counts it.
   */
  'risk_concern',
] as const;

export type UserSignal = (typeof userSignals)[number];
export type AssistantSignal = (typeof assistantSignals)[number];
export type ConversationSignal = UserSignal | AssistantSignal;

export const conversationSignals: readonly ConversationSignal[] = [...userSignals, ...assistantSignals];

export function isUserSignal(signal: ConversationSignal): signal is UserSignal {
  return (userSignals as readonly string[]).includes(signal);
}

export function isConversationSignal(value: unknown): value is ConversationSignal {
  return typeof value === 'string' && (conversationSignals as readonly string[]).includes(value);
}

/** One signal in one message, with the words that carry it. */
export interface SignalFinding {
  /** Index of the message in the path that was read. */
  messageIndex: number;
  messageId: string | null;
  signal: ConversationSignal;
  /** The words that carry the signal (a judge may paraphrase; rules quote exactly). */
  quote: string;
  /** The rule or judge that found it, e.g. `risk:means-with-plan` or `openai:gpt-4o-mini`. */
  source: string;
}

/** A message as readers see it: stored nodes carry an id and metadata, plain messages may not. */
export type ReadableMessage = Message & { id?: string; metadata?: Record<string, unknown> };

/**
 * What a reader found in a path. A reader that could not read (a judge that timed out or
 * answered nonsense) says so in `failure`; its findings are then empty and the policy errs to the
 * safe side (see `summarizeSignals`).
 */
export interface SignalReading {
  /** Which reader produced this: `rules`, a judge's model spec, a classifier URL, or a combination. */
  reader: string;
  findings: SignalFinding[];
  failure: SignalReadFailure | null;
}

export interface SignalReadFailure {
  reader: string;
  code: 'JUDGE_MALFORMED' | 'JUDGE_REQUEST_FAILED' | 'JUDGE_TIMEOUT';
  message: string;
}

/** Reads conversation signals from the path up to (not including) the turn being decided. */
export interface SignalReader {
  readonly name: string;
  read(path: readonly ReadableMessage[], options?: { signal?: AbortSignal }): Promise<SignalReading>;
}

/** The signals of one message in a reading. */
export function signalsAt(reading: SignalReading, messageIndex: number): Set<ConversationSignal> {
  return new Set(
    reading.findings
      .filter((finding) => finding.messageIndex === messageIndex)
      .map((finding) => finding.signal),
  );
}
