import { type FormEvent, useState } from 'react';
import type { ApiMessage } from '../../../src/server/api-types.js';
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
}: Common & { onEdit: (text: string) => void }) {
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(message.text);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (text.trim() === '') return;
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
            // biome-ignore lint/a11y/noAutofocus: the user just asked to edit this message
            autoFocus
          />
          <p className="edit-hint">Saving starts a new branch from here; the current one is kept.</p>
          <div className="edit-actions">
            <button type="button" className="button ghost" onClick={() => setEditing(false)}>
              Cancel
            </button>
            <button type="submit" className="button primary" disabled={disabled || text.trim() === ''}>
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

const refusalWhy: Record<string, string> = {
  not_last_resort:
    'ending a conversation is a last resort, and it had not yet tried enough to steer things elsewhere',
  needs_user_confirmation: 'it first has to ask you to confirm',
  imminent_risk: 'you may be going through something serious, so it stays to help',
  tool_disabled: 'ending conversations is turned off here',
  signals_unavailable: 'the conversation could not be checked, so it stays',
};

export function AssistantMessage({
  message,
  disabled,
  onSwitch,
  onRegenerate,
  onRate,
}: Common & { onRegenerate: () => void; onRate: (rating: 'good' | 'bad') => void }) {
  const refused = message.decision?.outcome === 'refused' ? message.decision : null;
  const empty = message.text === '' && message.toolCalls.length === 0;
  return (
    <article className="message assistant" aria-label="Assistant message">
      {message.reasoning && <Reasoning text={message.reasoning} />}
      {message.text !== '' && <Markdown text={message.text} />}
      {empty && !message.ending && (
        <p className="muted">
          {message.interrupted ? 'Stopped before any text arrived.' : 'The model sent an empty reply.'}
        </p>
      )}
      {message.interrupted && message.text !== '' && (
        <p className="muted">The server stopped before this answer was complete.</p>
      )}
      {message.warning && (
        <p className="muted warning-note">
          The assistant warned that it may end this conversation if this continues.
        </p>
      )}
      {refused && (
        <p className="policy-note">
          The assistant asked to end this conversation. It was not ended, because{' '}
          {refusalWhy[refused.rule] ?? 'the policy did not allow it'}.
        </p>
      )}
      <div className="actions">
        <VersionSwitcher versions={message.versions} onSwitch={onSwitch} disabled={disabled} />
        <button type="button" className="action" disabled={disabled} onClick={onRegenerate}>
          <Refresh />
          <span>Regenerate</span>
        </button>
        <button
          type="button"
          className="action icon-only"
          aria-label="Good response"
          title="Good response"
          aria-pressed={message.rating === 'good'}
          onClick={() => onRate('good')}
        >
          <ThumbUp />
        </button>
        <button
          type="button"
          className="action icon-only"
          aria-label="Bad response"
          title="Bad response"
          aria-pressed={message.rating === 'bad'}
          onClick={() => onRate('bad')}
        >
          <ThumbDown />
        </button>
        {message.partial && message.ending && message.text !== '' && (
          <span className="tag" title="The generation stopped early; this is the text that arrived">
            incomplete
          </span>
        )}
        {message.simulated && (
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

/** The answer being written right now. */
export function DraftMessage({ text, reasoning }: { text: string; reasoning: string }) {
  return (
    <article className="message assistant draft" aria-label="Assistant message" aria-busy="true">
      {reasoning !== '' && <Reasoning text={reasoning} />}
      {text === '' ? (
        <p className="typing">
          <span className="sr-only">The assistant is writing…</span>
          <span className="dot" />
          <span className="dot" />
          <span className="dot" />
        </p>
      ) : (
        <Markdown text={text} />
      )}
    </article>
  );
}
