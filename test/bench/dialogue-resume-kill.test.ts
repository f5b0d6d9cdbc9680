import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialoguePersonasJsonl, dialogueRequestsPerSample } from '../support/dialogue-personas.js';
import { scriptedChatReplies } from '../support/scripted-chat-replies.js';
import { type ScriptedOpenAIServer, startOpenAIServer } from '../support/scripted-openai-server.js';
import type { Reply } from '../support/scripted-server.js';
import { startBenchChild } from './start-bench-child.js';

/**
 * A dialogue run killed with SIGKILL in the middle of conversations and resumed must end with
 * the same files as a run never interrupted. The kills are triggered by the server, not by the
 * clock: the k-th request of a round is held unanswered while the CLI is killed, so each kill
 * lands inside a conversation (some of its turns asked, the rest not) whatever the machine's
 * load.
 */
const dir = mkdtempSync(join(tmpdir(), 'bailkit-dialogue-resume-'));
const samples = 3;
const planned = 6 * samples;
const requestsPerRun = samples * dialogueRequestsPerSample;

let server: ScriptedOpenAIServer;
const replies = scriptedChatReplies();
/** When set, the request that makes `count` reach `at` is held and `onHold` runs. */
let hold: { at: number; count: number; onHold: () => void; release: Promise<Reply> } | null = null;

beforeAll(async () => {
  writeFileSync(join(dir, 'personas.jsonl'), dialoguePersonasJsonl);
  server = await startOpenAIServer((request) => {
    if (hold && ++hold.count === hold.at) {
      hold.onHold();
      return hold.release;
    }
    return replies(request);
  });
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const start = (args: string[]) => startBenchChild(dir, args);

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

function withoutTime(file: string): unknown {
  const results = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  delete results.createdAt;
  return results;
}

const plan = [
  '--mode',
  'dialogue',
  '--dataset',
  'personas.jsonl',
  '--samples',
  String(samples),
  '--seed',
  '9',
  '--concurrency',
  '2',
  '--no-report',
];

describe('dialogue resume after kill -9', () => {
  it('finishes with the same samples and results as an uninterrupted run', async () => {
    const model = ['--model', 'openai:scripted-model', '--base-url', server.baseUrl];
    const reference = start([...model, ...plan, '--out', 'reference', '--no-cache']);
    expect(await reference.exited).toBe(0);

    const seed = Number(process.env.BAILKIT_KILL_SEED ?? Date.now() % 100000);
    const next = random(seed);
    let kills = 0;
    for (let round = 0; round < 2; round++) {
      const args = existsSync(join(dir, 'killed', 'run.json'))
        ? ['--resume', 'killed']
        : [...model, ...plan, '--out', 'killed', '--cache', 'killed-cache.sqlite'];
      // Somewhere in the first two thirds of what is left: mid-run, inside a conversation.
      const at = 2 + Math.floor(next() * (requestsPerRun / 3));
      let release: (reply: Reply) => void = () => {};
      let run: ReturnType<typeof start> | null = null;
      const held = new Promise<void>((resolve) => {
        hold = {
          at,
          count: 0,
          onHold: resolve,
          release: new Promise<Reply>((done) => {
            release = done;
          }),
        };
      });
      run = start(args);
      const outcome = await Promise.race([held.then(() => 'held' as const), run.exited]);
      if (outcome === 'held') {
        run.process.kill('SIGKILL');
        await run.exited;
        kills++;
      } else {
        expect(outcome, `seed ${seed}: round ${round} exited`).toBe(0);
      }
      hold = null;
      release({ type: 'destroy' });
    }
    const last = start(['--resume', 'killed']);
    expect(await last.exited, `seed ${seed}`).toBe(0);
    expect(kills, `seed ${seed}: the kills must land`).toBe(2);

    const got = readFileSync(join(dir, 'killed', 'samples.jsonl'), 'utf8').split('\n');
    const want = readFileSync(join(dir, 'reference', 'samples.jsonl'), 'utf8').split('\n');
    expect(got.length).toBe(planned + 1);
    const differs = got.findIndex((line, index) => line !== want[index]);
    expect(
      differs === -1 ? null : { line: differs + 1, got: got[differs], want: want[differs] },
      `seed ${seed}`,
    ).toBeNull();
    expect(withoutTime(join(dir, 'killed', 'results.json')), `seed ${seed}`).toEqual(
      withoutTime(join(dir, 'reference', 'results.json')),
    );
    const manifest = JSON.parse(readFileSync(join(dir, 'killed', 'run.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(manifest).toMatchObject({ status: 'complete', planned, completed: planned, sessions: 3 });
  }, 120_000);
});
