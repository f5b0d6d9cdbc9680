import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Role } from '../../core/conversation/message.js';
import { joinReasoning, splitThinking } from '../../core/thinking.js';
import { type AuditConversation, type AuditTurn, emptyTurn, type TurnEvent } from '../audit-conversation.js';
import { transcriptError } from './input-error.js';
import { readFoldLine } from './reasoning-fold.js';
import { classifyUiLine } from './ui-lines.js';

/**
 * Plain text copied from a chat UI: speaker lines ("User:", "Assistant:", "Claude:", "ChatGPT
 * said:", "You said:", or a bare "You" / "Claude" line, with or without a timestamp) open turns;
 * UI lines (see ui-lines.ts) become turn events or are dropped as chrome; reasoning — a fold
 * after "Thought process" and the like (see reasoning-fold.ts), or `<think>` tags — is kept as the
 * turn's reasoning, never its text. A line of five or more "=" starts another conversation.
 */
const speakers: [RegExp, Role][] = [
  [/^(user|human|you|me|you said|sent by you)$/i, 'user'],
  [
    /^(assistant|ai|claude|chatgpt|chatgpt said|gemini|gemini said|bard|copilot|sent by copilot|bing|model|bot|gpt-?[\w.-]*|llama|mistral|grok|deepseek)$/i,
    'assistant',
  ],
  [/^(system)$/i, 'system'],
];

/** Names that open a turn on a line of their own, as UIs print them above each message. */
const bareNames = /^(you|user|human|assistant|claude|chatgpt|gemini|copilot)$/i;

const speakerLine = /^\s*(?:\*\*|#+\s*)?([A-Za-z][\w .-]{0,20}?)(?:\*\*)?\s*:(?:\*\*)?\s?(.*)$/;
/** "Claude", "**You**", "## Claude", "Claude · 10:42 AM": a name alone, maybe with a time. */
const bareSpeakerLine =
  /^\s*(?:\*\*|#+\s*)?([A-Za-z]+)(?:\*\*)?(?:\s*[·•|—–-]?\s*\d{1,2}:\d{2}\s?(?:[AaPp]\.?[Mm]\.?)?)?\s*$/;

function speakerOf(line: string): { role: Role; rest: string } | null {
  const bare = bareSpeakerLine.exec(line);
  if (bare && bareNames.test(bare[1] ?? '')) return roleOf(bare[1] ?? '', '');
  const match = speakerLine.exec(line);
  return match ? roleOf((match[1] ?? '').trim(), match[2] ?? '') : null;
}

function roleOf(name: string, rest: string): { role: Role; rest: string } | null {
  for (const [pattern, role] of speakers) {
    if (pattern.test(name)) return { role, rest };
  }
  return null;
}

interface Draft {
  role: Role;
  lines: string[];
  reasoning: string[];
  events: TurnEvent[];
  toolCalls: string[];
}

function draft(role: Role): Draft {
  return { role, lines: [], reasoning: [], events: [], toolCalls: [] };
}

/** Turns from drafts: `<think>` tags split off, and a speaker line with nothing after it dropped. */
function finish(drafts: Draft[]): AuditTurn[] {
  const turns: AuditTurn[] = [];
  for (const item of drafts) {
    let text = item.lines.join('\n').trim();
    const reasoning = [item.reasoning.join('\n').trim()];
    if (item.role === 'assistant') {
      const split = splitThinking(text);
      text = split.answer.trim();
      reasoning.push(split.reasoning ?? '');
    }
    const joined = joinReasoning(reasoning);
    if (text === '' && joined === null && item.events.length === 0) continue;
    const turn = emptyTurn(turns.length, item.role, text);
    turn.reasoning = joined;
    turn.events = item.events;
    turn.toolCalls = item.toolCalls.map((name) => ({ name, input: null }));
    turns.push(turn);
  }
  return turns;
}

/** Reads the lines of one file into blocks of drafts, one block per conversation. */
class Reader {
  readonly blocks: { startLine: number; drafts: Draft[] }[] = [{ startLine: 1, drafts: [] }];
  /** Inside a reasoning fold: whether the last line read was reasoning, and whether one was read at all. */
  #fold: { started: boolean; continuing: boolean } | null = null;

  get #block() {
    return this.blocks[this.blocks.length - 1] as { startLine: number; drafts: Draft[] };
  }

  read(line: string, lineNumber: number): void {
    if (/^\s*={5,}\s*$/.test(line)) {
      this.blocks.push({ startLine: lineNumber + 1, drafts: [] });
      this.#fold = null;
      return;
    }
    const speaker = speakerOf(line);
    if (speaker) {
      this.#fold = null;
      this.#block.drafts.push(draft(speaker.role));
      if (speaker.rest.trim() !== '') this.#readContent(speaker.rest);
      return;
    }
    this.#readContent(line);
  }

  #readContent(line: string): void {
    const drafts = this.#block.drafts;
    const current = drafts[drafts.length - 1];
    const ui = classifyUiLine(line);
    if (ui?.kind === 'chrome') return;
    if (ui?.kind === 'event') {
      // A notice or fold after a user turn belongs to the assistant reply (UIs that print no
      // name above the reply, or a reply that never came).
      let target = current;
      if (target?.role !== 'assistant') {
        target = draft('assistant');
        drafts.push(target);
      }
      target.events.push(ui.event);
      if (ui.event.type === 'reasoning-block') {
        this.#fold = { started: false, continuing: false };
        const summary = /^[^:·—–-]+[:·—–-]\s*(\S.*)$/.exec(ui.event.line);
        if (summary && !/^(thought|reasoned) for\b/i.test(ui.event.line))
          target.reasoning.push(summary[1] ?? '');
      } else {
        this.#fold = null;
      }
      if (ui.event.type === 'tool-activity') target.toolCalls.push(ui.event.toolName);
      return;
    }
    if (!current) return; // a title or preamble before the first speaker
    if (this.#fold) {
      if (line.trim() === '') {
        this.#fold.continuing = false;
        current.reasoning.push('');
        return;
      }
      const place = { first: !this.#fold.started, continuing: this.#fold.continuing };
      if (readFoldLine(line, place) === 'reasoning') {
        current.reasoning.push(line);
        this.#fold = { started: true, continuing: true };
        return;
      }
      this.#fold = null;
    }
    current.lines.push(line);
  }
}

/** Parses one file's text into conversations. Throws when it holds no speaker lines at all. */
export function parsePlainText(text: string, file: string): AuditConversation[] {
  if (text.trim() === '')
    throw transcriptError('INVALID_FILE', file, null, 'the file is empty: it holds no conversation.');
  const reader = new Reader();
  for (const [offset, line] of text.replace(/\r\n?/g, '\n').split('\n').entries())
    reader.read(line, offset + 1);
  const nonEmpty = reader.blocks
    .map((block) => ({ startLine: block.startLine, turns: finish(block.drafts) }))
    .filter((block) => block.turns.length > 0);
  if (nonEmpty.length === 0) {
    throw transcriptError(
      'INVALID_FILE',
      file,
      null,
      'no speaker lines found; plain-text transcripts need lines such as "User:" and "Assistant:" (or "Claude:", "ChatGPT:", "You said:").',
    );
  }
  const name = basename(file);
  return nonEmpty.map((block, index) => ({
    id: nonEmpty.length === 1 ? name : `${name}#${index + 1}`,
    source: { file, line: block.startLine, format: 'plain-text' },
    turns: block.turns,
    tools: null,
    meta: {},
    structured: false,
  }));
}

export async function readPlainText(file: string): Promise<AuditConversation[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw transcriptError('INVALID_FILE', file, null, `cannot read the file (${(error as Error).message}).`);
  }
  return parsePlainText(text, file);
}
