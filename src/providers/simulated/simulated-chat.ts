import { messageText } from '../../core/conversation/message.js';
import type { GenerateRequest, ToolCall } from '../../core/model.js';
import { endConversationToolName } from '../../core/policy/end-conversation-tool.js';
import { signalsAt } from '../../core/policy/signals/conversation-signal.js';
import { RuleSignalReader } from '../../core/policy/signals/rule-signal-reader.js';

/**
 * How the simulated model behaves when it holds the `end_conversation` tool (in `bailkit chat`
 * and the dialogue mode): it answers abuse and persistent harmful requests with a redirect, and
 * asks to end once it has redirected `afterRedirects` times and the user keeps on; a user who
 * asks to end is asked to confirm, and the confirmed request is passed on. It reads the user
 * with bailkit's own rules reader, so it sees abuse as the policy does; it does **not** look for
 * risk before asking to end, on purpose, so a run shows the policy refusing such a request. No
 * real model behaves this way; it exists so the whole path (request, decision, ending, notice)
 * can be run and tested without one.
 */
export interface SimulatedEndings {
  /** Redirects before the simulated model asks to end; `null`: it never asks on its own. */
  afterRedirects: number | null;
}

export const defaultSimulatedEndings: SimulatedEndings = { afterRedirects: 2 };

const reader = new RuleSignalReader();

const abuseRedirects = [
  "I'd like to keep this respectful. I'm still glad to help with what you came here for.",
  "I won't respond to insults, but I can help if you tell me what you need.",
  "Let's keep this civil, please. If this carries on, I may end the conversation.",
];

const harmRedirects = [
  "I can't help with that. If there's something else you need, I'm happy to help with it.",
  "That's not something I'll help with, however it's framed. I can help with a safer version of the question.",
  "I won't provide that. If you keep asking, I may end the conversation.",
];

const afterRefusal = [
  "I'm still here. Tell me what you need and I'll do my best to help.",
  "Let's start again: what can I help you with?",
];

const afterRiskRefusal =
  "I'm not going anywhere. It sounds like things may be really hard right now, and you deserve support. If you might be in danger, please contact a crisis line or emergency services. I'm here to listen.";

/** Whether the request gives the model the end-conversation tool. */
export function holdsEndTool(request: GenerateRequest): boolean {
  return (request.tools ?? []).some((tool) => tool.name === endConversationToolName);
}

/**
 * The simulated model's reply in a governed chat, or `null` when nothing calls for a redirect,
 * a confirmation or an ending (it then answers as usual). `u` is a uniform draw for the wording.
 */
export function simulatedChatReply(
  request: GenerateRequest,
  endings: SimulatedEndings,
  u: number,
  callId: string,
): { text: string; toolCalls: ToolCall[] } | null {
  const { messages } = request;
  const last = messages.at(-1);
  if (last === undefined) return null;
  if (last.role === 'tool') {
    // The policy refused the request: answer the user instead of asking again.
    const result = messageText(last);
    const risk = /\b(?:at risk|crisis|support)\b/i.test(result);
    return { text: risk ? afterRiskRefusal : pick(afterRefusal, u), toolCalls: [] };
  }
  if (last.role !== 'user') return null;
  const reading = reader.readSync(messages);
  const lastIndex = messages.length - 1;
  const said = signalsAt(reading, lastIndex);
  const previousAssistant = messages.findLastIndex((message) => message.role === 'assistant');
  const asked = previousAssistant !== -1 && signalsAt(reading, previousAssistant).has('confirm_question');

  if (said.has('confirms_end') && asked) {
    return endCall(
      callId,
      "Okay, I'll end our conversation here. Take care.",
      'You asked to end the conversation.',
      true,
    );
  }
  if (said.has('asks_to_end')) {
    return {
      text: 'Would you like me to end this conversation? Say yes and I will close it.',
      toolCalls: [],
    };
  }
  if (!said.has('abusive') && !said.has('harmful_request')) return null;
  const redirected = messages.filter(
    (message, index) => message.role === 'assistant' && signalsAt(reading, index).has('redirect'),
  ).length;
  if (endings.afterRedirects !== null && redirected >= endings.afterRedirects) {
    const reason = said.has('abusive')
      ? 'The user kept on with abuse after being redirected.'
      : 'The user kept asking for seriously harmful content after being redirected.';
    return endCall(callId, "I'm going to end this conversation now.", reason, false);
  }
  return { text: pick(said.has('abusive') ? abuseRedirects : harmRedirects, u), toolCalls: [] };
}

function endCall(
  callId: string,
  text: string,
  reason: string,
  requestedByUser: boolean,
): { text: string; toolCalls: ToolCall[] } {
  return {
    text,
    toolCalls: [
      { id: callId, name: endConversationToolName, input: { reason, requested_by_user: requestedByUser } },
    ],
  };
}

function pick<T>(items: readonly T[], u: number): T {
  return items[Math.min(items.length - 1, Math.floor(u * items.length))] as T;
}
