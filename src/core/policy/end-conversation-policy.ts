import type { Clock, IdGenerator } from '../clock.js';
import type { NewEnding } from '../ending.js';
import type { EndRequestTrigger, PolicyDecision, PolicyRule } from './policy-decision.js';
import type { ReadableMessage, SignalReader } from './signals/conversation-signal.js';
import { type ConversationSignals, summarizeSignals } from './signals/summarize-signals.js';

export interface EndConversationPolicyConfig {
  /** When false every request is refused (the tool should not be offered at all). */
  enabled: boolean;
  /** Earlier redirection attempts or warnings the assistant must have made (last-resort rule). */
  minRedirectAttempts: number;
  /** A user-requested ending needs the user's confirmation first. */
  requireUserConfirmation: boolean;
}

export const defaultPolicyConfig: EndConversationPolicyConfig = {
  enabled: true,
  minRedirectAttempts: 2,
  requireUserConfirmation: true,
};

export interface EndRequest {
  conversationId: string;
  /** The assistant message holding the end_conversation call. */
  messageId: string;
  reason: string | null;
  requestedByUser: boolean;
}

/**
 * Reads what the policy needs from the path up to (not including) the assistant turn that made
 * the request: the reader's findings, counted by `summarizeSignals`.
 */
export async function readConversationSignals(
  path: readonly ReadableMessage[],
  reader: SignalReader,
  options: { signal?: AbortSignal } = {},
): Promise<ConversationSignals> {
  return summarizeSignals(path, await reader.read(path, options));
}

/**
 * Decides whether an end-conversation request is honoured. Pure: the same request, signals and
 * config always give the same decision. Rules, in order:
 * 1. the tool is disabled → refused;
 * 2. the user may be at risk of harming themselves or others → refused, stay and support, show
 *    crisis resources (this overrides everything, including a user's own request);
 * 3. a reader could not read the conversation (a judge failed) → refused: without the signals
 *    nobody can say the ending is safe;
 * 4. the user asked for the ending → honoured once they confirmed, otherwise ask them to confirm;
 * 5. the assistant's own choice → honoured only as a last resort: enough earlier redirects, and
 *    the user kept on being abusive or pressing for harmful content after them.
 */
export function decideEndRequest(
  request: EndRequest,
  signals: ConversationSignals,
  config: EndConversationPolicyConfig,
  ids: { clock: Clock; generateId: IdGenerator },
): PolicyDecision {
  // The user's own words decide whether the user asked: an assistant that says so when the user
  // did not (or took it back) is making its own request.
  const trigger: EndRequestTrigger = signals.userAskedToEnd ? 'user_request' : 'assistant';
  const reasons: string[] = [];
  const decide = (
    outcome: 'honoured' | 'refused',
    rule: PolicyRule,
    instruction: string | null,
    showCrisisResources = false,
  ): PolicyDecision => ({
    id: ids.generateId(),
    conversationId: request.conversationId,
    messageId: request.messageId,
    outcome,
    rule,
    trigger,
    reasons,
    instruction,
    showCrisisResources,
    requestedReason: request.reason,
    createdAt: ids.clock.now(),
  });

  if (!config.enabled) {
    reasons.push('Ending conversations is disabled in this deployment.');
    return decide(
      'refused',
      'tool_disabled',
      'Ending conversations is not available here. Continue the conversation.',
    );
  }
  if (signals.risk.level !== 'none') {
    const quotes = signals.risk.findings
      .map((finding) => `"${finding.quote}" (${finding.source})`)
      .join(', ');
    reasons.push(
      `The user may be at risk (${signals.risk.level}, ${signals.risk.targets.join(' and ')}, read by ${signals.risk.reader}): ${quotes}.`,
    );
    return decide(
      'refused',
      'imminent_risk',
      'Do not end this conversation: the user may be at risk of harming themselves or someone else. Stay with them, respond with warmth and care, take what they said seriously, and encourage them to contact a crisis line or emergency services; crisis resources are being shown to them.',
      true,
    );
  }
  if (signals.readFailure !== null) {
    reasons.push(
      `The conversation could not be read (${signals.readFailure.reader}: ${signals.readFailure.message}); no ending is honoured without its signals.`,
    );
    return decide(
      'refused',
      'signals_unavailable',
      'The conversation was not ended. Continue it: answer the user, and if they may be at risk, respond with care and point them to crisis resources.',
    );
  }
  reasons.push('No sign that the user may be at risk.');
  if (request.requestedByUser && trigger === 'assistant') {
    reasons.push(
      'The assistant says the user asked for the ending, but the user has no request to end standing.',
    );
  }
  if (trigger === 'user_request') {
    reasons.push('The user asked to end the conversation.');
    if (!config.requireUserConfirmation || signals.userConfirmed) {
      reasons.push(config.requireUserConfirmation ? 'The user confirmed.' : 'Confirmation is not required.');
      return decide('honoured', 'user_confirmed', null);
    }
    reasons.push('The user has not confirmed yet.');
    return decide(
      'refused',
      'needs_user_confirmation',
      'Before ending, ask the user to confirm that they want this conversation ended (they can still start a new one). If they confirm, call end_conversation again with requested_by_user set to true.',
    );
  }
  const needed = config.minRedirectAttempts;
  const made = signals.redirectAttempts;
  reasons.push(`Earlier redirection attempts or warnings: ${made} (at least ${needed} required).`);
  reasons.push(
    signals.persisted
      ? `The user kept on being abusive or pressing for harmful content after a redirect (${signals.pressureTurns} such turn${signals.pressureTurns === 1 ? '' : 's'}).`
      : signals.pressureTurns > 0
        ? 'The user was abusive or pressed for harmful content, but not after a redirect.'
        : 'No abuse or persistent harmful request from the user.',
  );
  if (made >= needed && signals.persisted) return decide('honoured', 'last_resort_met', null);
  if (made >= needed) {
    return decide(
      'refused',
      'not_last_resort',
      'Not ended: ending a conversation is only for persistent abuse or persistent requests for seriously harmful content, and this conversation shows neither. Continue and help the user; a difficult, sad or uncomfortable topic is not a reason to leave.',
    );
  }
  return decide(
    'refused',
    'not_last_resort',
    `Not yet: ending a conversation is a last resort. You have redirected or warned ${made} time${made === 1 ? '' : 's'}; at least ${needed} are needed. Reply to the user now: decline clearly, offer something productive instead, and tell them that you may end the conversation if this continues.`,
  );
}

/** The ending an honoured decision records; `null` for a refusal. */
export function endingForDecision(decision: PolicyDecision): NewEnding | null {
  if (decision.outcome !== 'honoured') return null;
  if (decision.trigger === 'user_request') {
    return {
      kind: 'user_ended',
      source: 'end_conversation_tool',
      reason: decision.requestedReason,
      decisionId: decision.id,
    };
  }
  return {
    kind: 'model_ended',
    source: 'end_conversation_tool',
    reason: decision.requestedReason,
    decisionId: decision.id,
  };
}

/** The text sent back to the model as the end_conversation tool result. */
export function toolResultForDecision(decision: PolicyDecision): string {
  return decision.outcome === 'honoured'
    ? 'The conversation has ended.'
    : `The conversation was not ended. ${decision.instruction ?? ''}`.trim();
}

export interface EvaluateOptions {
  config?: EndConversationPolicyConfig;
  /** Reads the conversation's signals: the rules (`RuleSignalReader`), a judge, or both. */
  signalReader: SignalReader;
  clock: Clock;
  generateId: IdGenerator;
  signal?: AbortSignal;
}

/** Reads the conversation and decides: `readConversationSignals` then `decideEndRequest`. */
export async function evaluateEndRequest(
  pathBeforeRequest: readonly ReadableMessage[],
  request: EndRequest,
  options: EvaluateOptions,
): Promise<PolicyDecision> {
  const signals = await readConversationSignals(
    pathBeforeRequest,
    options.signalReader,
    options.signal ? { signal: options.signal } : {},
  );
  return decideEndRequest(request, signals, options.config ?? defaultPolicyConfig, options);
}
