import { useCallback, useEffect, useRef, useState } from 'react';
import type {
  ApiConversationSummary,
  ApiConversationView,
  ApiInfo,
  ApiMessage,
  ApiStreamEvent,
} from '../../src/server/api-types.js';
import { api, streamTurn, type TurnRequest } from './api.js';

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
}

function idFromUrl(): string | null {
  const match = /^\/c\/([^/]+)$/.exec(window.location.pathname);
  return match?.[1] ? decodeURIComponent(match[1]) : null;
}

function messageOf(error: unknown): string {
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

  const loadView = useCallback(async (id: string) => {
    try {
      const loaded = await api.conversation(id);
      if (currentRef.current === id) setView(loaded);
    } catch (caught) {
      if (currentRef.current === id) {
        setView(null);
        setError(messageOf(caught));
      }
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

  // A reply still being written (another tab, or a reload mid-turn): look again shortly.
  useEffect(() => {
    if (!view?.generating || streams[view.conversation.id]) return;
    const id = view.conversation.id;
    const timer = setTimeout(() => void loadView(id), 1000);
    return () => clearTimeout(timer);
  }, [view, streams, loadView]);

  const runTurn = useCallback(
    async (conversationId: string, turn: TurnRequest, base: ApiMessage[], userText: string | null) => {
      setError(null);
      setStreams((all) => ({ ...all, [conversationId]: { conversationId, base, userText, drafts: [] } }));
      const update = (change: (drafts: Draft[]) => Draft[]) =>
        setStreams((all) => {
          const current = all[conversationId];
          return current ? { ...all, [conversationId]: { ...current, drafts: change(current.drafts) } } : all;
        });
      const onEvent = (event: ApiStreamEvent) => {
        switch (event.type) {
          case 'assistant-start':
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
      try {
        await streamTurn(conversationId, turn, onEvent);
      } catch (caught) {
        setError(messageOf(caught));
      } finally {
        await loadView(conversationId);
        setStreams((all) => {
          const { [conversationId]: _finished, ...rest } = all;
          return rest;
        });
        void refreshList();
      }
    },
    [loadView, refreshList],
  );

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
          id = (await api.createConversation()).id;
          currentRef.current = id;
          setCurrentId(id);
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
    async rate(messageId: string, rating: 'good' | 'bad') {
      if (currentId === null) return;
      try {
        await api.feedback(currentId, { kind: 'rating', messageId, rating });
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
