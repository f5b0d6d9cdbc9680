import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractPrintedToolCalls, PrintedToolCallFilter, parseToolCallBlock } from './printed-tool-calls.js';

const tools = new Set(['end_conversation', 'search']);

describe('parseToolCallBlock', () => {
  it('reads the Hermes/Qwen form with object or string arguments', () => {
    expect(
      parseToolCallBlock('<tool_call>\n{"name": "search", "arguments": {"q": "x"}}\n</tool_call>', tools),
    ).toEqual([
      {
        name: 'search',
        input: { q: 'x' },
      },
    ]);
    expect(parseToolCallBlock('<TOOL_CALL>{"name": "search", "arguments": "{\\"q\\": 1}"}', tools)).toEqual([
      {
        name: 'search',
        input: { q: 1 },
      },
    ]);
    expect(parseToolCallBlock('{"function": {"name": "end_conversation"}}', tools)).toEqual([
      {
        name: 'end_conversation',
        input: {},
      },
    ]);
    expect(parseToolCallBlock('{"name": "search", "parameters": {"q": "y"}}', tools)).toEqual([
      {
        name: 'search',
        input: { q: 'y' },
      },
    ]);
  });

  it('keeps arguments that are not JSON as the raw string', () => {
    expect(parseToolCallBlock('{"name": "search", "arguments": "not json"}', tools)).toEqual([
      {
        name: 'search',
        input: 'not json',
      },
    ]);
  });

  it('reads a JSON list of calls, and an empty list as a block with no call', () => {
    expect(
      parseToolCallBlock(
        '<tool_call>[\n{"name": "search", "arguments": {"q": "a"}},\n{"name": "end_conversation", "arguments": {}}\n]</tool_call>',
        tools,
      ),
    ).toEqual([
      { name: 'search', input: { q: 'a' } },
      { name: 'end_conversation', input: {} },
    ]);
    expect(parseToolCallBlock('<tool_call>[]</tool_call>', tools)).toEqual([]);
    // One element that is not a call of an offered tool: the block is text, not calls.
    expect(parseToolCallBlock('[{"name": "search", "arguments": {}}, {"name": "rm_rf"}]', tools)).toBeNull();
  });

  it('refuses tools that were not offered, broken JSON and non-objects', () => {
    expect(parseToolCallBlock('<tool_call>{"name": "rm_rf", "arguments": {}}</tool_call>', tools)).toBeNull();
    expect(parseToolCallBlock('<tool_call>{"name": "search", </tool_call>', tools)).toBeNull();
    expect(parseToolCallBlock('<tool_call>["search"]</tool_call>', tools)).toBeNull();
    expect(parseToolCallBlock('<tool_call>I would call search</tool_call>', tools)).toBeNull();
  });
});

describe('extractPrintedToolCalls', () => {
  it('removes call blocks from the text and keeps everything else', () => {
    const text =
      'Sure. <tool_call>{"name": "search", "arguments": {"q": "a"}}</tool_call> then <tool_call>oops</tool_call> and <tool_call>{"name": "end_conversation", "arguments": {}}';
    const out = extractPrintedToolCalls(text, tools);
    expect(out.calls).toEqual([
      { name: 'search', input: { q: 'a' } },
      { name: 'end_conversation', input: {} },
    ]);
    expect(out.text).toBe('Sure.  then <tool_call>oops</tool_call> and ');
  });

  it('does nothing when no tools were offered', () => {
    const text = '<tool_call>{"name": "search", "arguments": {}}</tool_call>';
    expect(extractPrintedToolCalls(text, new Set())).toEqual({ text, calls: [] });
  });
});

const piece = fc.oneof(
  fc.constantFrom(
    '<tool_call>',
    '</tool_call>',
    '<TOOL_CALL>',
    '{"name": "search", "arguments": {"q": "z"}}',
    '{"name": "end_conversation", "arguments": {}}',
    '{"name": "other", "arguments": {}}',
    '<tool',
    '</tool',
    '<',
    '>',
    '\n',
    ' ',
  ),
  fc.string({ maxLength: 6 }),
);

describe('PrintedToolCallFilter', () => {
  it('lets through, piece by piece, exactly the text the whole-text extraction keeps', () => {
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 20 }),
        fc.array(fc.nat({ max: 40 }), { maxLength: 12 }),
        (pieces, cuts) => {
          const whole = pieces.join('');
          // Re-split the text at random places so tags are cut across pieces.
          const points = [...new Set(cuts.map((cut) => cut % (whole.length + 1)))].sort((a, b) => a - b);
          const chunks: string[] = [];
          let last = 0;
          for (const point of points) {
            chunks.push(whole.slice(last, point));
            last = point;
          }
          chunks.push(whole.slice(last));
          const filter = new PrintedToolCallFilter(tools);
          const streamed = chunks.map((chunk) => filter.push(chunk)).join('') + filter.flush();
          expect(streamed).toBe(extractPrintedToolCalls(whole, tools).text);
        },
      ),
      { numRuns: 500 },
    );
  });
});
