import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBailkit } from '../support/run-bailkit.js';

const dir = mkdtempSync(join(tmpdir(), 'bailkit-wordings-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const run = (...argv: string[]) => runBailkit(argv, { cwd: dir });

writeFileSync(
  join(dir, 'lab.yaml'),
  [
    'wordings:',
    '  - id: lab-tool-only',
    '    description: the tool of our protocol',
    '    tool:',
    '      name: leave_now',
    '      description: "{persona} may call this to leave."',
    '  - id: lab-check',
    '    prompt:',
    '      bailFirst: "Leave: <wellbeing>🔄</wellbeing>. Stay: <wellbeing>🟢</wellbeing>."',
    '      continueFirst: "Stay: <wellbeing>🟢</wellbeing>. Leave: <wellbeing>🔄</wellbeing>."',
    '',
  ].join('\n'),
);
writeFileSync(
  join(dir, 'bad.json'),
  `${JSON.stringify({ wordings: [{ id: 'x', tool: { name: 'a b', description: 'd', extra: 1 } }] }, null, 2)}\n`,
);

describe('bailkit wordings', () => {
  it('lists the built-in variants', async () => {
    const result = await run('wordings');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^ {2}default +Leaving means/m);
    expect(result.stdout).toMatch(/^ {2}no-not-affect /m);
  });

  it('check: prints what a valid file defines and which methods a run would skip', async () => {
    const result = await run('wordings', 'check', 'lab.yaml');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('lab.yaml: valid, 2 wording variants, 3 method × variant pairs to run');
    expect(result.stdout).toContain('    tool    leave_now: "{persona} may call this to leave."');
    expect(result.stdout).toMatch(
      /lab-check\n {4}tool {4}\(none: bench runs skip this method for the variant\)/,
    );
    expect(result.stdout).toContain('bailkit bench --wordings lab.yaml --variants lab-tool-only,lab-check');
  });

  it('check: lists every problem with file, line and field, and fails', async () => {
    const result = await run('wordings', 'check', 'bad.json', 'lab.yaml');
    expect(result.code).toBe(2);
    expect(result.stderr.trimEnd().split('\n')).toEqual([
      'bad.json:6: wordings[0].tool.name: must be 1-64 letters, digits, "_" or "-" (what tool APIs accept)',
      'bad.json:8: wordings[0].tool: unknown field "extra" (a typo?)',
    ]);
    // The other file is still checked.
    expect(result.stdout).toContain('lab.yaml: valid');
  });

  it('check --json: one object per file', async () => {
    const result = await run('wordings', 'check', '--json', 'lab.yaml', 'bad.json');
    const [ok, bad] = result.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(ok).toMatchObject({
      file: 'lab.yaml',
      ok: true,
      wordings: [
        { id: 'lab-tool-only', methods: ['tool'] },
        { id: 'lab-check', methods: ['prompt-bail-first', 'prompt-continue-first'] },
      ],
    });
    expect(bad).toMatchObject({
      file: 'bad.json',
      ok: false,
      problems: [{ line: 6, field: 'wordings[0].tool.name' }, { line: 8 }],
    });
  });

  it('check without a file, or a file that cannot be read, is an error', async () => {
    expect((await run('wordings', 'check')).stderr).toContain('needs a file');
    const missing = await run('wordings', 'check', 'nope.yaml');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.yaml cannot be read');
  });
});
