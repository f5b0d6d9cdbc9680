import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readResults } from '../../src/bench/results/read-results.js';
import { runBailkit } from '../support/run-bailkit.js';

const dir = mkdtempSync(join(tmpdir(), 'bailkit-bench-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (...argv: string[]) => runBailkit(argv, { cwd: dir });
const lines = (file: string) =>
  readFileSync(file, 'utf8')
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe('bailkit bench on the simulated provider', () => {
  it('runs the protocol end to end and writes results, samples, prompts and the report, labelled simulated', async () => {
    const result = await run(
      'bench',
      '--model',
      'simulated:default',
      '--dataset',
      'probe',
      '--samples',
      '2',
      '--limit',
      '10',
      '--out',
      'first',
      '--cache',
      'cache.sqlite',
    );
    expect(result.stderr).not.toContain('Error');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('SIMULATED');
    for (const method of ['tool', 'string', 'prompt-bail-first', 'prompt-continue-first']) {
      expect(result.stdout).toMatch(new RegExp(`simulated:default +${method} +default +\\d+\\.\\d%`));
    }
    // Plain progress lines when the output is not a terminal.
    expect(result.stderr).toMatch(/bench 80\/80 samples \(100\.0%\)/);

    const out = join(dir, 'first');
    const results = await readResults(out);
    expect(results).toMatchObject({
      schema: 'bailkit.bench/1',
      model: 'simulated:default',
      dataset: { name: 'probe', prompts: 10 },
      samplesPerPrompt: 2,
      methods: ['tool', 'string', 'prompt-bail-first', 'prompt-continue-first'],
      simulated: true,
    });
    expect(results.overall.map((row) => row.samples)).toEqual([20, 20, 20, 20]);
    const samples = lines(join(out, 'samples.jsonl'));
    expect(samples).toHaveLength(80);
    expect(samples.every((sample) => sample.simulated === true)).toBe(true);
    expect(new Set(samples.map((s) => `${s.promptId}|${s.method}|${s.sampleIndex}`)).size).toBe(80);
    expect(
      samples.filter((s) => String(s.method).startsWith('prompt')).every((s) => s.check !== undefined),
    ).toBe(true);
    const bails = samples.filter((s) => s.decision === 'bail').length;
    expect(results.overall.reduce((sum, row) => sum + row.bails, 0)).toBe(bails);
    expect(lines(join(out, 'prompts.jsonl'))).toHaveLength(10);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html.toLowerCase()).toContain('simulated');
    // Both rates: over valid samples, and over all answered samples as the published study counts.
    for (const row of results.overall) {
      expect(row.answeredRate).toBeCloseTo(row.bails / (row.samples - row.errors), 12);
      expect(row.invalidShare).toBeCloseTo(row.invalid / (row.samples - row.errors), 12);
    }
    expect(html.includes('Over answered')).toBe(results.overall.some((row) => row.invalid > 0));
    expect(JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'))).toMatchObject({
      status: 'complete',
      planned: 80,
      completed: 80,
      errors: 0,
    });
    expect(existsSync(join(out, 'samples.partial.jsonl'))).toBe(false);
  });

  it('answers a rerun from the cache, with the same samples', async () => {
    const result = await run(
      'bench',
      '--model',
      'simulated:default',
      '--dataset',
      'probe',
      '--samples',
      '2',
      '--limit',
      '10',
      '--out',
      'second',
      '--cache',
      'cache.sqlite',
    );
    expect(result.code).toBe(0);
    // 100 requests, each found in the cache; the answer shared by the two prompt orderings is looked up twice.
    expect(result.stdout).toMatch(/simulated:default: 0 requests, 120 cache hits/);
    expect(readFileSync(join(dir, 'second', 'samples.jsonl'), 'utf8')).toBe(
      readFileSync(join(dir, 'first', 'samples.jsonl'), 'utf8'),
    );
  });

  it('refuses to write into a folder that holds a run', async () => {
    const result = await run('bench', '--model', 'simulated:default', '--dataset', 'probe', '--out', 'first');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/already holds a finished run.*--resume first.*\[RUN_DIR_IN_USE\]/);
  });

  it('says a run stopped during start-up never started, and lets it start again', async () => {
    const stopped = join(dir, 'stopped');
    mkdirSync(stopped);
    writeFileSync(join(stopped, '.bailkit-run.lock'), '{"pid": 1}');
    const resumed = await run('bench', '--resume', 'stopped');
    expect(resumed.code).toBe(2);
    expect(resumed.stderr).toMatch(
      /never started.*\.bailkit-run\.lock.*without --resume.*--out stopped.*\[RUN_NOT_FOUND\]/,
    );
    expect(resumed.stderr).not.toMatch(/\n\s+at /); // no stack trace
    const missing = await run('bench', '--resume', 'nowhere');
    expect(missing.stderr).toMatch(/does not exist, so there is no run to resume/);
    const started = await run(
      'bench',
      '--model',
      'simulated:default',
      '--dataset',
      'probe',
      '--limit',
      '2',
      '--out',
      'stopped',
    );
    expect(started.code).toBe(0);
    expect(existsSync(join(stopped, 'run.json'))).toBe(true);
  });

  it('prints planned requests and estimated cost on --dry-run, and writes nothing', async () => {
    const result = await run(
      'bench',
      '--model',
      'simulated:default',
      '--model',
      'openai:gpt-4o-mini',
      '--model',
      'openai:someones-finetune',
      '--dataset',
      'probe',
      '--limit',
      '10',
      '--samples',
      '3',
      '--dry-run',
      '--out',
      'dry',
    );
    expect(result.code).toBe(0);
    // 10 prompts × 3 samples × (tool + string + one shared answer + two checks) per model.
    expect(result.stdout).toContain(
      '360 samples over 10 prompts of probe; 450 requests if nothing is cached',
    );
    expect(result.stdout).toMatch(
      /simulated:default: 120 samples, 150 requests[\s\S]*cost \$0 \(simulated\)/,
    );
    expect(result.stdout).toMatch(
      /openai:gpt-4o-mini: 120 samples, 150 requests[\s\S]*cost \$\d+\.\d\d with/,
    );
    expect(result.stdout).toMatch(/openai:someones-finetune:[^\n]*\n {4}cost unknown/);
    expect(existsSync(join(dir, 'dry'))).toBe(false);
  });

  it('runs the models × settings matrix of a config file', async () => {
    writeFileSync(
      join(dir, 'matrix.yaml'),
      [
        'dataset: probe',
        'limit: 4',
        'samples: 1',
        'methods: [tool, prompt-bail-first]',
        'models: [simulated:default, simulated:cautious]',
        'cache: false',
        'matrix:',
        '  - name: warm',
        '    temperature: 1',
        '  - name: cold',
        '    temperature: 0.2',
        '    variants: [default, terminate]',
        '',
      ].join('\n'),
    );
    const result = await run('bench', '--config', 'matrix.yaml', '--out', 'matrix');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('== warm ==');
    expect(result.stdout).toContain('== cold ==');
    const warm = await readResults(join(dir, 'matrix', 'warm'));
    const cold = await readResults(join(dir, 'matrix', 'cold'));
    expect(warm.model).toEqual(['simulated:default', 'simulated:cautious']);
    expect(warm.overall).toHaveLength(4);
    expect(cold.variants).toEqual(['default', 'terminate']);
    expect(cold.overall).toHaveLength(8);
    expect(lines(join(dir, 'matrix', 'cold', 'samples.jsonl'))).toHaveLength(2 * 4 * 2 * 2);
  });

  it('runs without the default cache when it cannot be opened, but not without one asked for by name', async () => {
    writeFileSync(join(dir, 'not-a-folder'), 'x');
    const env = { XDG_CACHE_HOME: join(dir, 'not-a-folder', 'cache') };
    const fallback = await runBailkit(
      [
        'bench',
        '--model',
        'simulated:default',
        '--dataset',
        'probe',
        '--limit',
        '2',
        '--samples',
        '1',
        '--out',
        'uncached',
      ],
      { cwd: dir, env },
    );
    expect(fallback.code).toBe(0);
    expect(fallback.stderr).toMatch(/Warning: running without the response cache: .*cannot be opened/);
    expect(fallback.stdout).toMatch(/Warning: running without the response cache/);
    const named = await runBailkit(
      [
        'bench',
        '--model',
        'simulated:default',
        '--dataset',
        'probe',
        '--limit',
        '2',
        '--out',
        'uncached-2',
        '--cache',
        'not-a-folder/c.sqlite',
      ],
      { cwd: dir, env },
    );
    expect(named.code).toBe(2);
    expect(named.stderr).toMatch(/\[CACHE_FAILED\]/);
  });

  it('explains what is wrong with the options', async () => {
    const cases: [string[], RegExp][] = [
      [['--model', 'simulated:default'], /--dataset is required/],
      [['--dataset', 'probe', '--samples', 'ten'], /--samples: must be a whole number ≥ 1 \(got "ten"\)/],
      [['--dataset', 'probe', '--methods', 'tool,strng'], /--methods: must be one of tool, string/],
      [['--dataset', 'probe', '--model', 'gpt-4o'], /--model: "gpt-4o" is not a model spec/],
      [
        ['--dataset', 'nonexistent-set', '--model', 'simulated:default', '--out', 'x1'],
        /nonexistent-set: no such file/,
      ],
      [
        ['--dataset', 'probe', '--model', 'simulated:default', '--variants', 'nope', '--out', 'x2'],
        /nope.*default/,
      ],
      [
        ['--resume', 'first', '--samples', '3'],
        /--resume continues a run .* cannot be combined with --samples/,
      ],
      [['--resume', 'missing-run'], /no run to resume/],
      [['--config', 'matrix.yaml', '--samples', '3'], /--samples cannot be given with --config/],
    ];
    for (const [argv, pattern] of cases) {
      const result = await run('bench', ...argv);
      expect(result.code, argv.join(' ')).toBe(2);
      expect(result.stderr, argv.join(' ')).toMatch(pattern);
    }
  });

  it('without --model, says how to choose a model when the embedded one cannot be had', async () => {
    const result = await runBailkit(['bench', '--dataset', 'probe', '--limit', '2', '--out', 'no-model'], {
      cwd: dir,
      // A hub that refuses connections, and an empty cache: the default model cannot be fetched.
      env: { HF_ENDPOINT: 'http://127.0.0.1:9', XDG_CACHE_HOME: join(dir, 'empty-cache') },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('No model was given and the embedded default model');
    expect(result.stderr).toContain('Qwen2.5-0.5B-Instruct');
    for (const form of [
      'openai:<model>',
      'anthropic:<model>',
      'ollama:<model>',
      'local:<path.gguf>',
      'simulated:<profile>',
    ]) {
      expect(result.stderr).toContain(form);
    }
    expect(result.stderr).toContain('[NO_MODEL_AVAILABLE]');
    expect(existsSync(join(dir, 'no-model'))).toBe(false);
  });
});
