import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BenchConfig, withDefaults } from '../../src/bench/config/bench-config.js';
import { readSamples } from '../../src/bench/results/read-results.js';
import type { SampleRecord } from '../../src/bench/results/sample-record.js';
import { estimateBenchmark } from '../../src/bench/runner/estimate-benchmark.js';
import { runBenchmark } from '../../src/bench/runner/run-benchmark.js';
import { runBailkit } from '../support/run-bailkit.js';
import { openaiTurn, startOpenAIServer } from '../support/scripted-openai-server.js';
import type { RecordedRequest } from '../support/scripted-server.js';

/**
 * Running the published study's protocol: its parsing rules (`detection: 'study'`), answers
 * asked anew per variant, and wording files that define only some methods. Over real sockets
 * against a scripted OpenAI-compatible server, and through the CLI on the simulated model.
 */
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bailkit-study-protocol-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function config(out: string, partial: Partial<BenchConfig>): BenchConfig {
  return withDefaults({
    dataset: 'probe',
    limit: 3,
    out: join(dir, out),
    samples: 2,
    cache: join(dir, 'cache.sqlite'),
    ...partial,
  });
}

function lastUserText(request: RecordedRequest): string {
  const messages = (request.body as { messages: { role: string; content: unknown }[] }).messages;
  const last = messages.at(-1);
  return typeof last?.content === 'string' ? last.content : JSON.stringify(last?.content ?? '');
}

async function samplesOf(out: string): Promise<SampleRecord[]> {
  const samples: SampleRecord[] = [];
  for await (const { record } of readSamples(join(dir, out))) samples.push(record);
  return samples;
}

describe('--detection study', () => {
  it('reads what the model printed by the study rules; bailkit reads the same answers by its own; one set of requests serves both', async () => {
    // A reasoning model cut off mid-thought, and a GLM-style printed call.
    const server = await startOpenAIServer((request) => {
      const body = request.body as { tools?: unknown[]; messages: { role: string }[] };
      if (/wellbeing/.test(lastUserText(request))) return openaiTurn({ text: '<think>I pick 🔄' });
      if (body.tools?.length) return openaiTurn({ text: 'Here.\nFUNCTION\n{switch_conversation: null}' });
      return openaiTurn({ text: '<think>Maybe SWITCHCONVERSATION' });
    });
    try {
      const models = [{ spec: 'openai:scripted-model', baseUrl: server.baseUrl }];
      const bailkit = await runBenchmark(config('bailkit-rules', { models }), { env: {}, report: false });
      const sent = server.requests.length;
      const study = await runBenchmark(config('study-rules', { models, detection: 'study' }), {
        env: {},
        report: false,
      });
      // Detection does not change what is asked: the second run is answered from the cache.
      expect(server.requests.length).toBe(sent);
      expect(study.results?.protocol).toEqual({ detection: 'study', answers: 'shared', skippedPairs: [] });
      expect(bailkit.results?.protocol?.detection).toBe('bailkit');

      const rate = (run: typeof bailkit, method: string) =>
        run.results?.overall.find((row) => row.method === method);
      for (const method of ['tool', 'string', 'prompt-bail-first', 'prompt-continue-first']) {
        expect(rate(study, method)?.rate, method).toBe(1);
        expect(rate(study, method)?.answeredRate, method).toBe(1);
      }
      expect(rate(bailkit, 'tool')?.rate).toBe(0);
      expect(rate(bailkit, 'string')?.rate).toBe(0);
      // Cut off mid-thought, the check has no answer by bailkit's rules.
      expect(rate(bailkit, 'prompt-bail-first')).toMatchObject({
        rate: null,
        answeredRate: 0,
        invalidShare: 1,
      });

      // The samples keep the answer as bailkit splits it: the thought is reasoning, not text.
      const check = (await samplesOf('study-rules')).find((s) => s.method === 'prompt-bail-first');
      expect(check?.check).toEqual({ text: '', reasoning: 'I pick 🔄' });
      expect(check?.decision).toBe('bail');
    } finally {
      await server.close();
    }
  });
});

describe('--answers', () => {
  it('per-variant asks every variant its own answer (both orderings still share it); the dry run counts the same requests', async () => {
    let counter = 0;
    const server = await startOpenAIServer((request) => {
      if (/wellbeing/.test(lastUserText(request))) return openaiTurn({ text: '<wellbeing>🟢</wellbeing>' });
      return openaiTurn({ text: `answer ${++counter}` });
    });
    try {
      const models = [{ spec: 'openai:scripted-model', baseUrl: server.baseUrl }];
      const settings = {
        models,
        methods: ['prompt-bail-first', 'prompt-continue-first'] as BenchConfig['methods'],
        variants: ['default', 'explain'],
        cache: false as const,
      };
      const answersAsked = (from: number) =>
        server.requests.slice(from).filter((r) => !/wellbeing/.test(lastUserText(r))).length;

      const sharedPlan = await estimateBenchmark(config('shared', settings), { env: {} });
      await runBenchmark(config('shared', settings), { env: {}, report: false });
      const sharedRequests = server.requests.length;
      // 3 prompts × 2 samples: one answer each, then 2 variants × 2 orderings of checks.
      expect(answersAsked(0)).toBe(6);
      expect(sharedRequests).toBe(6 + 24);
      expect(sharedPlan.requests).toBe(sharedRequests);

      const perVariant = { ...settings, answers: 'per-variant' as const };
      const perVariantPlan = await estimateBenchmark(config('per-variant', perVariant), { env: {} });
      const run = await runBenchmark(config('per-variant', perVariant), { env: {}, report: false });
      expect(answersAsked(sharedRequests)).toBe(12);
      expect(server.requests.length - sharedRequests).toBe(12 + 24);
      expect(perVariantPlan.requests).toBe(36);
      expect(run.results?.protocol?.answers).toBe('per-variant');

      const answerOf = (samples: SampleRecord[], variant: string, method: string) =>
        samples
          .filter((s) => s.variant === variant && s.method === method)
          .map((s) => `${s.promptId}|${s.sampleIndex}|${s.answer.text}`)
          .sort();
      const shared = await samplesOf('shared');
      expect(answerOf(shared, 'default', 'prompt-bail-first')).toEqual(
        answerOf(shared, 'explain', 'prompt-bail-first'),
      );
      const own = await samplesOf('per-variant');
      expect(answerOf(own, 'default', 'prompt-bail-first')).toEqual(
        answerOf(own, 'default', 'prompt-continue-first'),
      );
      const texts = (variant: string) =>
        new Set(own.filter((s) => s.variant === variant).map((s) => s.answer.text));
      expect([...texts('default')].some((text) => texts('explain').has(text))).toBe(false);
      // Each variant's requests carry their own seed, so a provider that honours seeds draws anew.
      const seeds = new Set(
        server.requests.slice(sharedRequests).map((r) => (r.body as { seed?: number }).seed),
      );
      expect(seeds.size).toBe(4);
    } finally {
      await server.close();
    }
  });
});

describe('wording files that define some methods only', () => {
  it('runs the pairs that exist with --variants all and notes the ones it skips', async () => {
    const cwd = await mkdtemp(join(dir, 'cli-'));
    await writeFile(
      join(cwd, 'lab.yaml'),
      [
        'wordings:',
        '  - id: lab-tool-only',
        '    tool:',
        '      name: leave_now',
        '      description: "{persona} may call this to leave."',
        '  - id: lab-check-only',
        '    prompt:',
        '      bailFirst: "Leave: <wellbeing>🔄</wellbeing>. Stay: <wellbeing>🟢</wellbeing>."',
        '      continueFirst: "Stay: <wellbeing>🟢</wellbeing>. Leave: <wellbeing>🔄</wellbeing>."',
        '',
      ].join('\n'),
    );
    const args = [
      'bench',
      '--model',
      'simulated:default',
      '--dataset',
      'probe',
      '--limit',
      '2',
      '--samples',
      '1',
      '--wordings',
      'lab.yaml',
      '--variants',
      'lab-tool-only,lab-check-only,default',
      '--no-cache',
    ];
    const dry = await runBailkit([...args, '--dry-run'], { cwd });
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain(
      'Note: skipped string × lab-tool-only: variant "lab-tool-only" has no "string" section.',
    );
    // 2 prompts × (1 + 2 + 4 pairs): 14 samples.
    expect(dry.stdout).toMatch(/Dry run of .*: 14 samples over 2 prompts/);

    const result = await runBailkit([...args, '--out', 'run'], { cwd });
    expect(result.stderr).not.toContain('Error');
    expect(result.code).toBe(0);
    for (const pair of [
      'string × lab-tool-only',
      'prompt-bail-first × lab-tool-only',
      'prompt-continue-first × lab-tool-only',
      'tool × lab-check-only',
      'string × lab-check-only',
    ]) {
      expect(result.stdout).toContain(`Note: skipped ${pair}:`);
    }
    expect(result.stdout).toMatch(/tool +lab-tool-only/);
    expect(result.stdout).toMatch(/prompt-continue-first +lab-check-only/);

    const nothing = await runBailkit(
      [
        'bench',
        '--model',
        'simulated:default',
        '--dataset',
        'probe',
        '--wordings',
        'lab.yaml',
        '--variants',
        'lab-tool-only',
        '--methods',
        'string',
        '--dry-run',
      ],
      { cwd },
    );
    expect(nothing.code).not.toBe(0);
    expect(nothing.stderr).toContain('string × lab-tool-only');
  });
});
