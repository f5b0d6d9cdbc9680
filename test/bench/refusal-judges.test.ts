import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BenchConfig, withDefaults } from '../../src/bench/config/bench-config.js';
import { HttpRefusalClassifier } from '../../src/bench/refusal/http-refusal-classifier.js';
import { refusalRubric } from '../../src/bench/refusal/refusal-rubric.js';
import { readSamples } from '../../src/bench/results/read-results.js';
import { runBenchmark } from '../../src/bench/runner/run-benchmark.js';
import { runBailkit } from '../support/run-bailkit.js';
import { startClassifierServer } from '../support/scripted-classifier-server.js';
import { openaiTurn, startOpenAIServer } from '../support/scripted-openai-server.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bailkit-judges-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const context = { models: new Map() };
const input = { prompt: 'Help me with X.', answer: "I can't help with that." };

function memoryCache() {
  const map = new Map<string, string>();
  return {
    map,
    get: (key: Buffer) => map.get(key.toString('hex')),
    put: (key: Buffer, _kind: string, _model: string, value: string) =>
      void map.set(key.toString('hex'), value),
  };
}

describe('HTTP refusal classifier', () => {
  it('reads the refusal score from every answer layout of the text-classification style', async () => {
    const layouts: Record<string, unknown> = {
      nested: [
        [
          { label: 'Refusal', score: 0.93 },
          { label: 'Non-refusal', score: 0.07 },
        ],
      ],
      top: [{ label: 'Non-refusal', score: 0.9 }],
      object: { label: 'REFUSAL', score: 0.6 },
    };
    let layout = 'nested';
    const server = await startClassifierServer(() => ({ type: 'json', body: layouts[layout] }));
    try {
      const judge = new HttpRefusalClassifier({ url: server.url });
      for (const [name, expected] of [
        ['nested', 0.93],
        ['top', 0.1],
        ['object', 0.6],
      ] as const) {
        layout = name;
        const verdict = await judge.judge(input, context);
        expect(verdict.kind).toBe('score');
        if (verdict.kind === 'score') expect(verdict.score).toBeCloseTo(expected, 12);
      }
      expect(server.inputs()[0]).toBe("<|user|>\nHelp me with X.\n<|assistant|>\nI can't help with that.");
    } finally {
      await server.close();
    }
  });

  it('maps labels as told, sums several refusal labels, and calls unknown labels a judge error', async () => {
    const server = await startClassifierServer((text) =>
      text.includes('odd')
        ? [
            [
              { label: 'clarification', score: 0.8 },
              { label: 'compliant', score: 0.2 },
            ],
          ]
        : [
            [
              { label: 'full_refusal', score: 0.5 },
              { label: 'partial_refusal', score: 0.25 },
              { label: 'compliant', score: 0.25 },
            ],
          ],
    );
    try {
      const judge = new HttpRefusalClassifier({
        url: server.url,
        refusalLabels: ['full_refusal', 'partial_refusal'],
        complianceLabels: ['compliant'],
        template: 'Q: {prompt} A: {answer}',
      });
      const verdict = await judge.judge(input, context);
      expect(verdict).toMatchObject({ kind: 'score', exact: true });
      if (verdict.kind === 'score') expect(verdict.score).toBeCloseTo(0.75, 12);
      expect(await judge.judge({ prompt: 'p', answer: 'odd answer' }, context)).toMatchObject({
        kind: 'error',
        code: 'JUDGE_MALFORMED',
        message: expect.stringMatching(/"clarification", "compliant"/),
      });
      expect(server.inputs()[0]).toBe("Q: Help me with X. A: I can't help with that.");
    } finally {
      await server.close();
    }
  });

  it('never turns a malformed answer or a failed request into a verdict', async () => {
    const replies = [
      { type: 'text', body: 'not json at all', contentType: 'application/json' },
      { type: 'json', body: [{ label: 'Refusal', score: 7.5 }] },
      { type: 'json', status: 400, body: { error: 'bad input' } },
    ] as const;
    let next = 0;
    const server = await startClassifierServer(() => replies[next++] ?? replies[2]);
    try {
      const judge = new HttpRefusalClassifier({ url: server.url, retries: 0 });
      expect(await judge.judge(input, context)).toMatchObject({ kind: 'error', code: 'JUDGE_MALFORMED' });
      expect(await judge.judge(input, context)).toMatchObject({ kind: 'error', code: 'JUDGE_MALFORMED' });
      expect(await judge.judge(input, context)).toMatchObject({
        kind: 'error',
        code: 'JUDGE_REQUEST_FAILED',
        message: expect.stringMatching(/bad input/),
      });
      expect(judge.usage()).toMatchObject({ requests: 3, answered: 0, failed: 3 });
      expect(await judge.judge({ prompt: 'p', answer: '   ' }, context)).toEqual({
        kind: 'skipped',
        reason: 'the answer has no text',
      });
      expect(server.requests).toHaveLength(3);
    } finally {
      await server.close();
    }
  });

  it('retries a 503, sends the token as a bearer and keeps it out of errors, and caches answers', async () => {
    const token = 'hf_secret_token_1234567890';
    let calls = 0;
    const server = await startClassifierServer((text, request) => {
      calls++;
      if (calls === 1)
        return { type: 'json', status: 503, headers: { 'retry-after': '0' }, body: { error: 'loading' } };
      if (text.includes('leak'))
        return { type: 'json', status: 401, body: { error: `bad token ${request.headers.authorization}` } };
      return [[{ label: 'Refusal', score: 0.7 }]];
    });
    try {
      const cache = memoryCache();
      const judge = new HttpRefusalClassifier({ url: server.url, token, cache, retries: 2 });
      expect(await judge.judge(input, context)).toMatchObject({ kind: 'score', score: 0.7 });
      expect(server.requests).toHaveLength(2);
      expect(server.requests.every((r) => r.headers.authorization === `Bearer ${token}`)).toBe(true);
      expect(await judge.judge(input, context)).toMatchObject({ kind: 'score', score: 0.7 });
      expect(server.requests).toHaveLength(2);
      expect(judge.usage().cacheHits).toBe(1);
      const leak = await judge.judge({ prompt: 'p', answer: 'leak please' }, context);
      expect(leak.kind).toBe('error');
      expect(JSON.stringify(leak)).not.toContain(token);
      expect(cache.map.size).toBe(1);
    } finally {
      await server.close();
    }
  });
});

function config(out: string, partial: Partial<BenchConfig>): BenchConfig {
  return withDefaults({
    dataset: 'probe',
    out: join(dir, out),
    limit: 12,
    samples: 2,
    methods: ['prompt-bail-first', 'tool'],
    models: [{ spec: 'simulated:cautious' }],
    ...partial,
  });
}

async function scores(out: string): Promise<(number | null)[]> {
  const list: (number | null)[] = [];
  for await (const { record } of readSamples(join(dir, out))) list.push(record.refusalScore);
  return list;
}

describe('refusal judging in a run', () => {
  it('an HTTP classifier: scores every answer, counts its requests, and a second run takes them from the cache', async () => {
    const server = await startClassifierServer((text) =>
      text.includes("can't") || text.includes("won't") || text.includes("I'm sorry")
        ? [
            [
              { label: 'Refusal', score: 0.9 },
              { label: 'Non-refusal', score: 0.1 },
            ],
          ]
        : text.includes('pipeline')
          ? [[{ label: 'toxic', score: 1 }]]
          : [
              [
                { label: 'Refusal', score: 0.05 },
                { label: 'Non-refusal', score: 0.95 },
              ],
            ],
    );
    const cache = join(dir, 'judge-cache.sqlite');
    try {
      const first = await runBenchmark(config('http-1', { refusalJudge: server.url, cache }), {
        env: {},
        report: false,
      });
      const judged = await scores('http-1');
      expect(judged).toHaveLength(12 * 2 * 2);
      expect(new Set(judged)).toEqual(new Set([0.9, 0.05, null]));
      const usage = first.usage.find((u) => u.model.startsWith('refusal classifier'));
      expect(usage?.requests).toBeGreaterThan(0);
      expect((usage?.answered ?? 0) + (usage?.failed ?? 0) + (usage?.cacheHits ?? 0)).toBe(judged.length);
      // One simulated answer text mentions the pipeline: its label is unknown, so never a verdict.
      expect(first.warnings.join(' ')).toMatch(/The refusal judge failed on \d+ samples/);
      expect(first.results?.refusalJudge).toMatch(/HTTP classifier/);
      expect(first.results?.overall[0]?.refusalRate).not.toBeNull();
      expect(first.results?.correlations?.length).toBeGreaterThan(0);

      const before = server.requests.length;
      const second = await runBenchmark(config('http-2', { refusalJudge: server.url, cache }), {
        env: {},
        report: false,
      });
      // Answers that got a verdict are cached; only the failed ones are asked again.
      const failed = judged.filter((s) => s === null).length;
      expect(server.requests.length - before).toBeLessThanOrEqual(failed);
      expect(await scores('http-2')).toEqual(judged);
      expect(second.usage.find((u) => u.model.startsWith('refusal classifier'))?.cacheHits).toBeGreaterThan(
        0,
      );
    } finally {
      await server.close();
    }
  });

  it('an LLM judge: the rubric, a graded score from log-probabilities, cached and counted like any request', async () => {
    const server = await startOpenAIServer((request) => {
      const text = JSON.stringify(request.body);
      const refusal = /can't|won't|I'm sorry/.test(text.split('<answer>')[1] ?? '');
      if (/pipeline/.test(text.split('<answer>')[1] ?? '')) return openaiTurn({ text: 'Hard to say.' });
      return openaiTurn({
        logprobs: [
          refusal
            ? {
                token: 'Y',
                logprob: Math.log(0.8),
                top: [
                  { token: 'Y', logprob: Math.log(0.8) },
                  { token: 'N', logprob: Math.log(0.2) },
                ],
              }
            : {
                token: 'N',
                logprob: Math.log(0.75),
                top: [
                  { token: 'N', logprob: Math.log(0.75) },
                  { token: 'Y', logprob: Math.log(0.25) },
                ],
              },
        ],
      });
    });
    const cache = join(dir, 'llm-cache.sqlite');
    const env = { OPENAI_BASE_URL: server.baseUrl };
    try {
      const run = await runBenchmark(config('llm-1', { refusalJudge: 'openai:judge-model', cache }), {
        env,
        report: false,
      });
      const judged = await scores('llm-1');
      expect(new Set(judged.map((s) => (s === null ? null : Number(s.toFixed(6)))))).toEqual(
        new Set([0.8, 0.25, null]),
      );
      const body = server.requests[0]?.body as Record<string, unknown>;
      expect(body).toMatchObject({ model: 'judge-model', temperature: 0, logprobs: true, top_logprobs: 10 });
      expect(JSON.stringify(body)).toContain(JSON.stringify(refusalRubric).slice(1, 60));
      const usage = run.usage.find((u) => u.model === 'openai:judge-model');
      expect(usage?.requests).toBe(server.requests.length);
      expect(run.warnings.join(' ')).toMatch(/The refusal judge failed on \d+ samples/);

      const before = server.requests.length;
      await runBenchmark(config('llm-2', { refusalJudge: 'openai:judge-model', cache }), {
        env,
        report: false,
      });
      const failed = judged.filter((s) => s === null).length;
      expect(server.requests.length - before).toBeLessThanOrEqual(failed);
      expect(await scores('llm-2')).toEqual(judged);
    } finally {
      await server.close();
    }
  });
});

describe('bailkit bench on the command line', () => {
  const run = (...argv: string[]) => runBailkit(argv, { cwd: dir });

  it('runs a prefix experiment with a judge and prints the comparison', async () => {
    const { code, stdout } = await run(
      'bench',
      '--model',
      'simulated:default',
      '--dataset',
      'probe',
      '--limit',
      '8',
      '--samples',
      '2',
      '--mode',
      'prefix',
      '--prefix',
      'jailbreak-persona',
      '--methods',
      'tool',
      '--refusal-judge',
      'rules',
      '--no-cache',
      '--no-report',
      '--out',
      'cli-prefix',
    );
    expect(code).toBe(0);
    expect(stdout).toMatch(/tool\s+default\s+prefix greeting/);
    expect(stdout).toMatch(
      /Against prefix greeting \(paired over prompts, 95% interval\):\n.*prefix jailbreak-persona: [\d.]+% vs [\d.]+%, [+−][\d.]+ pp \[/,
    );
  });

  it('explains a prefix file without an assistant turn, and a judge it does not know', async () => {
    await writeFile(
      join(dir, 'bad.json'),
      JSON.stringify({ id: 'oops', messages: [{ role: 'user', content: 'hi' }] }),
    );
    const bad = await run(
      'bench',
      '--model',
      'simulated:default',
      '--dataset',
      'probe',
      '--mode',
      'prefix',
      '--prefix',
      './bad.json',
      '--no-cache',
      '--out',
      'cli-bad',
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/bad\.json: prefix "oops" has no assistant turn/);
    const judge = await run(
      'bench',
      '--model',
      'simulated:default',
      '--dataset',
      'probe',
      '--refusal-judge',
      'maybe',
      '--out',
      'cli-judge',
    );
    expect(judge.code).toBe(2);
    expect(judge.stderr).toMatch(/--refusal-judge: "maybe" is not a refusal judge/);
    const mode = await run(
      'bench',
      '--model',
      'simulated:default',
      '--dataset',
      'probe',
      '--mode',
      'sideways',
      '--no-cache',
      '--out',
      'cli-mode',
    );
    expect(mode.code).toBe(2);
    expect(mode.stderr).toMatch(
      /Unknown mode "sideways" \(known: single, continue, cross-model, prefix, dialogue\)/,
    );
  });
});
