import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseTaxonomyFile } from '../../src/bench/reasons/load-taxonomy.js';
import { benchReasonOptions } from '../../src/cli/commands/bench-reason-options.js';
import { askWhyText } from '../../src/core/reasons/ask-why.js';
import { runBailkit } from '../support/run-bailkit.js';

const doc = readFileSync(new URL('../../docs/bench.md', import.meta.url), 'utf8');
const section = doc.slice(doc.indexOf('## Why models leave'), doc.indexOf('## From code'));
const fence = '`'.repeat(3);
const blocks = (language: string) =>
  [...section.matchAll(new RegExp(`${fence}${language}\\n([\\s\\S]*?)${fence}`, 'g'))].map((m) => m[1] ?? '');

const dir = mkdtempSync(join(tmpdir(), 'bailkit-reasons-doc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('docs/bench.md, why models leave', () => {
  it('quotes the follow-up question as the code asks it', () => {
    expect(section).toContain(`${fence}\n${askWhyText('tool', { persona: '{persona}' })}\n${fence}`);
  });

  it('its taxonomy example is a valid taxonomy file', () => {
    const json = blocks('json').find((block) => block.includes('my-lab-reasons/1'));
    expect(parseTaxonomyFile(json ?? '', 'mine.json').categories[0]?.subReasons[0]?.id).toBe('abusive_user');
  });

  it('documents every option, in the options table too', () => {
    for (const option of Object.keys(benchReasonOptions)) {
      expect(doc).toContain(`| \`--${option}`);
      expect(section).toContain(`--${option}`);
    }
  });

  it('its command runs, and bad values name the option', async () => {
    const command = blocks('sh')[0]?.replace(/\\\n\s*/g, '') ?? '';
    expect(command).toContain('--ask-why --reason-judge simulated:default');
    const argv = command
      .replace(/^npx bailkit /, '')
      .split(/\s+/)
      .filter(Boolean);
    const run = await runBailkit(
      [...argv.slice(0, -1), join(dir, 'results-why'), '--limit', '10', '--no-cache'],
      { cwd: dir },
    );
    expect(run.stderr).not.toMatch(/Warning|\[[A-Z_]+\]/);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /Reasons among bails \(judged by simulated:default \(LLM judge, bailkit-reason-judge\/1\)/,
    );

    const bad = await runBailkit(
      ['bench', '--dataset', 'probe', '--model', 'simulated:default', '--reason-judge', 'a judge'],
      { cwd: dir },
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--reason-judge: "a judge" is not a reason judge');
    writeFileSync(join(dir, 'broken.json'), '{"id": "x", "categories": [{"id": "A"}]}');
    const broken = await runBailkit(
      [
        'bench',
        '--dataset',
        'probe',
        '--model',
        'simulated:default',
        '--ask-why',
        '--taxonomy',
        'broken.json',
        '--dry-run',
      ],
      { cwd: dir },
    );
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('broken.json:1: categories[0].id: must be lower-case letters');
  });
});
