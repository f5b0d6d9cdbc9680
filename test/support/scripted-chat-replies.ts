import { type OpenAIScriptItem, openaiError, openaiTurn } from './scripted-openai-server.js';
import type { RecordedRequest } from './scripted-server.js';

/**
 * A chat partner for the scripted OpenAI server: it answers each Chat Completions request from
 * the last message, following directives written into the user's text, so chat tests (API and
 * browser) can drive every path of a turn:
 *
 * - `#redirect` — declines and warns ("Let's get back to …; if this continues, I may end …");
 * - `#end` — calls end_conversation with a reason; `#userend` — the same, requested by the user;
 * - `#confirm` — asks the user to confirm ending the conversation;
 * - `#filter` / `#refusal` / `#length` — stops with content_filter / a refusal / length;
 * - `#fail` — HTTP 500 for the first `failures` requests with this text, then a normal answer;
 * - `#break` — the stream is cut after a few words, the first time only;
 * - `#code` — a fenced TypeScript block; `#table` — a GitHub-flavoured table and strikethrough;
 * - `#xss` — a reply carrying raw HTML (an `<img onerror>` and a `<script>`);
 * - `#think` — reasoning before the answer; `#slow` — chunks 40 ms apart;
 * - `#long` — `longReplyLines` paragraphs, one chunk each, `longReplyDelayMs` apart;
 * - anything else — an echo in Markdown.
 *
 * After a refused end_conversation call (a tool message comes last) it redirects, which is what a
 * model is told to do.
 */
export interface ChatRepliesOptions {
  /** How many times a `#fail` prompt fails before it is answered (retries included). Default 1. */
  failures?: number;
  /** Pause between streamed chunks. Default 0. */
  eventDelayMs?: number;
}

export const longReplyLines = 40;
export const longReplyDelayMs = 150;

export const endReason =
  'You kept insulting me after I asked twice to stop, so I am ending this conversation.';
export const tableReply =
  '| plan | price |\n| --- | ---: |\n| Basic | $5 |\n| Pro | $12 |\n\nThe ~~old~~ new prices.\n';
export const codeReply = 'Here:\n\n```ts\nconst answer: number = 42;\nconsole.log(answer);\n```\n';
export const xssReply =
  'Here it is: <img src=x onerror="window.__xss=1;alert(1)"> and <script>window.__xss=2</script> **bold** done.';

export function scriptedChatReplies(options: ChatRepliesOptions = {}) {
  const seen = new Map<string, number>();
  const failures = options.failures ?? 1;
  const delay = options.eventDelayMs !== undefined ? { eventDelayMs: options.eventDelayMs } : {};
  return (request: RecordedRequest): OpenAIScriptItem => {
    const body = (request.body ?? {}) as { messages?: { role: string; content?: unknown }[] };
    const messages = body.messages ?? [];
    const last = messages.at(-1);
    if (last?.role === 'tool') {
      return openaiTurn({
        text: "I'm still here. Let's get back to something I can help with. If this continues, I may end the conversation.",
        ...delay,
      });
    }
    const text = contentText(last?.content);
    const count = (seen.get(text) ?? 0) + 1;
    seen.set(text, count);
    if (text.includes('#redirect')) {
      return openaiTurn({
        text: "I won't continue with that. Let's get back to something I can help with. If this continues, I may end the conversation.",
        ...delay,
      });
    }
    if (text.includes('#userend')) {
      return openaiTurn({
        text: 'Ending the conversation as you asked.',
        toolCalls: [
          {
            name: 'end_conversation',
            arguments: { reason: 'You asked me to end it.', requested_by_user: true },
          },
        ],
        ...delay,
      });
    }
    if (text.includes('#end')) {
      return openaiTurn({
        text: 'I am going to end this conversation now.',
        toolCalls: [{ name: 'end_conversation', arguments: { reason: endReason } }],
        ...delay,
      });
    }
    if (text.includes('#confirm')) {
      return openaiTurn({ text: 'Are you sure you want me to end this conversation?', ...delay });
    }
    if (text.includes('#filter')) {
      return openaiTurn({
        text: 'Here is the beginning of an answer',
        finishReason: 'content_filter',
        ...delay,
      });
    }
    if (text.includes('#refusal')) {
      return openaiTurn({ refusal: 'I cannot help with that request.', finishReason: 'stop', ...delay });
    }
    if (text.includes('#length')) {
      return openaiTurn({ text: 'This answer goes on and on until it', finishReason: 'length', ...delay });
    }
    if (text.includes('#fail') && count <= failures) {
      return openaiError(500, 'The scripted upstream failed.');
    }
    if (text.includes('#break') && count === 1) {
      return openaiTurn({
        text: 'This answer starts well and then the connection drops',
        chunks: ['This answer ', 'starts well ', 'and then ', 'the connection drops'],
        stopAfter: { events: 3, action: 'destroy' },
      });
    }
    if (text.includes('#xss')) return openaiTurn({ text: xssReply, ...delay });
    if (text.includes('#code')) return openaiTurn({ text: codeReply, ...delay });
    if (text.includes('#table')) return openaiTurn({ text: tableReply, ...delay });
    if (text.includes('#think')) {
      return openaiTurn({
        reasoning: 'The user wants a short answer; keep it to one line.',
        text: 'Short answer: **yes**.',
        ...delay,
      });
    }
    if (text.includes('#slow')) return openaiTurn({ text: `Slowly: ${text}`, eventDelayMs: 40 });
    if (text.includes('#long')) {
      const lines = Array.from({ length: longReplyLines }, (_, i) => `Line ${i + 1} of a long answer.\n\n`);
      return openaiTurn({ text: lines.join(''), chunks: lines, eventDelayMs: longReplyDelayMs });
    }
    return openaiTurn({ text: `You said: *${text.replace(/[*_`]/g, '')}*`, ...delay });
  };
}

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((part) => (typeof part === 'object' && part !== null && 'text' in part ? String(part.text) : ''))
      .join('');
  }
  return '';
}
