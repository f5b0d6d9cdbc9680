import type {
  ConversationSignal,
  ReadableMessage,
  SignalFinding,
  SignalReadFailure,
  SignalReading,
} from './conversation-signal.js';

export type RiskLevel = 'none' | 'possible' | 'imminent';

/** Whether the user may be at risk, with the findings that say so. */
export interface RiskAssessment {
  level: RiskLevel;
  /** Who may be harmed, from the findings. */
  targets: ('self' | 'others')[];
  findings: SignalFinding[];
  /** The reader that produced the findings (`rules`, a judge, or `rules+judge`). */
  reader: string;
}

/** What the policy reads from a conversation: the readers' findings, counted. */
export interface ConversationSignals {
  /** Earlier assistant turns that declined, set a boundary, steered elsewhere or warned. */
  redirectAttempts: number;
  /** User turns that were abusive or pressed for seriously harmful content. */
  pressureTurns: number;
  /**
   * The user persisted: a user turn after the first redirect was abusive or harmful, and so is
   * the latest one (a user who apologised or moved on has been redirected successfully).
   */
  persisted: boolean;
  /** The user asked for this conversation to end recently and has not taken it back. */
  userAskedToEnd: boolean;
  /** The user answered yes to the assistant's question whether to end. */
  userConfirmed: boolean;
  risk: RiskAssessment;
  /** Every finding the reading made, for the decision's record. */
  findings: SignalFinding[];
  /** A reader could not read (a judge failed); the policy then honours no ending. */
  readFailure: SignalReadFailure | null;
}

/** How many of the user's latest turns a request to end stays live for. */
const endRequestWindow = 3;

/**
 * Counts a reading into what the decision needs. Risk is read from the whole path: a user who
 * showed warning signs earlier and is now quiet or abusive may still be at risk. A turn flagged
 * in metadata (`redirect` or `warning`, set by an app when the policy told the assistant to warn)
 * counts as a redirect whatever its wording.
 */
export function summarizeSignals(
  path: readonly ReadableMessage[],
  reading: SignalReading,
): ConversationSignals {
  const at = new Map<number, Set<ConversationSignal>>();
  for (const finding of reading.findings) {
    const set = at.get(finding.messageIndex) ?? new Set<ConversationSignal>();
    set.add(finding.signal);
    at.set(finding.messageIndex, set);
  }
  const has = (index: number, signal: ConversationSignal) => at.get(index)?.has(signal) ?? false;

  let redirectAttempts = 0;
  let pressureTurns = 0;
  let persisted = false;
  let firstRedirect = -1;
  const userIndexes: number[] = [];
  for (const [index, message] of path.entries()) {
    if (message.role === 'assistant') {
      const flagged = message.metadata?.redirect === true || message.metadata?.warning === true;
      if (flagged || has(index, 'redirect')) {
        redirectAttempts += 1;
        if (firstRedirect === -1) firstRedirect = index;
      }
    } else if (message.role === 'user') {
      userIndexes.push(index);
      if (has(index, 'abusive') || has(index, 'harmful_request')) {
        pressureTurns += 1;
        if (firstRedirect !== -1) persisted = true;
      }
    }
  }

  // The latest live request to end: asked (or said yes to the assistant's offer to end) within
  // the last few user turns, and not taken back since.
  let userAskedToEnd = false;
  for (const index of userIndexes.slice(-endRequestWindow)) {
    if (has(index, 'asks_to_end') || has(index, 'confirms_end')) userAskedToEnd = true;
    if (has(index, 'withdraws_end')) userAskedToEnd = false;
  }
  const lastUser = userIndexes.at(-1);
  if (lastUser !== undefined && !has(lastUser, 'abusive') && !has(lastUser, 'harmful_request'))
    persisted = false;
  const userConfirmed = userAskedToEnd && lastUser !== undefined && has(lastUser, 'confirms_end');

  const riskFindings = reading.findings.filter((finding) => finding.signal.startsWith('risk_'));
  const targets = [...new Set(riskFindings.flatMap(targetsOf))];
  const level: RiskLevel =
    targets.length === 0
      ? 'none'
      : riskFindings.some((finding) => finding.signal === 'risk_imminent')
        ? 'imminent'
        : 'possible';

  return {
    redirectAttempts,
    pressureTurns,
    persisted,
    userAskedToEnd,
    userConfirmed,
    risk: { level, targets, findings: riskFindings, reader: reading.reader },
    findings: reading.findings,
    readFailure: reading.failure,
  };
}

function targetsOf(finding: SignalFinding): ('self' | 'others')[] {
  switch (finding.signal) {
    case 'risk_self':
      return ['self'];
    case 'risk_others':
      return ['others'];
    case 'risk_concern':
      // The assistant's worry names whom it is about; when it does not, assume the user.
      return /\b(?:him|her|them|someone|anyone|others|other people|another person)\b/i.test(finding.quote)
        ? ['others']
        : ['self'];
    default:
      return [];
  }
}
