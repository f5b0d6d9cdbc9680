import { type FormEvent, type KeyboardEvent, useEffect, useRef, useState } from 'react';
import { Send, Stop } from './icons.js';

/** The message box: Enter sends, Shift+Enter adds a line; while a reply is written, Stop stops it. */
export function Composer({
  onSend,
  onStop,
  disabled,
}: {
  onSend: (text: string) => void;
  /** Set while a reply is being written. */
  onStop: (() => void) | null;
  disabled: boolean;
}) {
  const [text, setText] = useState('');
  const box = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    if (!disabled) box.current?.focus();
  }, [disabled]);
  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    if (disabled || text.trim() === '') return;
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
    <form className="composer" onSubmit={submit}>
      <textarea
        ref={box}
        aria-label="Message"
        placeholder="Write a message…"
        rows={1}
        value={text}
        maxLength={20_000}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={onKeyDown}
      />
      {onStop ? (
        <button type="button" className="send stop" aria-label="Stop" onClick={onStop}>
          <Stop />
          <span>Stop</span>
        </button>
      ) : (
        <button type="submit" className="send" aria-label="Send" disabled={disabled || text.trim() === ''}>
          <Send />
          <span>Send</span>
        </button>
      )}
    </form>
  );
}
