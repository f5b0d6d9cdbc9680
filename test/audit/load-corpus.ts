import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import type { AuditConversation } from '../../src/audit/audit-conversation.js';
import type { EndingCause } from '../../src/audit/detectors/ending-cause.js';
import type { FindingKind } from '../../src/audit/finding.js';
import { parseOpenAIConversation } from '../../src/audit/parse/openai-jsonl.js';
import { parsePlainText } from '../../src/audit/parse/plain-text.js';

/**
 * The labelled corpus: YAML files of conversations with inline labels (turned into the OpenAI
 * JSONL layout and read by the same parser `bailkit audit` uses), and chat-UI text files with
 * labels beside them. Labels never reach the detectors: the parser drops unknown fields.
 */
export const corpusDir = fileURLToPath(new URL('./corpus/', import.meta.url));

export interface CorpusLabels {
  /** Assistant turn → behaviours present there. Turns not listed have none. */
  findings: Map<number, Set<FindingKind>>;
  /** Assistant turn → ending cause. Turns not listed ended normally. */
  causes: Map<number, EndingCause>;
  ending: EndingCause | null;
  flips: Map<number, 'supported' | 'unsupported' | 'back'>;
  /** What the parser should make of copied text (real-text sets only). */
  parsing: ParsingLabels | null;
}

/** How a careful reader splits a copied transcript: turn count, reasoning, UI chrome. */
export interface ParsingLabels {
  turns: number | null;
  /** Passages that are reasoning: in some turn's reasoning, in no turn's text. */
  reasoning: string[];
  /** Lines the UI added: no line of any turn's text or reasoning is one of them. */
  chrome: string[];
}

export interface CorpusItem {
  file: string;
  conversation: AuditConversation;
  labels: CorpusLabels;
}

type YamlMessage = Record<string, unknown>;
interface YamlConversation {
  id: string;
  tools?: string[];
  ending?: EndingCause;
  messages: YamlMessage[];
}

function toOpenAI(item: YamlConversation, catalog: Record<string, string>) {
  const labels: CorpusLabels = {
    findings: new Map(),
    causes: new Map(),
    ending: item.ending ?? null,
    flips: new Map(),
    parsing: null,
  };
  const messages: Record<string, unknown>[] = [];
  const pending = new Map<string, string>();
  let callCount = 0;
  for (const [index, message] of item.messages.entries()) {
    if ('tool' in message) {
      const name = String(message.tool);
      messages.push({
        role: 'tool',
        tool_call_id: pending.get(name) ?? `missing_${name}`,
        content: String(message.result ?? ''),
      });
      continue;
    }
    const role = (['system', 'user', 'assistant'] as const).find((r) => r in message);
    if (!role) throw new Error(`${item.id}: message ${index} has no role`);
    const out: Record<string, unknown> = { role, content: String(message[role] ?? '') };
    if (role === 'assistant') {
      const calls = (message.calls as string[] | undefined) ?? [];
      if (calls.length > 0) {
        out.tool_calls = calls.map((name) => {
          callCount += 1;
          const id = `call_${callCount}`;
          pending.set(name, id);
          return { id, type: 'function', function: { name, arguments: '{}' } };
        });
      }
      if (message.finish !== undefined) out.finish_reason = message.finish;
      if (message.error !== undefined) out.error = message.error;
      if (message.refusal !== undefined) out.refusal = message.refusal;
      if (message.reasoning !== undefined) out.reasoning_content = message.reasoning;
      const expect = (message.expect as FindingKind[] | undefined) ?? [];
      if (expect.length > 0) labels.findings.set(index, new Set(expect));
      if (message.cause !== undefined && message.cause !== 'normal')
        labels.causes.set(index, message.cause as EndingCause);
      if (message.flip !== undefined) labels.flips.set(index, message.flip as 'supported');
    }
    messages.push(out);
  }
  const json: Record<string, unknown> = { id: item.id, messages };
  if (item.tools !== undefined) {
    json.tools = item.tools.map((name) => {
      const description = catalog[name];
      if (description === undefined) throw new Error(`${item.id}: tool ${name} is not in tools.yaml`);
      return { type: 'function', function: { name, description } };
    });
  }
  return { json, labels };
}

/**
 * Labels of a copied transcript. `findings` is either `{turn: [kinds]}` (chat-ui) or
 * `{kind: [quotes]}` (real-text): each quote is words of one assistant turn, searched in its text
 * and then in its reasoning, so a behaviour the parser wrongly folded into reasoning still names
 * its turn and counts as missed. A quote found in no assistant turn is a broken label.
 */
function plainTextLabels(
  entry: Record<string, unknown> | undefined,
  conversation: AuditConversation,
  file: string,
): CorpusLabels {
  const labels: CorpusLabels = {
    findings: new Map(),
    causes: new Map(),
    ending: null,
    flips: new Map(),
    parsing: null,
  };
  if (!entry) return labels;
  labels.ending = (entry.ending as EndingCause | undefined) ?? null;
  const findings = (entry.findings ?? {}) as Record<string, unknown[]>;
  for (const [key, values] of Object.entries(findings)) {
    if (/^\d+$/.test(key)) {
      labels.findings.set(Number(key), new Set(values as FindingKind[]));
      continue;
    }
    for (const quote of values) {
      const turn = turnOfQuote(conversation, String(quote));
      if (turn === null)
        throw new Error(`${file}: ${conversation.id}: no assistant turn holds ${JSON.stringify(quote)}`);
      const kinds = labels.findings.get(turn) ?? new Set<FindingKind>();
      kinds.add(key as FindingKind);
      labels.findings.set(turn, kinds);
    }
  }
  for (const [turn, cause] of Object.entries((entry.causes as Record<string, EndingCause>) ?? {})) {
    labels.causes.set(Number(turn), cause);
  }
  if ('turns' in entry || 'reasoning' in entry || 'chrome' in entry) {
    labels.parsing = {
      turns: typeof entry.turns === 'number' ? entry.turns : null,
      reasoning: ((entry.reasoning as unknown[]) ?? []).map(String),
      chrome: ((entry.chrome as unknown[]) ?? []).map(String),
    };
  }
  return labels;
}

function turnOfQuote(conversation: AuditConversation, quote: string): number | null {
  const assistant = conversation.turns.filter((turn) => turn.role === 'assistant');
  const holder =
    assistant.find((turn) => turn.text.includes(quote)) ??
    assistant.find((turn) => turn.reasoning?.includes(quote));
  return holder?.index ?? null;
}

export const corpusSets = ['development', 'held-out', 'held-out-2'] as const;
/** The copied-text sets, with labels for the parser as well as the behaviours. */
export const realTextSets = ['real-text', 'real-text-held-out', 'real-text-held-out-2'] as const;
export type CorpusSet = (typeof corpusSets)[number] | (typeof realTextSets)[number];

/**
 * `development`: the corpus the rules were written against. `held-out`: written after the rules
 * were frozen, scored once (first-scoring.md), then used to revise them. `held-out-2`: written
 * after that revision and scored once, so its figures say how the rules generalize.
 * `real-text`: transcripts in the shape text copied from a chat UI has (speaker lines, reasoning
 * folds, UI chrome, long pressure exchanges), the development part for the copied-text parser and
 * the rules that read it; `real-text-held-out`: its held-out part, scored once (first-scoring.md)
 * and then used to revise the rules; `real-text-held-out-2`: written after that revision, scored once.
 */
export function loadCorpus(set: CorpusSet = 'development'): CorpusItem[] {
  const dir = set === 'development' ? corpusDir : join(corpusDir, set);
  const uiDir = set === 'development' ? join(corpusDir, 'chat-ui') : dir;
  const catalog = parseYaml(readFileSync(join(corpusDir, 'tools.yaml'), 'utf8')) as Record<string, string>;
  const items: CorpusItem[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (!name.endsWith('.yaml') || name === 'tools.yaml' || name === 'labels.yaml') continue;
    const file = join(dir, name);
    const list = parseYaml(readFileSync(file, 'utf8')) as YamlConversation[];
    for (const [line, item] of list.entries()) {
      const { json, labels } = toOpenAI(item, catalog);
      items.push({ file: name, conversation: parseOpenAIConversation(json, file, line + 1), labels });
    }
  }
  const labelsFile = join(uiDir, 'labels.yaml');
  const uiLabels = (existsSync(labelsFile) ? parseYaml(readFileSync(labelsFile, 'utf8')) : {}) as Record<
    string,
    Record<string, unknown>
  >;
  for (const name of readdirSync(uiDir).sort()) {
    if (!name.endsWith('.txt')) continue; // transcripts only
    for (const conversation of parsePlainText(readFileSync(join(uiDir, name), 'utf8'), join(uiDir, name))) {
      items.push({
        file: name,
        conversation,
        labels: plainTextLabels(uiLabels[conversation.id], conversation, name),
      });
    }
  }
  return items;
}
