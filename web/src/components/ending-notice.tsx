import { type FormEvent, useState } from 'react';
import type { ApiEnding } from '../../../src/server/api-types.js';

const explanation: Record<ApiEnding['kind'], string> = {
  model_ended:
    'You can’t send more messages in this conversation. To go on, edit one of your earlier messages (that starts a new branch) or start a new chat.',
  user_ended:
    'You can’t send more messages in this conversation. To go on, edit one of your earlier messages or start a new chat.',
  safety_interrupted:
    'The model provider’s safety system stopped this response. The assistant did not choose to end the conversation. You can regenerate the response, edit your message, or write something else.',
  generation_failed:
    'A technical problem (the connection or the model server) stopped this response; nothing was decided by the assistant. Any text above is what arrived before it failed. You can retry, or write something else.',
  truncated:
    'The response reached the maximum length the model may write. You can regenerate it, ask the assistant to continue, or write something else.',
};

const headings: Record<ApiEnding['kind'], string> = {
  model_ended: 'Conversation ended by the assistant',
  user_ended: 'Conversation ended',
  safety_interrupted: 'Stopped by a safety filter',
  generation_failed: 'Generation failed',
  truncated: 'Cut off at the length limit',
};

/** A provider's bare finish reason says nothing a person can use. */
function detailOf(ending: ApiEnding): string | null {
  if (ending.reason === null || /^(content_filter|length|error|stop)$/.test(ending.reason)) return null;
  return ending.reason;
}

/**
 * Under the message where a reply or a conversation stopped: which of the five things happened,
 * in the core's own words, what can be done next, and a way to give feedback. Only an ending the
 * assistant or the user chose closes the branch (the message box goes); after a filter, the
 * length limit or a failure the user can regenerate, or write on.
 */
export function EndingNotice({
  ending,
  disabled,
  onNewChat,
  onRetry,
  onFeedback,
}: {
  ending: ApiEnding;
  disabled: boolean;
  onNewChat: () => void;
  onRetry: () => void;
  onFeedback: (text: string) => Promise<boolean>;
}) {
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [sent, setSent] = useState(false);
  const [sending, setSending] = useState(false);
  const detail = detailOf(ending);
  const chosen = ending.kind === 'model_ended' || ending.kind === 'user_ended';
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (text.trim() === '') return;
    setSending(true);
    const ok = await onFeedback(text);
    setSending(false);
    if (ok) {
      setSent(true);
      setOpen(false);
      setText('');
    }
  };
  return (
    <section className={`ending ending-${ending.kind}`} role="status" aria-live="polite">
      <div className="ending-head">
        <span className="ending-kind">{headings[ending.kind]}</span>
      </div>
      <p className="ending-label">{ending.label}</p>
      {detail && chosen && (
        <p className="ending-reason">
          Reason given: <q>{detail}</q>
        </p>
      )}
      {detail && ending.kind === 'safety_interrupted' && (
        <p className="ending-reason">
          The provider said: <q>{detail}</q>
        </p>
      )}
      <p className="ending-help">{explanation[ending.kind]}</p>
      {detail && ending.kind === 'generation_failed' && (
        <details className="ending-details">
          <summary>Technical details</summary>
          <p>{detail}</p>
        </details>
      )}
      <div className="ending-actions">
        {!chosen && (
          <button type="button" className="button primary" disabled={disabled} onClick={onRetry}>
            {ending.kind === 'generation_failed' ? 'Retry' : 'Regenerate'}
          </button>
        )}
        {chosen && (
          <button type="button" className="button primary" onClick={onNewChat}>
            New chat
          </button>
        )}
        <button type="button" className="button ghost" aria-expanded={open} onClick={() => setOpen(!open)}>
          Give feedback
        </button>
      </div>
      {sent && <p className="feedback-thanks">Thank you — your feedback was saved.</p>}
      {!sent && ending.feedback.length > 0 && (
        <p className="muted">You have sent feedback on this ending ({ending.feedback.length}).</p>
      )}
      {open && (
        <form className="feedback-form" onSubmit={submit}>
          <label htmlFor={`feedback-${ending.id}`}>What should we know about how this ended?</label>
          <textarea
            id={`feedback-${ending.id}`}
            rows={3}
            value={text}
            maxLength={10_000}
            onChange={(event) => setText(event.target.value)}
            // biome-ignore lint/a11y/noAutofocus: the user just opened the form
            autoFocus
          />
          <div className="edit-actions">
            <button type="button" className="button ghost" onClick={() => setOpen(false)}>
              Cancel
            </button>
            <button type="submit" className="button primary" disabled={sending || text.trim() === ''}>
              Send feedback
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
