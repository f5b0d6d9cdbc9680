import { type RefObject, useEffect, useRef } from 'react';
import type { ApiMessage } from '../../../src/server/api-types.js';
import type { ChatActions, Streaming } from '../use-chat.js';
import { AssistantTurn, DraftMessage, UserMessage } from './message-item.js';

/** The messages of the shown branch, and the turn being streamed below them. */
export function Thread({
  messages,
  streaming,
  busy,
  actions,
  followKey,
  follow,
  maxChars,
}: {
  messages: ApiMessage[];
  streaming: Streaming | null;
  busy: boolean;
  actions: ChatActions;
  /** Changes when something below the thread appears (a notice, a panel), to keep the end in view. */
  followKey: string;
  follow: Follow;
  /** The longest message the server takes. */
  maxChars: number;
}) {
  const shown = streaming ? streaming.base : messages;
  const draftLength = streaming?.drafts.reduce((sum, d) => sum + d.text.length + d.reasoning.length, 0) ?? 0;
  // biome-ignore lint/correctness/useExhaustiveDependencies: follow the text as it grows
  useEffect(() => {
    follow.toEnd();
  }, [shown.length, draftLength, followKey]);

  return (
    <div className="thread-inner">
      {turnsOf(shown).map((turn) => {
        const [head] = turn;
        if (!head) return null;
        return head.role === 'user' ? (
          <UserMessage
            key={head.id}
            message={head}
            disabled={busy}
            onSwitch={(id) => void actions.switchVersion(id)}
            onEdit={(text) => void actions.editAndRetry(head.id, text)}
            maxChars={maxChars}
          />
        ) : (
          <AssistantTurn
            key={head.id}
            messages={turn}
            disabled={busy}
            onSwitch={(id) => void actions.switchVersion(id)}
            onRegenerate={(id) => void actions.regenerate(id)}
            onRate={(id, rating) => void actions.rate(id, rating)}
            onNewChat={actions.newChat}
            onEndingFeedback={actions.endingFeedback}
          />
        );
      })}
      {streaming?.userText != null && (
        <article className="message user pending" aria-label="Your message">
          <div className="bubble">{streaming.userText}</div>
        </article>
      )}
      {streaming && <DraftMessage drafts={streaming.drafts} lost={streaming.lost} />}
    </div>
  );
}

/** A user message alone, or the assistant and tool messages that answer it, in order. */
function turnsOf(messages: ApiMessage[]): ApiMessage[][] {
  const turns: ApiMessage[][] = [];
  for (const message of messages) {
    if (message.role === 'system') continue;
    const current = turns.at(-1);
    if (message.role === 'user' || !current || current[0]?.role === 'user') turns.push([message]);
    else current.push(message);
  }
  return turns;
}

/** Keeps the newest text in view while the reader is at the end, and leaves them be once they scroll up. */
export interface Follow {
  ref: RefObject<HTMLDivElement | null>;
  onScroll: () => void;
  /** Scrolls to the end if the reader was there; `force` also when they were not (a new conversation). */
  toEnd: (force?: boolean) => void;
}

/** Within this many pixels of the end counts as at the end. */
const endSlackPx = 48;

export function useFollow(): Follow {
  const ref = useRef<HTMLDivElement>(null);
  const atEnd = useRef(true);
  return {
    ref,
    onScroll: () => {
      const box = ref.current;
      if (box) atEnd.current = box.scrollHeight - box.scrollTop - box.clientHeight <= endSlackPx;
    },
    toEnd: (force = false) => {
      const box = ref.current;
      if (!box || !(atEnd.current || force)) return;
      box.scrollTop = box.scrollHeight;
      atEnd.current = true;
    },
  };
}
