import type {
  ApiConversationSummary,
  ApiConversationView,
  ApiErrorBody,
  ApiFeedbackResult,
  ApiInfo,
  ApiStreamEvent,
  FeedbackBody,
} from '../../src/server/api-types.js';

/** The header every state-changing request carries (see the server's CSRF guard). */
const requestHeader = { 'X-Bailkit-Request': '1' };

export class ApiError extends Error {
  readonly code: string;
  readonly status: number;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: {
      ...(method === 'GET' ? {} : requestHeader),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  if (!response.ok) throw await toApiError(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

async function toApiError(response: Response): Promise<ApiError> {
  try {
    const body = (await response.json()) as ApiErrorBody;
    return new ApiError(response.status, body.error.code, body.error.message);
  } catch {
    return new ApiError(response.status, 'HTTP_ERROR', `The server answered ${response.status}.`);
  }
}

export const api = {
  info: () => request<ApiInfo>('GET', '/api/info'),
  conversations: () =>
    request<{ conversations: ApiConversationSummary[] }>('GET', '/api/conversations').then(
      (r) => r.conversations,
    ),
  createConversation: () => request<ApiConversationSummary>('POST', '/api/conversations', {}),
  conversation: (id: string) => request<ApiConversationView>('GET', `/api/conversations/${id}`),
  deleteConversation: (id: string) => request<void>('DELETE', `/api/conversations/${id}`),
  setActiveLeaf: (id: string, nodeId: string) =>
    request<ApiConversationView>('POST', `/api/conversations/${id}/active-leaf`, { nodeId }),
  feedback: (id: string, body: FeedbackBody) =>
    request<ApiFeedbackResult>('POST', `/api/conversations/${id}/feedback`, body),
  withdrawRating: (id: string, messageId: string) =>
    request<void>('DELETE', `/api/conversations/${id}/messages/${messageId}/rating`),
  /** Stops the turn answering below `messageId`; its text so far is kept. */
  stop: (id: string, messageId: string) =>
    request<{ stopped: boolean }>('POST', `/api/conversations/${id}/messages/${messageId}/stop`),
};

/** A network failure (the server is gone), as opposed to an answer from the server. */
export function isConnectionError(error: unknown): boolean {
  return error instanceof TypeError;
}

export type TurnRequest =
  | { kind: 'send'; text: string; parentId: string | null }
  | { kind: 'edit'; messageId: string; text: string }
  | { kind: 'regenerate'; messageId: string }
  | { kind: 'reply'; messageId: string }
  /** Joins the turn already answering below `messageId` (after a reload, or from another tab). */
  | { kind: 'watch'; messageId: string };

/** Runs a turn: POSTs it and hands every SSE event to `onEvent` as it arrives. */
export async function streamTurn(
  conversationId: string,
  turn: TurnRequest,
  onEvent: (event: ApiStreamEvent) => void,
): Promise<void> {
  const base = `/api/conversations/${conversationId}/messages`;
  const [path, body] =
    turn.kind === 'watch'
      ? [`${base}/${turn.messageId}/stream`, undefined]
      : turn.kind === 'send'
        ? [base, turn.parentId === null ? { text: turn.text } : { text: turn.text, parentId: turn.parentId }]
        : turn.kind === 'edit'
          ? [`${base}/${turn.messageId}/edit`, { text: turn.text }]
          : [`${base}/${turn.messageId}/${turn.kind}`, undefined];
  const response = await fetch(path, {
    method: turn.kind === 'watch' ? 'GET' : 'POST',
    credentials: 'same-origin',
    headers: {
      ...(turn.kind === 'watch' ? {} : requestHeader),
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  // Nothing runs there any more: the stored view has it all.
  if (response.status === 204) return;
  if (!response.ok || !response.body) throw await toApiError(response);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let split = buffer.indexOf('\n\n');
    while (split !== -1) {
      const block = buffer.slice(0, split);
      buffer = buffer.slice(split + 2);
      const data = block
        .split('\n')
        .filter((line) => line.startsWith('data: '))
        .map((line) => line.slice(6))
        .join('\n');
      if (data !== '') onEvent(JSON.parse(data) as ApiStreamEvent);
      split = buffer.indexOf('\n\n');
    }
  }
}
