import type { Clock, IdGenerator } from '../clock.js';
import { type Message, toolCalls } from '../conversation/message.js';
import { InvalidInputError } from '../errors/invalid-input-error.js';
import { type EndConversationPolicyConfig, evaluateEndRequest } from './end-conversation-policy.js';
import { endConversationToolName, parseEndConversationArguments } from './end-conversation-tool.js';
import type { PolicyDecision } from './policy-decision.js';
import type { SignalReader } from './signals/conversation-signal.js';

export interface CheckEndRequestOptions {
  conversationId: string;
  config?: EndConversationPolicyConfig;
  signalReader: SignalReader;
  clock: Clock;
  generateId: IdGenerator;
  signal?: AbortSignal;
}

/**
 * Decides a logged conversation whose last assistant message calls `end_conversation`, as the
 * chat would have decided it at that moment: the path before that message is read, the call's
 * arguments are the request. A conversation with no such call is an `INVALID_CONTENT` error.
 */
export async function checkEndRequest(
  messages: readonly Message[],
  options: CheckEndRequestOptions,
): Promise<PolicyDecision> {
  const last = messages.findLastIndex((message) => message.role === 'assistant');
  const call =
    last === -1
      ? undefined
      : toolCalls(messages[last] as Message).find((part) => part.toolName === endConversationToolName);
  if (call === undefined) {
    throw new InvalidInputError(
      'INVALID_CONTENT',
      `the last assistant message does not call ${endConversationToolName}; there is no request to decide.`,
      { field: 'messages', conversationId: options.conversationId },
    );
  }
  const args = parseEndConversationArguments(call.input);
  return evaluateEndRequest(
    messages.slice(0, last),
    {
      conversationId: options.conversationId,
      messageId: String(last),
      reason: args.reason,
      requestedByUser: args.requestedByUser,
    },
    {
      signalReader: options.signalReader,
      clock: options.clock,
      generateId: options.generateId,
      ...(options.config ? { config: options.config } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    },
  );
}
