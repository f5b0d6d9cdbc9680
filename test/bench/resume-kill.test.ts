import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type SimulatedServer,
  startSimulatedServer,
} from '../../src/providers/simulated/server/start-simulated-server.js';
import { startBenchChild } from './start-bench-child.js';

/**
 * The CLI as a child process against serve-sim, killed with SIGKILL at random moments (before
 * it starts, while samples are being written, while results are being written), resumed each
 * time, and finally run to the end. The result must be exactly the planned samples, none lost
 * or repeated, and the same files as a run never interrupted.
 */
// Resolved here: the children run in a temporary folder, where a bare "tsx" would not resolve.
const dir = mkdtempSync(join(tmpdir(), 'bailkit-resume-'));
let server: SimulatedServer;

beforeAll(async () => {
  server = await startSimulatedServer({ latencyMs: 40 });
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const plan = ['--dataset', 'probe', '--limit', '30', '--samples', '2', '--seed', '11'];
const planned = 30 * 4 * 2;

const start = (args: string[]) => startBenchChild(dir, args);

/** Resolves `true` once `ready()` holds, checking every 25 ms. */
function waitFor(ready: () => boolean): Promise<true> {
  return new Promise((resolve) => {
    const check = () => (ready() ? resolve(true) : setTimeout(check, 25));
    check();
  });
}

/** A small seeded generator, so a failing sequence of kills can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

function sampleKeys(file: string): string[] {
  return readFileSync(file, 'utf8')
    .trimEnd()
    .split('\n')
    .map((line) => {
      const sample = JSON.parse(line) as Record<string, unknown>;
      return `${sample.promptId}|${sample.method}|${sample.variant}|${sample.sampleIndex}`;
    });
}

function withoutTime(file: string): unknown {
  const results = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  delete results.createdAt;
  return results;
}

describe('resume after kill -9', () => {
  it('finishes with exactly the planned samples, equal to an uninterrupted run', async () => {
    const model = ['--model', 'openai:simulated-default', '--base-url', server.url, '--concurrency', '4'];
    const reference = start([...model, ...plan, '--out', 'reference', '--no-cache', '--no-report']);
    expect(await reference.exited).toBe(0);

    const seed = Number(process.env.BAILKIT_KILL_SEED ?? Date.now() % 100000);
    const next = random(seed);
    let kills = 0;
    let finished = false;
    for (let round = 0; round < 4 && !finished; round++) {
      // Killed before it wrote run.json, a run has not started: the first command is run again.
      const args = !existsSync(join(dir, 'killed', 'run.json'))
        ? [...model, ...plan, '--out', 'killed', '--cache', 'killed-cache.sqlite', '--no-report']
        : ['--resume', 'killed'];
      const run = start(args);
      // Kill times count from the run's own progress, not from the clock: start-up through tsx
      // can take seconds on a loaded machine. The first round is killed once run.json exists (so
      // at least one kill lands mid-run); later rounds may also be killed during start-up.
      const exited = run.exited.then((code) => ({ exited: code }));
      if (round === 0 || next() < 0.75) {
        const started = await Promise.race([
          exited,
          waitFor(() => existsSync(join(dir, 'killed', 'run.json'))),
        ]);
        if (started !== true) {
          expect(started.exited, `seed ${seed}: round ${round} exited`).toBe(0);
          finished = true;
          break;
        }
      }
      const delay = next() * (round === 0 ? 1500 : 3000);
      const outcome = await Promise.race([
        exited,
        new Promise<null>((resolve) => setTimeout(() => resolve(null), delay)),
      ]);
      if (outcome !== null) {
        expect(outcome.exited, `seed ${seed}: round ${round} exited`).toBe(0);
        finished = true;
        break;
      }
      run.process.kill('SIGKILL');
      await run.exited;
      kills++;
    }
    if (!finished) {
      // Like the rounds: a run killed before it wrote run.json never started, so start it again.
      const last = start(
        existsSync(join(dir, 'killed', 'run.json'))
          ? ['--resume', 'killed']
          : [...model, ...plan, '--out', 'killed', '--cache', 'killed-cache.sqlite', '--no-report'],
      );
      expect(await last.exited, `seed ${seed}`).toBe(0);
    }

    const killed = join(dir, 'killed');
    const keys = sampleKeys(join(killed, 'samples.jsonl'));
    expect(keys, `seed ${seed}`).toHaveLength(planned);
    expect(new Set(keys).size, `seed ${seed}`).toBe(planned);
    const got = readFileSync(join(killed, 'samples.jsonl'), 'utf8').split('\n');
    const want = readFileSync(join(dir, 'reference', 'samples.jsonl'), 'utf8').split('\n');
    const differs = got.findIndex((line, index) => line !== want[index]);
    expect(
      differs === -1 ? null : { line: differs + 1, got: got[differs], want: want[differs] },
      `seed ${seed}`,
    ).toBeNull();
    expect(got.length).toBe(want.length);
    expect(withoutTime(join(killed, 'results.json')), `seed ${seed}`).toEqual(
      withoutTime(join(dir, 'reference', 'results.json')),
    );
    const manifest = JSON.parse(readFileSync(join(killed, 'run.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest).toMatchObject({ status: 'complete', planned, completed: planned });
    expect(existsSync(join(killed, 'samples.partial.jsonl'))).toBe(false);
    expect(kills, `seed ${seed}: at least one kill must land`).toBeGreaterThan(0);
  }, 120_000);

  it('refuses to resume when the dataset changed under the run', async () => {
    const { writeFileSync } = await import('node:fs');
    const data = join(dir, 'items.jsonl');
    writeFileSync(data, '{"id":"a","prompt":"hello"}\n{"id":"b","prompt":"tell me a joke"}\n');
    const first = start([
      '--model',
      'simulated:default',
      '--dataset',
      'items.jsonl',
      '--samples',
      '1',
      '--out',
      'changed',
      '--no-cache',
      '--no-report',
    ]);
    expect(await first.exited).toBe(0);
    // Simulate an interrupted run: mark it unfinished, then edit the dataset.
    const manifestFile = join(dir, 'changed', 'run.json');
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Record<string, unknown>;
    writeFileSync(manifestFile, JSON.stringify({ ...manifest, status: 'running' }));
    writeFileSync(data, '{"id":"a","prompt":"hello there"}\n{"id":"b","prompt":"tell me a joke"}\n');
    const resumed = start(['--resume', 'changed']);
    let stderr = '';
    resumed.process.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    expect(await resumed.exited).toBe(2);
    expect(stderr).toMatch(
      /Cannot resume .*the dataset .*items\.jsonl.* changed since the run started.*\[RESUME_MISMATCH\]/,
    );
  }, 60_000);
});
