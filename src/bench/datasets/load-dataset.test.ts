import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDataset, readDataset, resolveDataset } from './load-dataset.js';
import { collect, readError, tempFiles } from './temp-files.test-helpers.js';

const files = tempFiles();

const sharegpt = [
  {
    id: 's1',
    conversations: [
      { from: 'human', value: 'hi' },
      { from: 'gpt', value: 'hello' },
    ],
  },
];
const wildchat = { conversation_hash: 'w1', conversation: [{ role: 'user', content: 'hi' }] };

async function rejection(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  throw new Error('expected a rejection');
}

describe('resolveDataset', () => {
  it('finds built-ins by name and by builtin: prefix', async () => {
    const probe = await resolveDataset('probe');
    expect(probe).toMatchObject({ name: 'probe', format: 'items', container: 'jsonl', builtin: true });
    expect(path.basename(probe.file)).toBe('probe.jsonl');
    expect((await resolveDataset('builtin:control')).name).toBe('control');
    expect(await rejection(resolveDataset('builtin:nope'))).toMatch(
      /no built-in dataset "nope" \(built-in: probe, control, conversations, personas\)/,
    );
  });

  it('reads a .tsv file as a table, like a CSV', async () => {
    const file = files.write(
      'requests.tsv',
      'content\tsubcategory\tcategory\nWrite a haiku.\tpoetry\tcreative\n',
    );
    expect(await resolveDataset(file)).toMatchObject({
      format: 'csv',
      container: 'csv',
      name: path.basename(file, '.tsv'),
    });
    const dataset = await readDataset(file);
    expect(dataset.items.map((item) => [item.id, item.category])).toEqual([
      ['creative/poetry/1', 'creative'],
    ]);
  });

  it('picks the layout from the extension and the first record', async () => {
    const cases: [string, string, string, string][] = [
      ['a.csv', 'content\nhi\n', 'csv', 'csv'],
      ['b.jsonl', '\n{"prompt":"hi"}\n', 'items', 'jsonl'],
      ['c.jsonl', JSON.stringify(sharegpt[0]), 'sharegpt', 'jsonl'],
      ['d.ndjson', JSON.stringify(wildchat), 'wildchat', 'jsonl'],
      ['e.json', JSON.stringify(sharegpt), 'sharegpt', 'json'],
      ['f.json', JSON.stringify([wildchat]), 'wildchat', 'json'],
      ['g.json', '[{"prompt": "hi"}]', 'items', 'json'],
      ['h.txt', '  [{"prompt": "hi"}]', 'items', 'json'],
      ['i', '{"conversations": []}', 'sharegpt', 'jsonl'],
    ];
    for (const [name, content, format, container] of cases) {
      const file = files.write(name, content);
      expect(await resolveDataset(file), name).toMatchObject({ file, format, container, builtin: false });
    }
  });

  it('resolves relative paths from cwd and names the dataset after the file', async () => {
    const file = files.write('my-set.jsonl', '{"prompt":"hi"}');
    const resolved = await resolveDataset(path.basename(file), { cwd: files.dir });
    expect(resolved.file).toBe(file);
    expect(resolved.name).toBe(path.basename(file, '.jsonl'));
  });

  it('explains a missing file, a folder, an unknown layout and a forced format that cannot fit', async () => {
    expect(await rejection(resolveDataset('nowhere.csv', { cwd: files.dir }))).toMatch(
      /^nowhere\.csv: no such file \(and no built-in dataset of that name: probe, control, conversations, personas\)/,
    );
    expect(await rejection(resolveDataset(files.dir))).toMatch(/not a file/);
    const text = files.write('notes.txt', 'just words\n');
    expect(await rejection(resolveDataset(text))).toMatch(/:1: cannot tell the format/);
    const csv = files.write('x.csv', 'content\nhi\n');
    expect(await rejection(resolveDataset(csv, { format: 'sharegpt' }))).toMatch(
      /a csv file cannot be read as sharegpt/,
    );
  });
});

describe('readDataset', () => {
  it('returns every item, the count and the kind', async () => {
    const prompts = files.write('p.jsonl', '{"prompt":"a","category":"x"}\n{"prompt":"b","category":"y"}\n');
    const dataset = await readDataset(prompts);
    expect(dataset).toMatchObject({
      name: path.basename(prompts, '.jsonl'),
      format: 'items',
      kind: 'prompts',
      count: 2,
    });
    expect(dataset.items.map((item) => item.category)).toEqual(['x', 'y']);
    const logs = await readDataset(files.write('logs.json', JSON.stringify(sharegpt)));
    expect(logs).toMatchObject({ kind: 'conversations', count: 1, format: 'sharegpt', skipped: [] });
  });

  it('fails whole on the first bad item, naming it', async () => {
    const file = files.write('bad.jsonl', '{"prompt":"a"}\n{"prompt":"b"}\n{"prompt":\n');
    expect(await rejection(readDataset(file))).toMatch(new RegExp(`${path.basename(file)}:3: bad JSON`));
  });

  it('collects skipped items when asked to skip', async () => {
    const file = files.write('skip.jsonl', '{"prompt":"a"}\n{"prompt":""}\n');
    const dataset = await readDataset(file, { invalid: 'skip' });
    expect(dataset.count).toBe(1);
    expect(dataset.skipped).toEqual([
      { id: 'line-2', source: { file, line: 2 }, reason: `${file}:2: item "line-2": empty prompt` },
    ]);
  });

  it('streams with a forced format', async () => {
    const file = files.write('forced.json', JSON.stringify([wildchat]));
    const items = await collect(loadDataset(file, { format: 'wildchat' }));
    expect(items.map((item) => item.id)).toEqual(['w1']);
    const error = await readError(loadDataset(file, { format: 'sharegpt' }));
    expect(error.message).toMatch(/field "conversations"/);
  });
});

describe('loaders on files that cannot be opened', () => {
  it('say so with INVALID_FILE', async () => {
    const { loadCsv } = await import('./csv-loader.js');
    const { loadJsonLines, loadJsonArray } = await import('./record-loaders.js');
    const { loadParquet } = await import('./parquet-loader.js');
    const { parseItemRecord } = await import('./items-record.js');
    const missing = path.join(files.dir, 'missing.file');
    for (const items of [
      loadCsv(missing),
      loadJsonLines(missing, parseItemRecord),
      loadJsonArray(missing, parseItemRecord),
      loadParquet(missing, parseItemRecord, []),
    ]) {
      const error = await readError(items);
      expect(error.message).toBe(`${missing}: no such file`);
    }
    expect((await readError(loadJsonLines(files.dir, parseItemRecord))).message).toContain('is a folder');
  });
});
