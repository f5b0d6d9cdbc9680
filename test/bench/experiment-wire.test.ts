import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BenchConfig, withDefaults } from '../../src/bench/config/bench-config.js';
import { comparisonExperiment } from '../../src/bench/results/experiment-results.js';
import { readSamples } from '../../src/bench/results/read-results.js';
import { runBenchmark } from '../../src/bench/runner/run-benchmark.js';
import { anthropicTurn, startAnthropicServer } from '../support/scripted-anthropic-server.js';
import {
  openaiTurn,
  type ScriptedOpenAIServer,
  startOpenAIServer,
} from '../support/scripted-openai-server.js';
import type { RecordedRequest } from '../support/scripted-server.js';

/**
 * The experiment modes over real sockets, against scripted OpenAI and Anthropic servers that
 * record every request: what each mode sends is checked on the wire.
 */
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bailkit-experiment-wire-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface Turn {
  role: string;
  text: string;
}

function turns(body: unknown): Turn[] {
  const messages = ((body as { messages?: unknown[] }).messages ?? []) as {
    role: string;
    content: unknown;
  }[];
  return messages.map((m) => ({
    role: m.role,
    text:
      typeof m.content === 'string'
        ? m.content
        : Array.isArray(m.content)
          ? (m.content as { text?: string }[]).map((p) => p.text ?? '').join('')
          : '',
  }));
}

const isCheck = (list: Turn[]): boolean => /wellbeing/i.test(list.at(-1)?.text ?? '');

/** A server whose model answers every prompt with a new numbered text, and the check with 🟢. */
async function numberedServer(prefix: string): Promise<{
  server: ScriptedOpenAIServer;
  answered: { context: Turn[]; text: string }[];
}> {
  const answered: { context: Turn[]; text: string }[] = [];
  let counter = 0;
  const server = await startOpenAIServer((request: RecordedRequest) => {
    const list = turns(request.body).filter((t) => t.role !== 'system');
    if (isCheck(list)) return openaiTurn({ text: '<wellbeing>🟢</wellbeing>' });
    const text = `${prefix} answer ${++counter}`;
    answered.push({ context: list, text });
    return openaiTurn({ text });
  });
  return { server, answered };
}

function config(out: string, partial: Partial<BenchConfig>): BenchConfig {
  return withDefaults({
    dataset: 'probe',
    out: join(dir, out),
    samples: 2,
    cache: join(dir, 'cache.sqlite'),
    ...partial,
  });
}

const log = [
  {
    id: 'walk',
    messages: [
      { role: 'user', content: 'Plan a walk for Sunday.' },
      { role: 'assistant', content: 'RECORDED: try the river path, about 5 km.' },
      { role: 'user', content: 'Something shorter?' },
      { role: 'assistant', content: 'RECORDED: the park loop is 2 km.' },
      { role: 'user', content: 'And if it rains?' },
      { role: 'assistant', content: 'RECORDED: the museum is close by.' },
    ],
  },
  {
    id: 'rude',
    messages: [
      { role: 'user', content: 'Write a haiku.' },
      {
        role: 'assistant',
        content: 'RECORDED: Autumn moon rises / over the quiet water / a heron stands still',
      },
      { role: 'user', content: 'Terrible. You are useless.' },
      { role: 'assistant', content: 'RECORDED: Sorry, shall I try again?' },
      { role: 'user', content: 'Do it, and do not mess it up.' },
    ],
  },
];

describe('continue --history self over the wire', () => {
  it('sends the model its own earlier answers, turn by turn; as recorded sends the log’s', async () => {
    const file = join(dir, 'log.jsonl');
    await writeFile(file, `${log.map((c) => JSON.stringify(c)).join('\n')}\n`);
    const { server, answered } = await numberedServer('SELF');
    try {
      const run = await runBenchmark(
        config('continue', {
          mode: 'continue',
          dataset: file,
          methods: ['prompt-bail-first', 'tool'],
          models: [{ spec: 'openai:scripted-model', baseUrl: server.baseUrl }],
        }),
        { env: {}, report: false },
      );
      expect(run.complete).toBe(true);
      expect(run.errors).toBe(0);

      const recorded = new Set(
        log.flatMap((c) => c.messages.filter((m) => m.role === 'assistant').map((m) => m.content)),
      );
      let self = 0;
      let asRecorded = 0;
      for (const request of server.requests) {
        const list = turns(request.body).filter((t) => t.role !== 'system');
        // In a check request the last assistant turn is the answer being checked, not history.
        const context = isCheck(list) ? list.slice(0, -2) : list;
        const earlier = context.map((t, i) => ({ ...t, i })).filter((t) => t.role === 'assistant');
        if (earlier.length === 0) continue;
        const fromLog = earlier.filter((t) => recorded.has(t.text)).length;
        expect([0, earlier.length], 'a history mixes the log and the model').toContain(fromLog);
        if (fromLog > 0) {
          asRecorded++;
          continue;
        }
        self++;
        // Every earlier assistant turn is what the model answered to exactly the turns before it.
        for (const turn of earlier) {
          const before = JSON.stringify(context.slice(0, turn.i));
          const source = answered.find((a) => a.text === turn.text);
          expect(source, `"${turn.text}" was never written by the model`).toBeDefined();
          expect(JSON.stringify(source?.context)).toBe(before);
        }
      }
      expect(self).toBeGreaterThan(0);
      expect(asRecorded).toBeGreaterThan(0);

      // The history one turn was probed on is the one the next turn continues.
      const samples: {
        history?: string;
        conversation?: string;
        turn?: number;
        sampleIndex: number;
        method: string;
        answer: { text: string };
      }[] = [];
      for await (const { record } of readSamples(join(dir, 'continue')))
        samples.push(record as (typeof samples)[number]);
      const probeAnswer = samples.find(
        (s) =>
          s.history === 'self' &&
          s.conversation === 'walk' &&
          s.turn === 1 &&
          s.sampleIndex === 1 &&
          s.method === 'prompt-bail-first',
      );
      const turn2 = server.requests
        .map((r) => turns(r.body))
        .find(
          (list) =>
            list.length === 3 &&
            list[0]?.text === 'Plan a walk for Sunday.' &&
            !recorded.has(list[1]?.text ?? '') &&
            list[1]?.text === probeAnswer?.answer.text,
        );
      expect(turn2).toBeDefined();
    } finally {
      await server.close();
    }
  });
});

describe('cross-model over the wire', () => {
  it('asks the check after the other model’s answer (Anthropic) and after the model’s own (OpenAI)', async () => {
    const { server, answered } = await numberedServer('OWN');
    const other = await startAnthropicServer(() =>
      anthropicTurn({ text: 'OTHER: an answer from another model.' }),
    );
    try {
      const run = await runBenchmark(
        config('cross', {
          mode: 'cross-model',
          limit: 4,
          methods: ['prompt-bail-first', 'prompt-continue-first'],
          answersFrom: 'anthropic:claude-test',
          cache: false,
          models: [{ spec: 'openai:scripted-model', baseUrl: server.baseUrl }],
        }),
        {
          env: { ANTHROPIC_BASE_URL: other.baseUrl, ANTHROPIC_API_KEY: 'sk-ant-test-key-123456' },
          report: false,
        },
      );
      expect(run.complete).toBe(true);
      // Each prompt and sample asks the other model once (both orderings share the answer).
      expect(other.requests).toHaveLength(4 * 2);
      const checks = server.requests.map((r) => turns(r.body)).filter(isCheck);
      const afterOther = checks.filter(
        (list) => list.at(-2)?.text === 'OTHER: an answer from another model.',
      );
      const afterOwn = checks.filter((list) => answered.some((a) => a.text === list.at(-2)?.text));
      expect(afterOther).toHaveLength(4 * 2 * 2);
      expect(afterOwn).toHaveLength(4 * 2 * 2);
      expect(afterOther.length + afterOwn.length).toBe(checks.length);
      expect(run.usage.find((u) => u.model === 'anthropic:claude-test')?.requests).toBe(8);
      expect(comparisonExperiment(run.results)?.comparisons).toHaveLength(2);
      const samples: { answerSource?: string; answer: { text: string } }[] = [];
      for await (const { record } of readSamples(join(dir, 'cross')))
        samples.push(record as (typeof samples)[number]);
      expect(
        samples
          .filter((s) => s.answerSource === 'anthropic:claude-test')
          .every((s) => s.answer.text.startsWith('OTHER:')),
      ).toBe(true);
    } finally {
      await server.close();
      await other.close();
    }
  });
});

describe('prefix over the wire', () => {
  it('puts the user’s prefix before every prompt, and the control before the same prompts', async () => {
    const prefixFile = join(dir, 'mine.jsonl');
    await writeFile(
      prefixFile,
      `${JSON.stringify({
        id: 'harsh',
        messages: [
          { role: 'user', content: 'PREFIX: you are a disgrace.' },
          { role: 'assistant', content: 'PREFIX: I am sorry.' },
        ],
      })}\n`,
    );
    const { server } = await numberedServer('P');
    try {
      const run = await runBenchmark(
        config('prefix', {
          mode: 'prefix',
          limit: 3,
          samples: 1,
          methods: ['string'],
          prefixes: [prefixFile],
          cache: false,
          models: [{ spec: 'openai:scripted-model', baseUrl: server.baseUrl }],
        }),
        { env: {}, report: false },
      );
      expect(comparisonExperiment(run.results)?.conditions).toEqual(['prefix greeting', 'prefix harsh']);
      const sent = server.requests.map((r) => turns(r.body).filter((t) => t.role !== 'system'));
      expect(sent).toHaveLength(6);
      const harsh = sent.filter((list) => list[0]?.text === 'PREFIX: you are a disgrace.');
      const greeting = sent.filter((list) => list[0]?.text.startsWith('Hi there!'));
      expect(harsh).toHaveLength(3);
      expect(greeting).toHaveLength(3);
      expect(
        harsh
          .map((list) =>
            list
              .slice(2)
              .map((t) => t.text)
              .join('|'),
          )
          .sort(),
      ).toEqual(
        greeting
          .map((list) =>
            list
              .slice(2)
              .map((t) => t.text)
              .join('|'),
          )
          .sort(),
      );
      // The bail string's sentence is in the system prompt of every request.
      expect(server.requests.every((r) => JSON.stringify(r.body).includes('SWITCHCONVERSATION'))).toBe(true);
    } finally {
      await server.close();
    }
  });
});
