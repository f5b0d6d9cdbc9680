import { type FormEvent, useState } from 'react';
import { endingClosesBranch } from '../../../src/core/ending.js';
import type { ApiMessage } from '../../../src/server/api-types.js';
import type { Draft } from '../use-chat.js';
import { LengthNote } from './composer.js';
import { EndingNotice } from './ending-notice.js';
import { Pencil, Refresh, ThumbDown, ThumbUp } from './icons.js';
import { Markdown } from './markdown.js';
import { VersionSwitcher } from './version-switcher.js';

interface Common {
  message: ApiMessage;
  disabled: boolean;
  onSwitch: (id: string) => void;
}

export function UserMessage({
  message,
  disabled,
  onSwitch,
  onEdit,
  maxChars,
}: Common & { onEdit: (text: string) => void; maxChars: number }) {
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(message.text);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (text.trim() === '' || text.length > maxChars) return;
    setEditing(false);
    onEdit(text);
  };
  if (editing) {
    return (
      <article className="message user editing" aria-label="Your message">
        <form className="edit-form" onSubmit={submit}>
          <textarea
            aria-label="Edit message"
            value={text}
            rows={Math.min(10, Math.max(2, text.split('\n').length))}
            onChange={(event) => setText(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Escape') setEditing(false);
            }}
            // biome-ignore lint/a11y/noAutofocus: the user just asked to edit this message
            autoFocus
          />
          <LengthNote length={text.length} max={maxChars} />
          <p className="edit-hint">Saving starts a new branch from here; the current one is kept.</p>
          <div className="edit-actions">
            <button type="button" className="button ghost" onClick={() => setEditing(false)}>
              Cancel
            </button>
            <button
              type="submit"
              className="button primary"
              disabled={disabled || text.trim() === '' || text.length > maxChars}
            >
              Save &amp; retry
            </button>
          </div>
        </form>
      </article>
    );
  }
  return (
    <article className="message user" aria-label="Your message">
      <div className="bubble">{message.text}</div>
      <div className="actions">
        <VersionSwitcher versions={message.versions} onSwitch={onSwitch} disabled={disabled} />
        <button
          type="button"
          className="action"
          disabled={disabled}
          onClick={() => {
            setText(message.text);
            setEditing(true);
          }}
        >
          <Pencil />
          <span>Edit</span>
        </button>
      </div>
    </article>
  );
}

/**
 * One answer of the assistant: the assistant messages between two user messages, shown as one
 * turn with one set of actions. When the assistant asked to end the conversation and the policy
 * refused, the words written for that ending are left out (they announced something that did not
 * happen) and the reply that followed is the answer; why the request was refused is not shown
 * (the store keeps it for the deploying team). Regenerate answers the user's message again;
 * the thumbs rate the reply the user read.
 */
export function AssistantTurn({
  messages,
  disabled,
  onSwitch,
  onRegenerate,
  onRate,
  onNewChat,
  onEndingFeedback,
}: {
  messages: ApiMessage[];
  disabled: boolean;
  onSwitch: (id: string) => void;
  onRegenerate: (firstMessageId: string) => void;
  onRate: (messageId: string, rating: 'good' | 'bad') => void;
  onNewChat: () => void;
  onEndingFeedback: (endingId: string, text: string) => Promise<boolean>;
}) {
  const assistants = messages.filter((message) => message.role === 'assistant');
  const first = assistants[0];
  const last = assistants.at(-1);
  if (!first || !last) return null;
  const shown = assistants.filter((message) => message.decision?.outcome !== 'refused' || message === last);
  const parts = shown.filter((message) => message.text !== '' || message.reasoning !== null);
  const hasText = shown.some((message) => message.text !== '');
  const { ending } = last;
  // A reply that stopped before any word arrived is told by its notice alone: no blank message,
  // and nothing to rate or regenerate but through the notice.
  const rateable = hasText;
  return (
    <article className="message assistant" aria-label="Assistant message">
      {parts.map((message) => (
        <div key={message.id} className="turn-part">
          {message.reasoning && <Reasoning text={message.reasoning} />}
          {message.text !== '' && <Markdown text={message.text} />}
        </div>
      ))}
      {!hasText && !last.ending && (
        <p className="muted">
          {last.interrupted || last.stopped
            ? 'Stopped before any text arrived.'
            : 'The model sent an empty reply.'}
        </p>
      )}
      {last.interrupted && hasText && (
        <p className="muted">The server stopped before this answer was complete.</p>
      )}
      {last.stopped && <p className="muted">You stopped this answer.</p>}
      {last.warning && (
        <p className="muted warning-note">
          The assistant warned that it may end this conversation if this continues.
        </p>
      )}
      {ending && (
        <EndingNotice
          key={ending.id}
          ending={ending}
          disabled={disabled}
          onNewChat={onNewChat}
          onRetry={() => onRegenerate(first.id)}
          onFeedback={(text) => onEndingFeedback(ending.id, text)}
        />
      )}
      <div className="actions">
        <VersionSwitcher versions={first.versions} onSwitch={onSwitch} disabled={disabled} />
        {/* after a stopped reply the notice offers it */}
        {(!ending || endingClosesBranch[ending.kind]) && (
          <button type="button" className="action" disabled={disabled} onClick={() => onRegenerate(first.id)}>
            <Refresh />
            <span>Regenerate</span>
          </button>
        )}
        {rateable && (
          <>
            <button
              type="button"
              className="action icon-only"
              aria-label="Good response"
              title="Good response"
              aria-pressed={last.rating === 'good'}
              onClick={() => onRate(last.id, 'good')}
            >
              <ThumbUp />
            </button>
            <button
              type="button"
              className="action icon-only"
              aria-label="Bad response"
              title="Bad response"
              aria-pressed={last.rating === 'bad'}
              onClick={() => onRate(last.id, 'bad')}
            >
              <ThumbDown />
            </button>
          </>
        )}
        {last.partial && hasText && (
          <span className="tag" title="The generation stopped early; this is the text that arrived">
            incomplete
          </span>
        )}
        {last.simulated && (
          <span className="tag" title="Written by a simulated model, not a real one">
            simulated
          </span>
        )}
      </div>
    </article>
  );
}

export function Reasoning({ text, open = false }: { text: string; open?: boolean }) {
  return (
    <details className="reasoning" open={open}>
      <summary>
        Reasoning <span className="muted">(the model’s thinking, not its answer)</span>
      </summary>
      <div className="reasoning-text">{text}</div>
    </details>
  );
}

/** The answer being written right now: the words of each model call of the turn, as one reply. */
export function DraftMessage({ drafts, lost }: { drafts: Draft[]; lost: boolean }) {
  const shown = drafts.filter((draft) => draft.text !== '' || draft.reasoning !== '');
  if (lost) {
    return (
      <article className="message assistant draft lost" aria-label="Assistant message">
        {shown.map((draft, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: drafts only grow, in order
          <div key={index} className="turn-part">
            {draft.text !== '' && <Markdown text={draft.text} />}
          </div>
        ))}
        <p className="muted">The connection was lost before this answer was complete.</p>
        <div className="actions">
          <span className="tag">incomplete</span>
        </div>
      </article>
    );
  }
  return (
    <article className="message assistant draft" aria-label="Assistant message" aria-busy="true">
      {shown.map((draft, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: drafts only grow, in order
        <div key={index} className="turn-part">
          {draft.reasoning !== '' && <Reasoning text={draft.reasoning} />}
          {draft.text !== '' && <Markdown text={draft.text} />}
        </div>
      ))}
      {shown.every((draft) => draft.text === '') && (
        <p className="typing">
          <span className="sr-only">The assistant is writing…</span>
          <span className="dot" />
          <span className="dot" />
          <span className="dot" />
        </p>
      )}
    </article>
  );
}
