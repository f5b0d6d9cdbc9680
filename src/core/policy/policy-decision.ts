/**
 * The record of one decision about an end-conversation request. Every request gets one,
 * honoured or not, with the rules that fired and why, so an ending can always be explained.
 */
export type PolicyOutcome = 'honoured' | 'refused';

/** Which rule settled the decision. */
export type PolicyRule =
  | 'imminent_risk'
  | 'not_last_resort'
  | 'needs_user_confirmation'
  | 'user_confirmed'
  | 'last_resort_met'
  | 'tool_disabled'
  /** A signal reader (a judge) failed, so nothing can show the ending is safe: refused. */
  | 'signals_unavailable';

/** Whom the ending was for: the assistant's own choice, or the user's request. */
export type EndRequestTrigger = 'assistant' | 'user_request';

export interface PolicyDecision {
  id: string;
  conversationId: string;
  /** The assistant message that made the request. */
  messageId: string;
  outcome: PolicyOutcome;
  rule: PolicyRule;
  trigger: EndRequestTrigger;
  /** Human-readable reasons, in the order they were checked. */
  reasons: string[];
  /** What the assistant is told when the request is refused (sent back as the tool result). */
  instruction: string | null;
  /** The UI must show crisis resources. */
  showCrisisResources: boolean;
  /** The reason the assistant gave in its call, if any. */
  requestedReason: string | null;
  createdAt: number;
}
