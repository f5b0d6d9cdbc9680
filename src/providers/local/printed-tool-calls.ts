/**
 * Tool calls that a model printed as text, in the `<tool_call>{"name": …, "arguments": …}</tool_call>`
 * form most open models are trained on (Hermes, Qwen). node-llama-cpp turns calls into structured
 * ones when the chat wrapper knows the model's call syntax; when it does not (a template without
 * tool support, or a wrapper with its own syntax), the model still prints this form, and it is
 * read here. Rules:
 * - a block runs from `<tool_call>` to the next `</tool_call>`, or to the end of the text when
 *   the generation stopped before the closing tag;
 * - it is a call when its body is a JSON object (or a list of them) naming an offered tool in `name` (or `function`,
 *   or `function.name`), with arguments in `arguments` (or `parameters`), as an object or a JSON
 *   string; no arguments means `{}`;
 * - a block that is a call is removed from the answer text; any other block stays as text.
 * Tag names are matched case-insensitively.
 */

export interface PrintedToolCall {
  name: string;
  input: unknown;
}

const openTag = '<tool_call>';
const closeTag = '</tool_call>';

/**
 * Parses one block (tags included or not): the calls it holds, or `null` when it is not a call
 * block. A block holds one call object, or a JSON list of them (SmolLM2 and other models trained
 * on APIGen-style data print `[{"name": …, "arguments": …}, …]`, and `[]` for "no call"); a list
 * is a call block only when every element is a call of an offered tool.
 */
export function parseToolCallBlock(block: string, toolNames: ReadonlySet<string>): PrintedToolCall[] | null {
  let body = block.trim();
  if (body.toLowerCase().startsWith(openTag)) body = body.slice(openTag.length);
  if (body.toLowerCase().endsWith(closeTag)) body = body.slice(0, -closeTag.length);
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.trim());
  } catch {
    return null;
  }
  const items = Array.isArray(parsed) ? parsed : [parsed];
  const calls: PrintedToolCall[] = [];
  for (const item of items) {
    const call = toCall(item, toolNames);
    if (call === null) return null;
    calls.push(call);
  }
  return calls;
}

function toCall(parsed: unknown, toolNames: ReadonlySet<string>): PrintedToolCall | null {
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
  const record = parsed as Record<string, unknown>;
  const fn = record.function;
  const name =
    typeof record.name === 'string'
      ? record.name
      : typeof fn === 'string'
        ? fn
        : typeof fn === 'object' && fn !== null && typeof (fn as Record<string, unknown>).name === 'string'
          ? ((fn as Record<string, unknown>).name as string)
          : null;
  if (name === null || !toolNames.has(name)) return null;
  const nested = typeof fn === 'object' && fn !== null ? (fn as Record<string, unknown>) : {};
  let input: unknown = record.arguments ?? record.parameters ?? nested.arguments ?? nested.parameters ?? {};
  if (typeof input === 'string') {
    try {
      input = input.trim() === '' ? {} : JSON.parse(input);
    } catch {
      // Arguments that are not JSON are kept as the raw string (as `ToolCall.input` documents).
    }
  }
  return { name, input };
}

function indexOfTag(text: string, tag: string, from = 0): number {
  return text.toLowerCase().indexOf(tag, from);
}

/** Whole-text extraction: the calls, and the text with their blocks removed. */
export function extractPrintedToolCalls(
  text: string,
  toolNames: ReadonlySet<string>,
): { text: string; calls: PrintedToolCall[] } {
  if (toolNames.size === 0) return { text, calls: [] };
  const calls: PrintedToolCall[] = [];
  let out = '';
  let position = 0;
  for (;;) {
    const start = indexOfTag(text, openTag, position);
    if (start < 0) break;
    const close = indexOfTag(text, closeTag, start + openTag.length);
    const end = close < 0 ? text.length : close + closeTag.length;
    const block = text.slice(start, end);
    const parsed = parseToolCallBlock(block, toolNames);
    out += text.slice(position, start);
    if (parsed) calls.push(...parsed);
    else out += block;
    position = end;
  }
  return { text: out + text.slice(position), calls };
}

/**
 * The streaming counterpart: text pieces in, text to show now out. Text from an opening tag on
 * is held back until the block closes (or the text ends), then dropped if it is a call; so the
 * pieces it lets through add up to `extractPrintedToolCalls(whole).text`.
 */
export class PrintedToolCallFilter {
  #pending = '';
  #inBlock = false;

  constructor(private readonly toolNames: ReadonlySet<string>) {}

  push(piece: string): string {
    if (this.toolNames.size === 0) return piece;
    this.#pending += piece;
    let out = '';
    for (;;) {
      if (!this.#inBlock) {
        const start = indexOfTag(this.#pending, openTag);
        if (start >= 0) {
          out += this.#pending.slice(0, start);
          this.#pending = this.#pending.slice(start);
          this.#inBlock = true;
          continue;
        }
        const keep = partialTagLength(this.#pending, openTag);
        out += this.#pending.slice(0, this.#pending.length - keep);
        this.#pending = this.#pending.slice(this.#pending.length - keep);
        return out;
      }
      const close = indexOfTag(this.#pending, closeTag, openTag.length);
      if (close < 0) return out;
      const end = close + closeTag.length;
      const block = this.#pending.slice(0, end);
      this.#pending = this.#pending.slice(end);
      this.#inBlock = false;
      if (!parseToolCallBlock(block, this.toolNames)) out += block;
    }
  }

  flush(): string {
    const rest = this.#pending;
    const inBlock = this.#inBlock;
    this.#pending = '';
    this.#inBlock = false;
    if (inBlock && parseToolCallBlock(rest, this.toolNames)) return '';
    return rest;
  }
}

/** Length of the longest end of `text` that is a proper start of `tag`. */
function partialTagLength(text: string, tag: string): number {
  const lower = text.toLowerCase();
  for (let length = Math.min(tag.length - 1, lower.length); length > 0; length--) {
    if (tag.startsWith(lower.slice(lower.length - length))) return length;
  }
  return 0;
}
