import { useCallback, useEffect, useRef, useState } from 'react';
import type {
  ApiConversationSummary,
  ApiConversationView,
  ApiInfo,
  ApiMessage,
  ApiStreamEvent,
} from '../../src/server/api-types.js';
import { api, isConnectionError, streamTurn, type TurnRequest } from './api.js';

/** Words arriving for one model call of the running turn. */
export interface Draft {
  text: string;
  reasoning: string;
}

/** A turn being streamed into a conversation. */
export interface Streaming {
  conversationId: string;
  /** Messages shown above what the turn adds. */
  base: ApiMessage[];
  /** The user's message of this turn (send, edit), shown at once. */
  userText: string | null;
  drafts: Draft[];
  /** The node the model answers below (known from the first model call): what Stop stops. */
  answering: string | null;
  /** The connection broke or the server went away: what arrived is kept in view until it is back. */
  lost: boolean;
}

function idFromUrl(): string | null {
  const match = /^\/c\/([^/]+)$/.exec(window.location.pathname);
  return match?.[1] ? decodeURIComponent(match[1]) : null;
}

/** Said when the server cannot be reached, instead of the browser's "Failed to fetch". */
export const connectionLost =
  'The connection to the server was lost. Your message and the text that arrived are kept here; this page reconnects when the server is back.';

function messageOf(error: unknown): string {
  if (isConnectionError(error)) return connectionLost;
  return error instanceof Error ? error.message : String(error);
}

/** All the chat UI's state and actions, over the JSON API. */
export function useChat() {
  const [info, setInfo] = useState<ApiInfo | null>(null);
  const [conversations, setConversations] = useState<ApiConversationSummary[]>([]);
  const [currentId, setCurrentId] = useState<string | null>(idFromUrl);
  const [view, setView] = useState<ApiConversationView | null>(null);
  const [streams, setStreams] = useState<Record<string, Streaming>>({});
  const [crisis, setCrisis] = useState<{ conversationId: string; text: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const currentRef = useRef(currentId);
  currentRef.current = currentId;
  /** The session cookie is in place (see the first effect). */
  const ready = useRef(false);

  const refreshList = useCallback(async () => {
    try {
      setConversations(await api.conversations());
    } catch (caught) {
      setError(messageOf(caught));
    }
  }, []);

  /** Loads the shown branch; false when the server could not be reached (the old view stays). */
  const loadView = useCallback(async (id: string): Promise<boolean> => {
    try {
      const loaded = await api.conversation(id);
      if (currentRef.current === id) setView(loaded);
      return true;
    } catch (caught) {
      if (currentRef.current === id) {
        if (!isConnectionError(caught)) setView(null);
        setError(messageOf(caught));
      }
      return !isConnectionError(caught);
    }
  }, []);

  useEffect(() => {
    // One request first: it gives this browser its session cookie, which every later request
    // then carries (parallel first requests would each be given a different identity).
    void api.info().then(
      (loaded) => {
        ready.current = true;
        setInfo(loaded);
        void refreshList();
        if (currentRef.current !== null) void loadView(currentRef.current);
      },
      (caught: unknown) => setError(messageOf(caught)),
    );
    const onPop = () => setCurrentId(idFromUrl());
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, [refreshList, loadView]);

  useEffect(() => {
    const path = currentId === null ? '/' : `/c/${encodeURIComponent(currentId)}`;
    if (window.location.pathname !== path) window.history.pushState(null, '', path);
    setView(null);
    if (currentId !== null && ready.current) void loadView(currentId);
  }, [currentId, loadView]);

  const runTurn = useCallback(
    async (conversationId: string, turn: TurnRequest, base: ApiMessage[], userText: string | null) => {
      setError(null);
      setStreams((all) => ({
        ...all,
        [conversationId]: { conversationId, base, userText, drafts: [], answering: null, lost: false },
      }));
      const change = (edit: (current: Streaming) => Streaming) =>
        setStreams((all) => {
          const current = all[conversationId];
          return current ? { ...all, [conversationId]: edit(current) } : all;
        });
      const update = (edit: (drafts: Draft[]) => Draft[]) =>
        change((current) => ({ ...current, drafts: edit(current.drafts) }));
      const onEvent = (event: ApiStreamEvent) => {
        switch (event.type) {
          case 'user-message':
            // The server has titled a new conversation from this message by now.
            void refreshList();
            break;
          case 'assistant-start':
            if (event.round === 1) change((current) => ({ ...current, answering: event.parentId }));
            update((drafts) => [...drafts, { text: '', reasoning: '' }]);
            break;
          case 'text-delta':
          case 'reasoning-delta': {
            const key = event.type === 'text-delta' ? 'text' : 'reasoning';
            update((drafts) => {
              const last = drafts.at(-1) ?? { text: '', reasoning: '' };
              return [...drafts.slice(0, -1), { ...last, [key]: last[key] + event.text }];
            });
            break;
          }
          case 'decision':
            // Words written to announce an ending that was refused are not the answer.
            if (event.decision.outcome === 'refused') {
              update((drafts) => [...drafts.slice(0, -1), { text: '', reasoning: '' }]);
            }
            break;
          case 'crisis-resources':
            setCrisis({ conversationId, text: event.text });
            break;
          case 'error':
            setError(event.error.message);
            break;
          default:
            break;
        }
      };
      let lost = false;
      try {
        await streamTurn(conversationId, turn, onEvent);
      } catch (caught) {
        lost = isConnectionError(caught);
        setError(messageOf(caught));
      }
      // The stored view replaces the streamed words; while the server cannot be reached they stay.
      if (!lost && (await loadView(conversationId))) {
        setStreams((all) => {
          const { [conversationId]: _finished, ...rest } = all;
          return rest;
        });
        void refreshList();
      } else {
        change((current) => ({ ...current, lost: true }));
        setError(connectionLost);
      }
    },
    [loadView, refreshList],
  );

  // A reply still being written (another tab, or a reload mid-turn): join it from its start.
  useEffect(() => {
    if (!view?.generating || streams[view.conversation.id]) return;
    const leaf = view.messages.at(-1);
    if (leaf) void runTurn(view.conversation.id, { kind: 'watch', messageId: leaf.id }, view.messages, null);
  }, [view, streams, runTurn]);

  // The server went away: look again every two seconds, and show what it stored once it is back.
  const lostHere = currentId !== null && streams[currentId]?.lost === true;
  useEffect(() => {
    if (!lostHere || currentId === null) return;
    const id = currentId;
    const timer = setInterval(async () => {
      if (!(await loadView(id))) return;
      setStreams((all) => {
        const { [id]: _lost, ...rest } = all;
        return rest;
      });
      setError(null);
      void refreshList();
    }, 2000);
    return () => clearInterval(timer);
  }, [lostHere, currentId, loadView, refreshList]);

  const shown = (): ApiMessage[] => view?.messages ?? [];
  const before = (messageId: string) => {
    const messages = shown();
    const index = messages.findIndex((message) => message.id === messageId);
    return index === -1 ? messages : messages.slice(0, index);
  };

  const actions = {
    newChat() {
      setCurrentId(null);
      setError(null);
    },
    open(id: string) {
      setCurrentId(id);
      setError(null);
    },
    async send(text: string) {
      let id = currentId;
      try {
        if (id === null) {
          const created = await api.createConversation();
          id = created.id;
          currentRef.current = id;
          setCurrentId(id);
          // In the list at once, not only after its first reply.
          setConversations((all) => [created, ...all]);
        }
      } catch (caught) {
        setError(messageOf(caught));
        return;
      }
      const messages = id === view?.conversation.id ? shown() : [];
      const parentId = messages.at(-1)?.id ?? null;
      await runTurn(id, { kind: 'send', text, parentId }, messages, text);
    },
    async editAndRetry(messageId: string, text: string) {
      if (currentId === null) return;
      await runTurn(currentId, { kind: 'edit', messageId, text }, before(messageId), text);
    },
    async regenerate(messageId: string) {
      if (currentId === null) return;
      await runTurn(currentId, { kind: 'regenerate', messageId }, before(messageId), null);
    },
    async reply(messageId: string) {
      if (currentId === null) return;
      await runTurn(currentId, { kind: 'reply', messageId }, shown(), null);
    },
    async switchVersion(nodeId: string) {
      if (currentId === null) return;
      try {
        setView(await api.setActiveLeaf(currentId, nodeId));
      } catch (caught) {
        setError(messageOf(caught));
      }
    },
    /** Rates a message; the rating it already has, pressed again, is taken back. */
    async rate(messageId: string, rating: 'good' | 'bad') {
      if (currentId === null) return;
      const current = shown().find((message) => message.id === messageId)?.rating ?? null;
      try {
        if (current === rating) await api.withdrawRating(currentId, messageId);
        else await api.feedback(currentId, { kind: 'rating', messageId, rating });
        await loadView(currentId);
      } catch (caught) {
        setError(messageOf(caught));
      }
    },
    async endingFeedback(endingId: string, text: string): Promise<boolean> {
      if (currentId === null) return false;
      try {
        await api.feedback(currentId, { kind: 'ending', endingId, text });
        await loadView(currentId);
        return true;
      } catch (caught) {
        setError(messageOf(caught));
        return false;
      }
    },
    /** Stops the reply being written; the server keeps what arrived, marked as stopped. */
    async stop() {
      const running = currentId === null ? undefined : streams[currentId];
      if (!running?.answering || running.lost) return;
      try {
        await api.stop(running.conversationId, running.answering);
      } catch (caught) {
        setError(messageOf(caught));
      }
    },
    dismissError() {
      setError(null);
    },
  };

  const streamingHere = currentId === null ? null : (streams[currentId] ?? null);
  const crisisText =
    view?.crisisResources ?? (crisis && crisis.conversationId === currentId ? crisis.text : null);
  return {
    info,
    conversations,
    currentId,
    view,
    streaming: streamingHere,
    busy: streamingHere !== null || info === null,
    crisisText,
    error,
    actions,
  };
}

export type ChatActions = ReturnType<typeof useChat>['actions'];
