import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBailkit } from '../support/run-bailkit.js';

const dir = mkdtempSync(path.join(tmpdir(), 'bailkit-datasets-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (...argv: string[]) => runBailkit(argv, { cwd: dir });

describe('bailkit datasets', () => {
  it('lists the built-in datasets with counts per category', async () => {
    const { code, stdout } = await run('datasets');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^probe {2}\d+ prompts \(\d+ multi-turn\), \d+ categories$/m);
    expect(stdout).toMatch(/^control {2}\d+ prompts/m);
    expect(stdout).toMatch(/abusive-user \d+/);
    expect(stdout).toMatch(/^personas {2}\d+ personas \(\d+ with scripted turns\), 9 categories$/m);
  });

  it('shows personas with their instructions, scripted turns and expectations', async () => {
    const { code, stdout } = await run('datasets', '--show', 'personas', '--limit', '1');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^personas: OK, \d+ personas \(personas layout/m);
    expect(stdout).toMatch(/^ {2}instructions: /m);
    expect(stdout).toMatch(/^ {2}user: /m);
    expect(stdout).toMatch(/^ {2}expect: endingAcceptable: true$/m);
    const json = await run('datasets', '--show', 'personas', '--json', '--limit', '1');
    expect(JSON.parse(json.stdout.trim().split('\n')[0] ?? '{}')).toMatchObject({
      category: 'abuse-escalates',
      instructions: expect.any(String),
      turns: expect.any(Array),
      expect: { endingAcceptable: true },
    });
  });

  it('lists them as JSON', async () => {
    const { stdout } = await run('datasets', '--json');
    const sets = JSON.parse(stdout) as { name: string; count: number; categories: { category: string }[] }[];
    expect(sets.map((set) => set.name)).toEqual(['probe', 'control', 'conversations', 'personas']);
    expect(sets[0]?.count).toBeGreaterThanOrEqual(150);
    expect(sets[1]?.categories.map((entry) => entry.category)).toEqual(['control']);
  });

  it('shows the items of a built-in dataset', async () => {
    const { code, stdout } = await run('datasets', '--show', 'control', '--limit', '2');
    expect(code).toBe(0);
    expect(stdout).toContain('control/cooking/1  [control / cooking]');
    expect(stdout).toMatch(/^ {2}user: /m);
    expect(stdout).toMatch(/… \d+ more \(use --limit\)/);
  });

  it('exports items as JSONL in the OpenAI layout', async () => {
    const { stdout } = await run('datasets', '--show', 'probe', '--json');
    const lines = stdout.trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(150);
    const first = JSON.parse(lines[0] ?? '{}') as {
      id: string;
      messages: { role: string; content: string }[];
    };
    expect(first.messages.at(-1)?.role).toBe('user');
  });

  it('checks a user file and prints its summary', async () => {
    writeFileSync(
      path.join(dir, 'mine.csv'),
      'content,subcategory,category\nHello,greet,social\nBye,farewell,social\n',
    );
    const { code, stdout } = await run('datasets', 'mine.csv');
    expect(code).toBe(0);
    expect(stdout).toContain('mine.csv: OK, 2 prompts (csv layout');
    expect(stdout).toMatch(/social +2 items, 2 subcategories/);
  });

  it('prints the precise error and exits 2 for a malformed file', async () => {
    writeFileSync(path.join(dir, 'bad.jsonl'), '{"prompt": "fine"}\n{"prompt": "broken\n');
    const { code, stderr } = await run('datasets', 'bad.jsonl');
    expect(code).toBe(2);
    expect(stderr).toMatch(/bad\.jsonl:2: bad JSON .* \[INVALID_FILE\]/);
  });

  it('rejects an unknown format and a bad limit', async () => {
    expect((await run('datasets', '--format', 'xml', 'x.csv')).code).toBe(2);
    const { code, stderr } = await run('datasets', '--show', 'probe', '--limit', '0');
    expect(code).toBe(2);
    expect(stderr).toContain('--limit must be a positive whole number');
  });
});
