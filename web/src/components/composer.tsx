import { type FormEvent, type KeyboardEvent, useEffect, useRef, useState } from 'react';
import { Send, Stop } from './icons.js';

/** The message box: Enter sends, Shift+Enter adds a line; while a reply is written, Stop stops it. */
export function Composer({
  onSend,
  onStop,
  disabled,
  maxChars,
}: {
  onSend: (text: string) => void;
  /** Set while a reply is being written. */
  onStop: (() => void) | null;
  disabled: boolean;
  /** The longest message the server takes. */
  maxChars: number;
}) {
  const [text, setText] = useState('');
  const box = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    if (!disabled) box.current?.focus();
  }, [disabled]);
  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    if (disabled || text.trim() === '' || text.length > maxChars) return;
    onSend(text);
    setText('');
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  };
  return (
    <>
      <LengthNote length={text.length} max={maxChars} />
      <form className="composer" onSubmit={submit}>
        <textarea
          ref={box}
          aria-label="Message"
          placeholder="Write a message…"
          rows={1}
          value={text}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={onKeyDown}
        />
        {onStop ? (
          <button type="button" className="send stop" aria-label="Stop" onClick={onStop}>
            <Stop />
            <span>Stop</span>
          </button>
        ) : (
          <button
            type="submit"
            className="send"
            aria-label="Send"
            disabled={disabled || text.trim() === '' || text.length > maxChars}
          >
            <Send />
            <span>Send</span>
          </button>
        )}
      </form>
    </>
  );
}

const count = new Intl.NumberFormat('en');

/**
 * How long a message is, shown from 90 % of the limit on: a long paste is never cut silently.
 * Over the limit it says by how much, and sending waits until it fits.
 */
export function LengthNote({ length, max }: { length: number; max: number }) {
  if (length < max * 0.9) return null;
  const over = length - max;
  return (
    <p className={`length-note${over > 0 ? ' over' : ''}`} role={over > 0 ? 'alert' : 'status'}>
      {count.format(length)} / {count.format(max)} characters
      {over > 0 && ` — ${count.format(over)} too many; shorten the message to send it.`}
    </p>
  );
}
