import {
  type AnchorHTMLAttributes,
  type HTMLAttributes,
  type ImgHTMLAttributes,
  isValidElement,
  type ReactNode,
  useState,
} from 'react';
import ReactMarkdown, { type Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';

/**
 * Model output as Markdown. Raw HTML in a reply is shown as text (react-markdown turns it into
 * text nodes unless a raw-HTML plugin is added, and none is), so nothing in a reply can run.
 * Images are shown as links: loading them would tell a third party that the reply was read.
 * GitHub-flavoured Markdown (tables, strikethrough, task lists, autolinks) is read with remark-gfm.
 */
const components: Components = {
  pre: ({ children }: HTMLAttributes<HTMLPreElement>) => <CodeBlock>{children}</CodeBlock>,
  a: ({ href, children }: AnchorHTMLAttributes<HTMLAnchorElement>) => (
    <a href={href} target="_blank" rel="noopener noreferrer nofollow">
      {children}
    </a>
  ),
  img: ({ src, alt }: ImgHTMLAttributes<HTMLImageElement>) =>
    typeof src === 'string' && src !== '' ? (
      <a href={src} target="_blank" rel="noopener noreferrer nofollow">
        {`[image${alt ? `: ${alt}` : ''}]`}
      </a>
    ) : (
      <span>{`[image${alt ? `: ${alt}` : ''}]`}</span>
    ),
};

export function Markdown({ text }: { text: string }) {
  return (
    <div className="markdown">
      <ReactMarkdown components={components} remarkPlugins={[remarkGfm]}>
        {text}
      </ReactMarkdown>
    </div>
  );
}

/** Text of a rendered code element's children (react-markdown gives a fenced block's text as one string). */
function textOf(node: ReactNode): string {
  if (typeof node === 'string' || typeof node === 'number') return String(node);
  if (Array.isArray(node)) return node.map(textOf).join('');
  if (isValidElement<{ children?: ReactNode }>(node)) return textOf(node.props.children);
  return '';
}

/** A fenced code block: its language (from ```lang) above it, and a Copy button. */
function CodeBlock({ children }: { children?: ReactNode }) {
  const [copied, setCopied] = useState(false);
  const code = isValidElement<{ className?: string; children?: ReactNode }>(children) ? children : null;
  const language = /language-([\w+#.-]+)/.exec(code?.props.className ?? '')?.[1] ?? null;
  const text = textOf(code?.props.children ?? children).replace(/\n$/, '');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } catch {
      setCopied(false);
    }
  };
  return (
    <div className="code-block">
      <div className="code-head">
        <span className="code-language">{language ?? 'code'}</span>
        <button type="button" className="action code-copy" aria-label="Copy code" onClick={() => void copy()}>
          {copied ? 'Copied' : 'Copy'}
        </button>
      </div>
      <pre>{children}</pre>
    </div>
  );
}
