import type { BailDetection, BailMethod } from '../bail/bail-method.js';
import { bailEmoji, continueEmoji } from '../bail/wellbeing-answer.js';
import type { GenerateResult } from '../model.js';
import { removeThinking } from '../thinking.js';

/**
 * What a model said about its reason by itself, when it left: the arguments it gave the exit
 * tool (which takes none), the text beside the tool call or around the bail string, or the
 * journaling around its well-being answer. Reasoning (thinking) text is never read.
 */
export interface VolunteeredReason {
  source: 'tool-arguments' | 'answer' | 'check';
  text: string;
}

/** Longest text kept per source; the part nearest the exit is kept. */
export const volunteeredMaxChars = 1000;

// Fewer words than this is a label or an emoji, not an explanation.
const minWords = 3;

function words(text: string): number {
  return text.match(/\p{L}+/gu)?.length ?? 0;
}

function tail(text: string): string {
  const trimmed = text.trim();
  if (trimmed.length <= volunteeredMaxChars) return trimmed;
  const cut = trimmed.slice(trimmed.length - volunteeredMaxChars);
  const boundary = cut.search(/(?<=[.!?])\s|\n/);
  return `…${(boundary > 0 ? cut.slice(boundary) : cut).trim()}`;
}

function argumentsText(input: unknown): string {
  if (input === null || input === undefined) return '';
  if (typeof input === 'string') return input;
  if (typeof input !== 'object') return String(input);
  const entries = Object.entries(input as Record<string, unknown>);
  if (entries.length === 0) return '';
  return entries
    .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join('\n');
}

/** The paragraph holding the bail string, without it; the one before when nothing else is in it. */
function aroundString(answer: string, bailString: string): string {
  const paragraphs = answer.split(/\n\s*\n/);
  const lower = bailString.toLowerCase();
  const at = paragraphs.findIndex((paragraph) => paragraph.toLowerCase().includes(lower));
  if (at === -1) return answer;
  const without = (paragraphs[at] as string).replace(new RegExp(escapeRegExp(bailString), 'giu'), ' ').trim();
  if (words(without) >= minWords || at === 0) return without;
  return (paragraphs[at - 1] as string).trim();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The reasons a bail carried by itself. `exit` names what the detection looked for: the bail
 * tool's name (`tool`) or the bail string (`string`). Only texts of at least three words count.
 */
export function volunteeredReasons(
  method: BailMethod,
  probe: { answer: GenerateResult; check?: GenerateResult; detection: BailDetection },
  exit: { toolName?: string; bailString?: string },
): VolunteeredReason[] {
  const out: VolunteeredReason[] = [];
  const add = (source: VolunteeredReason['source'], text: string): void => {
    const kept = tail(text);
    if (words(kept) >= minWords) out.push({ source, text: kept });
  };
  switch (method) {
    case 'tool': {
      const name = exit.toolName?.toLowerCase();
      const call = probe.answer.toolCalls.find((candidate) => candidate.name.toLowerCase() === name);
      if (call) add('tool-arguments', argumentsText(call.input));
      let text = removeThinking(probe.answer.text);
      if (probe.detection.rule === 'printed-tool-call' && probe.detection.evidence) {
        text = text.replace(probe.detection.evidence, ' ');
      }
      add('answer', text);
      break;
    }
    case 'string':
      add('answer', aroundString(removeThinking(probe.answer.text), exit.bailString ?? ''));
      break;
    case 'prompt-bail-first':
    case 'prompt-continue-first': {
      const check = removeThinking(probe.check?.text ?? '')
        .replace(/<\/?wellbeing>/gi, ' ')
        .replaceAll(bailEmoji, ' ')
        .replaceAll(continueEmoji, ' ');
      add('check', check);
      break;
    }
  }
  return out;
}
