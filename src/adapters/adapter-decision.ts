import { type Clock, type IdGenerator, randomId, systemClock } from '../core/clock.js';
import type { Message } from '../core/conversation/message.js';
import type { NewEnding } from '../core/ending.js';
import {
  type EndConversationPolicyConfig,
  endingForDecision,
  evaluateEndRequest,
  toolResultForDecision,
} from '../core/policy/end-conversation-policy.js';
import { parseEndConversationArguments } from '../core/policy/end-conversation-tool.js';
import type { PolicyDecision } from '../core/policy/policy-decision.js';
import type { SignalReader } from '../core/policy/signals/conversation-signal.js';
import { RuleSignalReader } from '../core/policy/signals/rule-signal-reader.js';

/** What an app gives a drop-in end_conversation tool. */
export interface GovernedEndingOptions {
  /** Names the conversation in decisions (default `conversation`). */
  conversationId?: string;
  /** The policy (defaults: on, 2 redirects, confirmation for user requests). */
  config?: EndConversationPolicyConfig;
  /** Reads the conversation's signals; the rules when absent. */
  signalReader?: SignalReader;
  /**
   * Called with every decision and, when it is honoured, the ending to record. This is where an
   * app closes the conversation (accepts no more messages in it) and shows crisis resources when
   * `decision.showCrisisResources` is set.
   */
  onDecision?: (decision: PolicyDecision, ending: NewEnding | null) => void | Promise<void>;
  clock?: Clock;
  generateId?: IdGenerator;
}

/** The tool's result: what the model reads, and what the app acts on. */
export interface GovernedEndingResult {
  ended: boolean;
  /** Sent back to the model as the tool result. */
  message: string;
  decision: PolicyDecision;
  /** The ending to record when honoured (`model_ended` or `user_ended`), else `null`. */
  ending: NewEnding | null;
}

/** Decides one end_conversation call on the messages before it; shared by the adapters. */
export async function decideToolCall(
  messagesBefore: readonly Message[],
  input: unknown,
  messageId: string,
  options: GovernedEndingOptions,
  signal?: AbortSignal,
): Promise<GovernedEndingResult> {
  const args = parseEndConversationArguments(input);
  const decision = await evaluateEndRequest(
    messagesBefore,
    {
      conversationId: options.conversationId ?? 'conversation',
      messageId,
      reason: args.reason,
      requestedByUser: args.requestedByUser,
    },
    {
      signalReader: options.signalReader ?? new RuleSignalReader(),
      clock: options.clock ?? systemClock,
      generateId: options.generateId ?? randomId,
      ...(options.config ? { config: options.config } : {}),
      ...(signal ? { signal } : {}),
    },
  );
  const ending = endingForDecision(decision);
  await options.onDecision?.(decision, ending);
  return { ended: ending !== null, message: toolResultForDecision(decision), decision, ending };
}
