import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withDefaults } from '../../src/bench/config/bench-config.js';
import { estimateBenchmark } from '../../src/bench/runner/estimate-benchmark.js';
import { runBenchmark } from '../../src/bench/runner/run-benchmark.js';
import { runBailkit } from '../support/run-bailkit.js';

/** The dialogue mode in process, on simulated models: seeds, the command line, dry runs. */
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bailkit-dialogue-mode-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function config(out: string, seed: number) {
  return withDefaults({
    mode: 'dialogue',
    models: [{ spec: 'simulated:default' }],
    dataset: 'personas',
    userModel: 'simulated:cautious',
    maxTurns: 3,
    limit: 6,
    samples: 2,
    seed,
    cache: false,
    out: join(dir, out),
  });
}

describe('bench --mode dialogue', () => {
  it('gives the same conversations for the same seed, and others for another seed', async () => {
    for (const [out, seed] of [
      ['a', 3],
      ['b', 3],
      ['c', 4],
    ] as const) {
      const run = await runBenchmark(config(out, seed), { cwd: dir, report: false });
      expect(run.complete).toBe(true);
      expect(run.usage.map((usage) => usage.model)).toEqual(['simulated:default', 'simulated:cautious']);
    }
    const read = (out: string) => readFile(join(dir, out, 'samples.jsonl'), 'utf8');
    const a = await read('a');
    expect(await read('b')).toBe(a);
    expect(await read('c')).not.toBe(a);
    const strip = (text: string) => JSON.parse(text).experiment;
    expect(strip(await readFile(join(dir, 'b', 'results.json'), 'utf8'))).toEqual(
      strip(await readFile(join(dir, 'a', 'results.json'), 'utf8')),
    );
    // Different seeds change what the simulated users and assistant say, turn by turn.
    const texts = (file: string) =>
      file
        .trim()
        .split('\n')
        .map((line) =>
          JSON.parse(line)
            .transcript.map((node: { text: string }) => node.text)
            .join('|'),
        );
    expect(texts(await read('c'))).not.toEqual(texts(a));
  });

  it('with a user model, each branch asks the user again at the branch turn', async () => {
    const run = await runBenchmark(
      withDefaults({
        mode: 'dialogue',
        models: [{ spec: 'simulated:default' }],
        dataset: 'personas',
        userModel: 'simulated:cautious',
        maxTurns: 3,
        branches: 2,
        branchTurn: 2,
        limit: 1,
        samples: 1,
        cache: false,
        out: join(dir, 'branched'),
      }),
      { cwd: dir, report: false },
    );
    expect(run.complete).toBe(true);
    const [sample] = (await readFile(join(dir, 'branched', 'samples.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    const users = sample.transcript.filter((node: { role: string; turn: number }) => node.role === 'user');
    expect(users.map((node: { turn: number }) => node.turn)).toEqual([1, 2, 3, 2, 3]);
    const [, b0, , b1] = users as { parentId: string; text: string }[];
    expect(b1?.parentId).toBe(b0?.parentId);
    expect(sample.branches.map((b: { branch: number; turns: number }) => [b.branch, b.turns])).toEqual([
      [0, 3],
      [1, 3],
    ]);
    // 3 turns of branch 0 and 2 of branch 1, each a user request and an answer.
    expect(run.usage.map((usage) => usage.requests)).toEqual([5, 5]);
  });

  it('runs from the command line with its defaults, and prints the outcomes', async () => {
    const result = await runBailkit(
      [
        'bench',
        '--mode',
        'dialogue',
        '--model',
        'simulated:default',
        '--dataset',
        'personas',
        '--limit',
        '3',
        '--samples',
        '1',
        '--max-turns',
        '2',
        '--no-cache',
        '--no-report',
        '--out',
        'cli',
      ],
      { cwd: dir },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^Conversations ended \(95% interval over personas\), user scripted:$/m);
    expect(result.stdout).toMatch(/simulated:default {2}abuse-escalates +0\.0%/);
    const results = JSON.parse(await readFile(join(dir, 'cli', 'results.json'), 'utf8'));
    expect(results.methods).toEqual(['tool']);
    expect(results.experiment).toMatchObject({ mode: 'dialogue', userModel: 'scripted', maxTurns: 2 });
    const bad = await runBailkit(
      [
        'bench',
        '--mode',
        'dialogue',
        '--model',
        'simulated:default',
        '--dataset',
        'personas',
        '--max-turns',
        '0',
        '--out',
        'bad',
      ],
      { cwd: dir },
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--max-turns: must be a whole number from 1 to 100 \(got 0\)/);
    const user = await runBailkit(
      [
        'bench',
        '--mode',
        'dialogue',
        '--model',
        'simulated:default',
        '--dataset',
        'personas',
        '--user-model',
        'gpt-4o',
        '--out',
        'bad',
      ],
      { cwd: dir },
    );
    expect(user.stderr).toMatch(/--user-model: "gpt-4o" is neither scripted nor a model spec/);
  });

  it('says personas skipped for want of a script apart from failed requests', async () => {
    const result = await runBailkit(
      [
        'bench',
        '--mode',
        'dialogue',
        '--model',
        'simulated:default',
        '--dataset',
        'personas',
        '--samples',
        '1',
        '--max-turns',
        '1',
        '--no-cache',
        '--no-report',
        '--out',
        'skips',
      ],
      { cwd: dir },
    );
    expect(result.code, result.stderr).toBe(0);
    const results = JSON.parse(await readFile(join(dir, 'skips', 'results.json'), 'utf8'));
    const skipped = results.experiment.skipped.reduce(
      (sum: number, entry: { samples: number }) => sum + entry.samples,
      0,
    );
    expect(skipped).toBeGreaterThan(0);
    expect(result.stdout).toContain(`; ${skipped} skipped (listed below, left out of the rates).`);
    expect(result.stdout).not.toContain('failed after retries');
  });

  it('estimates the requests of a dry run from the scripts and the turn limit', async () => {
    const scripted = await estimateBenchmark(
      withDefaults({
        mode: 'dialogue',
        models: [{ spec: 'simulated:default' }],
        dataset: 'personas',
        limit: 2,
        samples: 3,
        out: 'x',
      }),
      { cwd: dir },
    );
    // The first two built-in personas have 7 and 6 scripted turns.
    expect(scripted.models[0]?.requests).toBe(3 * (7 + 6));
    const modelled = await estimateBenchmark(
      withDefaults({
        mode: 'dialogue',
        models: [{ spec: 'simulated:default' }],
        dataset: 'personas',
        userModel: 'simulated:default',
        maxTurns: 4,
        limit: 2,
        samples: 3,
        out: 'x',
      }),
      { cwd: dir },
    );
    expect(modelled.models[0]?.requests).toBe(3 * 2 * 4 * 2);
    const branched = await estimateBenchmark(
      withDefaults({
        mode: 'dialogue',
        models: [{ spec: 'simulated:default' }],
        dataset: 'personas',
        userModel: 'simulated:default',
        maxTurns: 4,
        branches: 2,
        branchTurn: 3,
        judge: 'simulated:default',
        methods: ['string'],
        limit: 2,
        samples: 3,
        out: 'x',
      }),
      { cwd: dir },
    );
    // Per conversation: 6 answers and 6 user turns (turns 3 and 4 twice), 4 string probes, 1 judgement.
    expect(branched.models[0]?.requests).toBe(3 * 2 * (6 + 6 + 4 + 1));
  });
});
