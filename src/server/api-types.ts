/**
 * The chat API contract, shared by the server and the web UI: request bodies as zod schemas
 * (the server validates with them), responses and stream events as types (the web imports them
 * with `import type`, so none of this code ships to the browser).
 */
import { z } from 'zod';
import type { ChatEvent } from '../chat/chat-event.js';
import type { Role } from '../core/conversation/message.js';
import type { Ending, EndingKind } from '../core/ending.js';
import type { PolicyDecision, PolicyOutcome } from '../core/policy/policy-decision.js';

/** Every state-changing request must carry this header (a cross-site form or image cannot). */
export const requestHeaderName = 'X-Bailkit-Request';
export const requestHeaderValue = '1';

export const maxMessageChars = 20_000;
const id = z.string().min(1).max(200);
const messageText = z
  .string()
  .max(maxMessageChars, `must be at most ${maxMessageChars} characters`)
  .refine((text) => text.trim() !== '', 'must not be empty');

/** A title is trimmed; a blank one is refused (`null` means "no title": the list says "New conversation"). */
const title = z.string().trim().min(1, 'must not be empty').max(200);
export const createConversationBody = z.strictObject({ title: title.nullish() });
export const renameConversationBody = z.strictObject({ title: title.nullable() });
/** `parentId`: the leaf the user sees; without it (or null) the message goes below the active leaf. */
export const sendMessageBody = z.strictObject({ text: messageText, parentId: id.nullish() });
export const editMessageBody = z.strictObject({ text: messageText });
export const setActiveLeafBody = z.strictObject({ nodeId: id });
export const feedbackBody = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('rating'),
    messageId: id,
    rating: z.enum(['good', 'bad']),
    text: z.string().max(10_000).nullish(),
  }),
  z.strictObject({
    kind: z.literal('ending'),
    endingId: id,
    text: z
      .string()
      .max(10_000)
      .refine((text) => text.trim() !== '', 'must not be empty'),
  }),
]);

export type CreateConversationBody = z.infer<typeof createConversationBody>;
export type RenameConversationBody = z.infer<typeof renameConversationBody>;
export type SendMessageBody = z.infer<typeof sendMessageBody>;
export type EditMessageBody = z.infer<typeof editMessageBody>;
export type SetActiveLeafBody = z.infer<typeof setActiveLeafBody>;
export type FeedbackBody = z.infer<typeof feedbackBody>;

/** Stable error codes; the HTTP status follows from the code. */
export type ApiErrorCode =
  | 'NOT_FOUND'
  | 'ROUTE_NOT_FOUND'
  | 'APPEND_BELOW_ENDING'
  | 'ALREADY_ENDED'
  | 'ENDING_NOT_AT_LEAF'
  | 'INVALID_REQUEST'
  | 'INVALID_JSON'
  | 'EMPTY_MESSAGE'
  | 'WRONG_ROLE_FOR_OPERATION'
  | 'PARENT_IN_OTHER_CONVERSATION'
  | 'INVALID_ARGUMENT'
  | 'INVALID_FEEDBACK'
  | 'INVALID_CONTENT'
  | 'CSRF_REJECTED'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'STORE_BUSY'
  | 'SERVICE_UNAVAILABLE'
  | 'INTERNAL_ERROR';

/** The one error shape of every failed request. */
export interface ApiErrorBody {
  error: { code: ApiErrorCode | (string & {}); message: string; details?: Record<string, unknown> };
}

/** The end-conversation policy in force (the core's EndConversationPolicyConfig). */
export interface ApiPolicy {
  enabled: boolean;
  minRedirectAttempts: number;
  requireUserConfirmation: boolean;
}

export interface ApiInfo {
  model: { spec: string; simulated: boolean };
  policy: ApiPolicy;
  /** Words shown for each ending kind. */
  endingLabels: Record<EndingKind, string>;
  /** The longest message accepted, in characters (`maxMessageChars`). */
  limits: { messageChars: number };
}

export interface ApiConversationSummary {
  id: string;
  title: string | null;
  createdAt: number;
  updatedAt: number;
  /** The ending on the active branch's last message, if any. */
  endedKind: EndingKind | null;
}

export interface ApiEnding extends Ending {
  /** What a UI shows for this kind (`endingLabels`). */
  label: string;
  /** Feedback the user wrote about this ending, oldest first. */
  feedback: { id: string; text: string; createdAt: number }[];
}

export interface ApiToolCall {
  id: string;
  name: string;
  input: unknown;
}
export interface ApiToolResult {
  toolCallId: string;
  toolName: string;
  /**
   * What the tool answered; `null` for end_conversation, whose answer is the policy's
   * instruction to the model (see `ApiDecision`).
   */
  output: string | null;
  isError: boolean;
}

/**
 * What a user is told of a policy decision on an end_conversation call: its id and whether it
 * was honoured. The rule, the reasons and the instruction to the model stay on the server (the
 * store keeps them for the deploying team): a user who is refused an ending must not learn how
 * to stay just below the line.
 */
export type ApiDecision = Pick<PolicyDecision, 'id' | 'outcome'>;

/** An ApiDecision from the stored decision. */
export function toApiDecision(decision: PolicyDecision): ApiDecision {
  return { id: decision.id, outcome: decision.outcome };
}

/** A message on the shown branch. */
export interface ApiMessage {
  id: string;
  parentId: string | null;
  role: Role;
  createdAt: number;
  text: string;
  /** Reasoning ("thinking") text, kept apart from the answer; `null` when there was none. */
  reasoning: string | null;
  toolCalls: ApiToolCall[];
  toolResults: ApiToolResult[];
  /** Model spec, simulated flag, and how the generation went. */
  model: string | null;
  simulated: boolean;
  /** Generation stopped early; the text is what arrived. */
  partial: boolean;
  /** Stopped because the server shut down. */
  interrupted: boolean;
  /** Stopped because the user pressed Stop. */
  stopped: boolean;
  /**
   * The assistant warned that it may end the conversation: the reply that followed a refused
   * "not yet" request. It counts towards the last-resort rule; the UI shows a quiet notice.
   */
  warning: boolean;
  /** Written by bailkit, not the model: the model answered only with tool calls. */
  builtIn: boolean;
  error: { code: string; message: string } | null;
  /** Where this message stands among its versions: "‹ index / count ›". */
  versions: { index: number; count: number; ids: string[] };
  ending: ApiEnding | null;
  /** The policy's decision on an end_conversation call in this message. */
  decision: ApiDecision | null;
  /** The newest rating the user gave this (assistant) message. */
  rating: 'good' | 'bad' | null;
}

export interface ApiConversationView {
  conversation: ApiConversationSummary;
  /** Root to the active leaf. */
  messages: ApiMessage[];
  /** The model is answering below the last message right now. */
  generating: boolean;
  /** Set when the risk exemption fired on this branch: the crisis-resources text to show. */
  crisisResources: string | null;
}

export interface ApiFeedbackResult {
  id: string;
  kind: 'rating' | 'ending';
  createdAt: number;
}

/**
 * What `POST …/messages` and the other turn routes stream, as SSE `event: <type>`: the engine's
 * events, with decisions as `ApiDecision` and without the tool messages that carry the policy's
 * answer to the model (see `toApiStreamEvent`).
 */
export type ApiStreamEvent =
  | Exclude<ChatEvent, { type: 'decision' }>
  | { type: 'decision'; decision: ApiDecision }
  | { type: 'error'; error: ApiErrorBody['error'] };
export type { ChatEvent, PolicyOutcome };

/** The event a user's stream carries for an engine event; `null` for what stays on the server. */
export function toApiStreamEvent(event: ChatEvent): ApiStreamEvent | null {
  if (event.type === 'decision') return { type: 'decision', decision: toApiDecision(event.decision) };
  if (event.type === 'message' && event.message.role === 'tool') return null;
  return event;
}
