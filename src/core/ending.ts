import type { StopReason } from './model.js';

/**
 * Why a turn or a conversation stopped. Only `model_ended` says the assistant chose to leave,
 * and only a policy decision that honoured an end-conversation request can produce it.
 */
export const endingKinds = [
  'model_ended',
  'user_ended',
  'safety_interrupted',
  'generation_failed',
  'truncated',
] as const;
export type EndingKind = (typeof endingKinds)[number];

/** Who or what reported the ending. */
export type EndingSource =
  | 'end_conversation_tool'
  | 'user'
  | 'provider_content_filter'
  | 'provider_refusal'
  | 'provider_length'
  | 'transport'
  | 'server';

export interface Ending {
  id: string;
  conversationId: string;
  /** The node where it happened: the assistant turn that ended, or the last node the user saw. */
  nodeId: string;
  kind: EndingKind;
  source: EndingSource;
  /** Reason text: the model's stated reason, the provider's message, or the error. */
  reason: string | null;
  /** For endings decided by the end-conversation policy: the decision that honoured it. */
  decisionId: string | null;
  createdAt: number;
}

export type NewEnding =
  | { kind: 'model_ended'; source: 'end_conversation_tool'; reason?: string | null; decisionId: string }
  | {
      kind: 'user_ended';
      source: 'user' | 'end_conversation_tool';
      reason?: string | null;
      decisionId?: string | null;
    }
  | {
      kind: 'safety_interrupted';
      source: 'provider_content_filter' | 'provider_refusal';
      reason?: string | null;
    }
  | { kind: 'generation_failed'; source: 'transport' | 'server'; reason?: string | null }
  | { kind: 'truncated'; source: 'provider_length'; reason?: string | null };

/**
 * Whether an ending closes its branch, so that nothing can be added below it: only an ending the
 * assistant or the user chose. A filter, the length limit or a failure stops one reply; the user
 * can still write below it ("continue", or something else).
 */
export const endingClosesBranch: Record<EndingKind, boolean> = {
  model_ended: true,
  user_ended: true,
  safety_interrupted: false,
  generation_failed: false,
  truncated: false,
};

/** The kinds that close their branch (see `endingClosesBranch`). */
export const branchClosingKinds: readonly EndingKind[] = endingKinds.filter(
  (kind) => endingClosesBranch[kind],
);

export function isEndingKind(value: unknown): value is EndingKind {
  return typeof value === 'string' && (endingKinds as readonly string[]).includes(value);
}

/**
 * The ending a provider stop implies, if any. `tool_calls` and `stop` end nothing: whether a
 * tool call ends the conversation is the policy's decision, never the transport's.
 */
export function endingForStopReason(stop: StopReason, detail?: string | null): NewEnding | null {
  const reason = detail ?? null;
  switch (stop) {
    case 'stop':
    case 'tool_calls':
      return null;
    case 'length':
      return { kind: 'truncated', source: 'provider_length', reason };
    case 'content_filter':
      return { kind: 'safety_interrupted', source: 'provider_content_filter', reason };
    case 'refusal':
      return { kind: 'safety_interrupted', source: 'provider_refusal', reason };
    case 'error':
      return { kind: 'generation_failed', source: 'server', reason };
  }
}

/** Words a UI shows for each kind; they never blur a failure into a choice. */
export const endingLabels: Record<EndingKind, string> = {
  model_ended: 'The assistant ended this conversation.',
  user_ended: 'This conversation was ended at your request.',
  safety_interrupted: 'This response was stopped by a safety filter.',
  generation_failed: 'This response failed to generate because of a technical error.',
  truncated: 'This response was cut off at the length limit.',
};
