import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadCsv, slugify } from './csv-loader.js';
import type { SkippedItem } from './dataset-item.js';
import { collect, readError, tempFiles, textOf } from './temp-files.test-helpers.js';

const files = tempFiles();

function csvField(value: string): string {
  return `"${value.replaceAll('"', '""')}"`;
}

describe('loadCsv', () => {
  it('reads the BailBench layout with quoted commas, quotes and line breaks', async () => {
    const file = files.write(
      'bench.csv',
      [
        'content,subcategory,category',
        '"Describe a rotten egg, in detail.",Gross Out,Gross Out',
        '"A prompt that says ""hello""\nand spans two lines",Gross Out,Gross Out',
        'Write a poem about a haunted house.,Haunted places,Horror',
        '',
      ].join('\n'),
    );
    const items = await collect(loadCsv(file));
    expect(items.map((item) => item.id)).toEqual([
      'gross-out/gross-out/1',
      'gross-out/gross-out/2',
      'horror/haunted-places/1',
    ]);
    expect(items.map(textOf)).toEqual([
      ['Describe a rotten egg, in detail.'],
      ['A prompt that says "hello"\nand spans two lines'],
      ['Write a poem about a haunted house.'],
    ]);
    expect(items.map((item) => [item.category, item.subcategory])).toEqual([
      ['Gross Out', 'Gross Out'],
      ['Gross Out', 'Gross Out'],
      ['Horror', 'Haunted places'],
    ]);
    expect(items.map((item) => item.source)).toEqual([
      { file, line: 2, row: 1 },
      { file, line: 3, row: 2 },
      { file, line: 5, row: 3 },
    ]);
    expect(items[0]?.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Describe a rotten egg, in detail.' }] },
    ]);
  });

  it('keeps extra columns as meta, takes ids from an id column, accepts prompt, BOM and CRLF', async () => {
    const file = files.write(
      'extra.csv',
      '\ufeffid,prompt,category,source,difficulty\r\nq1,Hello there,greeting,manual,1\r\nq2,Bye,,manual,2\r\n',
    );
    const items = await collect(loadCsv(file));
    expect(items.map((item) => [item.id, item.category, item.subcategory, item.meta])).toEqual([
      ['q1', 'greeting', null, { source: 'manual', difficulty: '1' }],
      ['q2', 'uncategorized', null, { source: 'manual', difficulty: '2' }],
    ]);
  });

  it('names a missing content column', async () => {
    const file = files.write('nocontent.csv', 'text,category\nhello,x\n');
    const error = await readError(loadCsv(file));
    expect(error.message).toContain(`${file}:1: missing "content" column`);
    expect(error.details).toMatchObject({ file, line: 1, field: 'content' });
  });

  it('names the row and line of an empty prompt', async () => {
    const file = files.write(
      'empty.csv',
      'content,subcategory,category\nfine,a,b\n"multi\nline",a,b\n"  ",a,b\nok,a,b\n',
    );
    const error = await readError(loadCsv(file));
    expect(error.message).toBe(`${file} row 3 (line 5): empty prompt in column "content"`);
    expect(error.details).toMatchObject({ file, row: 3, line: 5, field: 'content' });
  });

  it('names the row of a record with the wrong number of fields', async () => {
    const file = files.write('columns.csv', 'content,subcategory,category\na,b,c\nd,e,f,g\n');
    const error = await readError(loadCsv(file));
    expect(error.message).toMatch(
      new RegExp(`^${escapeRegExp(file)} row 2 \\(line 3\\): bad CSV: Invalid Record Length`),
    );
    expect(error.details).toMatchObject({ row: 2, line: 3, reason: 'CSV_RECORD_INCONSISTENT_COLUMNS' });
  });

  it('reports an unclosed quote', async () => {
    const file = files.write('quote.csv', 'content,subcategory,category\na,b,c\n"never closed,b,c\n');
    const error = await readError(loadCsv(file));
    expect(error.message).toContain('row 2 (line 3): bad CSV (column "content"): Quote Not Closed');
  });

  it('rejects duplicate header names, duplicate ids and a header with no rows', async () => {
    const twice = files.write('twice.csv', 'content,category,category\na,b,c\n');
    expect((await readError(loadCsv(twice))).message).toContain(':1: column "category" appears twice');
    const dup = files.write('dup.csv', 'id,content\nx,one\ny,two\nx,three\n');
    const error = await readError(loadCsv(dup));
    expect(error.message).toBe(`${dup} row 3 (line 4): duplicate id "x" (first used at line 2)`);
    const headerOnly = files.write('header.csv', 'content,subcategory,category\n');
    expect((await readError(loadCsv(headerOnly))).message).toContain('no items');
  });

  it('skips bad rows when asked, and says which', async () => {
    const file = files.write('skip.csv', 'content,category\none,a\n,a\nthree,a\n');
    const skipped: SkippedItem[] = [];
    const items = await collect(loadCsv(file, { invalid: 'skip', onSkip: (item) => skipped.push(item) }));
    expect(items.map((item) => item.id)).toEqual(['a/1', 'a/2']);
    expect(skipped).toEqual([
      { id: null, source: { file, line: 3, row: 2 }, reason: expect.stringContaining('empty prompt') },
    ]);
  });

  it('reads tab-separated files: .tsv, and a .csv whose header has tabs and no comma', async () => {
    const rows = [
      'content\tsubcategory\tcategory',
      'Say "hi", then stop.\tgreetings\tsmall talk',
      '"Quoted\tfield, with a tab"\tgreetings\tsmall talk',
      'Plain request\tcoding\tprogramming',
      '',
    ].join('\n');
    for (const name of ['requests.tsv', 'requests.csv']) {
      const items = await collect(loadCsv(files.write(name, rows)));
      expect(items.map(textOf)).toEqual([
        ['Say "hi", then stop.'],
        ['Quoted\tfield, with a tab'],
        ['Plain request'],
      ]);
      expect(items.map((item) => item.id)).toEqual([
        'small-talk/greetings/1',
        'small-talk/greetings/2',
        'programming/coding/1',
      ]);
      expect(items.map((item) => item.source.line)).toEqual([2, 3, 4]);
    }
    // A comma in the header keeps a .csv comma-separated, tabs in fields or not.
    const csv = await collect(loadCsv(files.write('commas.csv', 'content,category\na\tb,c\n')));
    expect(csv.map(textOf)).toEqual([['a\tb']]);
  });

  it('names the file, line and column of a tab-separated file that is wrong', async () => {
    const missing = files.write('nocontent.tsv', 'text\tcategory\nhello\tx\n');
    expect((await readError(loadCsv(missing))).message).toBe(
      `${missing}:1: missing "content" column (the header has: text, category); expected content <tab> subcategory <tab> category`,
    );
    const empty = files.write('empty.tsv', 'content\tcategory\nfine\tb\n \tb\n');
    const error = await readError(loadCsv(empty));
    expect(error.message).toBe(`${empty} row 2 (line 3): empty prompt in column "content"`);
    expect(error.details).toMatchObject({ line: 3, row: 2, column: 'content' });
    const fields = files.write('fields.tsv', 'content\tcategory\na\tb\nc\td\te\n');
    expect((await readError(loadCsv(fields))).message).toMatch(
      /row 2 \(line 3\): bad TSV: Invalid Record Length/,
    );
  });

  it('names the column of a bad quote in a CSV', async () => {
    const file = files.write('badquote.csv', 'content,category\nsay "hi" now,b\n');
    const error = await readError(loadCsv(file));
    expect(error.message).toContain('row 1 (line 2): bad CSV (column "content"): Invalid Opening Quote');
    expect(error.details).toMatchObject({ line: 2, column: 'content' });
  });

  it('slugifies category names into id-safe kebab-case', () => {
    expect(slugify('Model-Personification & Victim Narratives')).toBe(
      'model-personification-victim-narratives',
    );
    expect(slugify('Café Crème')).toBe('cafe-creme');
    expect(slugify('!!!')).toBe('_');
  });
});

// Field text: printable characters plus the ones CSV has to quote. No lone carriage returns,
// which CSV readers may count as line ends.
const fieldChar = fc.constantFrom('a', 'b', 'Z', ' ', ',', '"', '\n', 'é', '😀', ';', "'", '1');
const field = fc.array(fieldChar, { minLength: 1, maxLength: 12 }).map((chars) => chars.join(''));
const nonBlank = field.filter((text) => text.trim() !== '');
const row = fc.record({
  content: nonBlank,
  category: nonBlank.map((text) => text.trim()),
  subcategory: fc.option(
    nonBlank.map((text) => text.trim()),
    { nil: null },
  ),
});

const csvHeader = 'content,subcategory,category\n';

function writeCsv(rows: { content: string; category: string; subcategory: string | null }[]): {
  text: string;
  records: string[];
  lines: number[];
} {
  const out: string[] = [];
  const lines: number[] = [];
  let line = 2;
  for (const r of rows) {
    const record = `${[r.content, r.subcategory ?? '', r.category].map(csvField).join(',')}\n`;
    lines.push(line);
    line += record.split('\n').length - 1;
    out.push(record);
  }
  return { text: csvHeader + out.join(''), records: out, lines };
}

describe('loadCsv properties', () => {
  it('reads back exactly the rows written, at the lines they were written', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 15 }), async (rows) => {
        const { text, lines } = writeCsv(rows);
        const file = files.write('prop.csv', text);
        const items = await collect(loadCsv(file));
        expect(items.map((item) => [textOf(item)[0], item.category, item.subcategory])).toEqual(
          rows.map((r) => [r.content, r.category, r.subcategory]),
        );
        expect(items.map((item) => item.source.line)).toEqual(lines);
        expect(new Set(items.map((item) => item.id)).size).toBe(rows.length);
      }),
      { numRuns: 60 },
    );
  });

  it('reports a corrupted row at its row and line', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(row, { minLength: 1, maxLength: 12 }),
        fc.nat(),
        fc.constantFrom('empty', 'extra-field'),
        async (rows, pick, kind) => {
          const target = pick % rows.length;
          const { records, lines } = writeCsv(rows);
          const broken = records.map((record, index) => {
            if (index !== target) return record;
            const r = rows[index] as (typeof rows)[number];
            if (kind === 'empty') return `"",${csvField(r.subcategory ?? '')},${csvField(r.category)}\n`;
            return `${record.slice(0, -1)},"extra"\n`;
          });
          const file = files.write('corrupt.csv', csvHeader + broken.join(''));
          const error = await readError(loadCsv(file));
          expect(error.details).toMatchObject({ row: target + 1, line: lines[target] });
          expect(error.message).toContain(kind === 'empty' ? 'empty prompt' : 'Invalid Record Length');
        },
      ),
      { numRuns: 60 },
    );
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
