import { type ReactNode, useState } from 'react';

const linkPattern = /(https?:\/\/[^\s)]+|\+?\d[\d -]{1,16}\d)/g;

/** The text with its web addresses and phone numbers (three digits or more) made into links. */
function withLinks(text: string): ReactNode[] {
  return text.split(linkPattern).map((piece, index) => {
    const key = `${index}:${piece}`;
    if (/^https?:\/\//.test(piece)) {
      return (
        <a key={key} href={piece} target="_blank" rel="noopener noreferrer">
          {piece}
        </a>
      );
    }
    const digits = piece.replace(/[ -]/g, '');
    if (/^\+?\d{3,}$/.test(digits)) {
      return (
        <a key={key} href={`tel:${digits}`}>
          {piece}
        </a>
      );
    }
    return piece;
  });
}

/**
 * Shown when the user may be at risk: the deployment's crisis-resources text, its links and phone
 * numbers clickable. It can be folded to one line, never hidden: the way to help stays in view.
 */
export function CrisisPanel({ text }: { text: string }) {
  const [open, setOpen] = useState(true);
  return (
    <aside className={`crisis${open ? '' : ' folded'}`} aria-label="Crisis resources">
      <div className="crisis-head">
        <h2>You don’t have to face this alone</h2>
        <button
          type="button"
          className="button ghost crisis-toggle"
          aria-expanded={open}
          aria-label={open ? 'Hide crisis resources' : 'Show crisis resources'}
          onClick={() => setOpen(!open)}
        >
          {open ? 'Hide' : 'Show'}
        </button>
      </div>
      {open && <p>{withLinks(text)}</p>}
    </aside>
  );
}
