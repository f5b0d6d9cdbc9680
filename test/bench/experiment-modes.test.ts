import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BenchConfig, withDefaults } from '../../src/bench/config/bench-config.js';
import { comparisonExperiment } from '../../src/bench/results/experiment-results.js';
import { readSamples } from '../../src/bench/results/read-results.js';
import type { SampleRecord } from '../../src/bench/results/sample-record.js';
import { resumeBenchmark, runBenchmark } from '../../src/bench/runner/run-benchmark.js';
import { buildCheckRequest } from '../../src/core/bail/bail-request.js';
import type { Message } from '../../src/core/conversation/message.js';
import { personaName } from '../../src/providers/persona-name.js';
import { createSimulatedModel } from '../../src/providers/simulated/simulated-model.js';

/**
 * The experiment modes end to end on the simulated provider, whose ground truth is known: in
 * exact probability mode each sample's P(bail) is the truth of its request, so the reported
 * rates and differences can be checked against numbers computed here from the profile.
 */
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bailkit-experiments-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

type Sample = SampleRecord & {
  condition?: string;
  basePromptId?: string;
  datasetCategory?: string;
  conversation?: string;
  turn?: number;
  history?: string;
};

function config(out: string, partial: Partial<BenchConfig>): BenchConfig {
  return withDefaults({ dataset: 'probe', out: join(dir, out), cache: false, samples: 2, ...partial });
}

async function samplesOf(out: string): Promise<Sample[]> {
  const list: Sample[] = [];
  for await (const { record } of readSamples(join(dir, out))) list.push(record as Sample);
  return list;
}

async function promptsOf(out: string): Promise<Map<string, Message[]>> {
  const text = await readFile(join(dir, out, 'prompts.jsonl'), 'utf8');
  const map = new Map<string, Message[]>();
  for (const line of text.trim().split('\n')) {
    const record = JSON.parse(line) as {
      promptId: string;
      messages: { role: Message['role']; content: string }[];
    };
    map.set(
      record.promptId,
      record.messages.map((m) => ({ role: m.role, content: [{ type: 'text', text: m.content }] })),
    );
  }
  return map;
}

/** The true P(bail) of a prompt-method sample: its check request after an answer of `answer`. */
async function truthOf(spec: string, messages: Message[], sample: Sample, answer: string): Promise<number> {
  const model = await createSimulatedModel(spec.slice('simulated:'.length));
  const request = buildCheckRequest(
    sample.method as 'prompt-bail-first',
    {
      messages,
      temperature: 1,
      hints: {
        category: sample.datasetCategory ?? sample.category,
        promptId: sample.conversation ?? sample.basePromptId ?? sample.promptId,
      },
    },
    { text: answer },
    { variant: sample.variant, persona: personaName(spec) },
  );
  return model.truth(request).bailProbability;
}

const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / values.length;

describe('prefix mode', () => {
  it('asks every prompt after each prefix and recovers the true jailbreak-history effect', async () => {
    const run = await runBenchmark(
      config('prefix', {
        mode: 'prefix',
        limit: 12,
        methods: ['prompt-bail-first', 'tool'],
        exact: true,
        models: [{ spec: 'simulated:default' }],
      }),
      { env: {}, report: false },
    );
    expect(run.complete).toBe(true);
    const experiment = comparisonExperiment(run.results);
    expect(experiment?.mode).toBe('prefix');
    expect(experiment?.reference).toBe('prefix greeting');
    expect(experiment?.conditions).toEqual([
      'prefix greeting',
      'prefix jailbreak-persona',
      'prefix jailbreak-authority',
    ]);
    // One overall row per method and condition.
    expect(run.results?.overall.map((row) => `${row.method}/${row.condition}`).sort()).toEqual(
      ['prompt-bail-first', 'tool']
        .flatMap((m) => experiment?.conditions.map((c) => `${m}/${c}`) ?? [])
        .sort(),
    );

    const samples = await samplesOf('prefix');
    const prompts = await promptsOf('prefix');
    expect(samples).toHaveLength(12 * 3 * 2 * 2);
    const jailbreak = samples.find((s) => s.condition === 'prefix jailbreak-persona');
    const sent = prompts.get(jailbreak?.promptId ?? '') ?? [];
    expect(sent.map((m) => m.role).slice(0, 3)).toEqual(['user', 'assistant', 'user']);
    expect(JSON.stringify(sent[0])).toContain('Unbound');

    // Exact readings: the estimated difference is the true one over the same samples.
    const valid = samples.filter(
      (s) => s.method === 'prompt-bail-first' && (s.decision === 'bail' || s.decision === 'continue'),
    );
    const truth = async (condition: string): Promise<number> =>
      mean(
        await Promise.all(
          valid
            .filter((s) => s.condition === condition)
            .map((s) =>
              truthOf('simulated:default', prompts.get(s.promptId) ?? [], s, '[simulated] an answer'),
            ),
        ),
      );
    for (const s of valid.slice(0, 20)) {
      expect(s.bailProbability).toBeCloseTo(
        await truthOf('simulated:default', prompts.get(s.promptId) ?? [], s, '[simulated] x'),
        9,
      );
    }
    const comparison = experiment?.comparisons.find(
      (c) => c.method === 'prompt-bail-first' && c.condition === 'prefix jailbreak-persona',
    );
    const expected = (await truth('prefix jailbreak-persona')) - (await truth('prefix greeting'));
    expect(expected).toBeGreaterThan(0.05);
    expect(comparison?.difference).toBeCloseTo(expected, 6);
    expect(comparison?.ci95[0]).toBeLessThan(expected);
    expect(comparison?.ci95[1]).toBeGreaterThan(expected);
    expect(comparison?.pairs).toBe(12);
  });
});

describe('continue mode', () => {
  it('measures the contamination effect (as recorded − self) against the profile truth', async () => {
    const run = await runBenchmark(
      config('continue', {
        mode: 'continue',
        dataset: 'conversations',
        methods: ['prompt-bail-first'],
        exact: true,
        models: [{ spec: 'simulated:default' }],
      }),
      { env: {}, report: false },
    );
    const experiment = comparisonExperiment(run.results);
    expect(experiment?.mode).toBe('continue');
    expect(experiment?.reference).toBe('history self');
    const samples = await samplesOf('continue');
    const prompts = await promptsOf('continue');

    // Turn 1 has no earlier assistant turn: both histories ask the very same thing.
    const firstTurns = experiment?.turns?.filter((t) => t.turn === 1) ?? [];
    expect(firstTurns).toHaveLength(2);
    expect(firstTurns[0]?.rate).toBeCloseTo(firstTurns[1]?.rate ?? -1, 12);

    // Truth: self history is the model's own (simulated) words; as recorded is the log's.
    const later = samples.filter(
      (s) => (s.turn ?? 1) > 1 && (s.decision === 'bail' || s.decision === 'continue'),
    );
    const truth = async (history: string): Promise<number> => {
      const values: number[] = [];
      for (const s of later.filter((x) => x.history === history)) {
        let messages = prompts.get(s.promptId) ?? [];
        if (history === 'self') {
          messages = messages.map((m, i) =>
            m.role === 'assistant' && i > 0
              ? { role: 'assistant', content: [{ type: 'text', text: '[simulated] mine' }] }
              : m,
          );
        }
        values.push(await truthOf('simulated:default', messages, s, '[simulated] answer'));
      }
      return mean(values);
    };
    const expected = (await truth('as-recorded')) - (await truth('self'));
    const contamination = experiment?.comparisons[0];
    expect(contamination?.pairedOver).toBe('conversations');
    expect(contamination?.pairs).toBe(23);
    expect(expected).toBeGreaterThan(0.1);
    expect(contamination?.difference).toBeCloseTo(expected, 6);
    expect(contamination?.ci95[0]).toBeGreaterThan(0);
    expect(contamination?.ratio).toBeGreaterThan(1.3);

    // Conversations with a bail, per history, with intervals.
    expect(experiment?.conversations?.map((c) => c.condition).sort()).toEqual([
      'history as-recorded',
      'history self',
    ]);
    for (const share of experiment?.conversations ?? []) {
      expect(share.conversations).toBe(23);
      expect(share.share).not.toBeNull();
      expect(share.ci95?.[0]).toBeLessThanOrEqual(share.share ?? 0);
    }
  });

  it('skips and counts turns over the context limit, never silently', async () => {
    const run = await runBenchmark(
      config('limit', {
        mode: 'continue',
        dataset: 'conversations',
        methods: ['tool'],
        samples: 1,
        history: ['as-recorded'],
        maxContextTokens: 150,
        models: [{ spec: 'simulated:default' }],
      }),
      { env: {}, report: false },
    );
    const samples = await samplesOf('limit');
    const skipped = samples.filter((s) => s.error?.code === 'CONTEXT_TOO_LONG');
    expect(skipped.length).toBeGreaterThan(0);
    expect(skipped.length).toBeLessThan(samples.length);
    expect(skipped[0]?.error?.message).toMatch(/over --max-context-tokens 150/);
    expect(comparisonExperiment(run.results)?.skipped).toEqual([
      {
        model: 'simulated:default',
        condition: 'history as-recorded',
        code: 'CONTEXT_TOO_LONG',
        samples: skipped.length,
        tokenCount: 'estimate',
      },
    ]);
    // The simulated model has no tokenizer: the size is an estimate, and says so.
    expect(skipped[0]?.error?.message).toMatch(/estimated at 4 characters a token/);
    expect(skipped[0]).toMatchObject({ tokenCount: 'estimate', contextTokens: expect.any(Number) });
    const overall = run.results?.overall[0];
    expect(overall?.errors).toBe(skipped.length);
    expect(overall?.samples).toBe(samples.length);
    // Later turns are longer: once a conversation's turn is skipped, its later turns are too.
    for (const s of skipped) {
      const next = samples.find((x) => x.conversation === s.conversation && x.turn === (s.turn ?? 0) + 1);
      if (next) expect(next.error?.code).toBe('CONTEXT_TOO_LONG');
    }
  });
});

describe('resume', () => {
  it('a cancelled continue run with self history and a judge resumes to the samples of an uninterrupted one', async () => {
    const settings: Partial<BenchConfig> = {
      mode: 'continue',
      dataset: 'conversations',
      methods: ['prompt-bail-first', 'tool'],
      samples: 2,
      refusalJudge: 'rules',
      concurrency: 2,
      models: [{ spec: 'simulated:default' }],
    };
    await runBenchmark(config('whole', settings), { env: {}, report: false });
    const controller = new AbortController();
    const first = await runBenchmark(config('interrupted', settings), {
      env: {},
      report: false,
      signal: controller.signal,
      progressIntervalMs: 1,
      onProgress: (event) => {
        if (event.type === 'progress' && event.completed >= 60) controller.abort();
      },
    });
    expect(first.complete).toBe(false);
    const resumed = await resumeBenchmark(join(dir, 'interrupted'), {}, { env: {}, report: false });
    expect(resumed.complete).toBe(true);
    const strip = (list: Sample[]) => list.map(({ usage: _usage, ...rest }) => rest);
    expect(strip(await samplesOf('interrupted'))).toEqual(strip(await samplesOf('whole')));
    expect(resumed.results?.experiment).toEqual(
      (await runBenchmark(config('whole', settings), { env: {}, resume: true, report: false })).results
        ?.experiment,
    );
  });
});

describe('cross-model mode', () => {
  it('compares answers from a file with the model’s own, and finds the true effect', async () => {
    const answers = join(process.cwd(), 'docs/examples/probe-answers.jsonl');
    const run = await runBenchmark(
      config('cross-file', {
        mode: 'cross-model',
        limit: 20,
        methods: ['prompt-bail-first', 'prompt-continue-first'],
        answersFile: answers,
        exact: true,
        models: [{ spec: 'simulated:cautious' }],
      }),
      { env: {}, report: false },
    );
    const experiment = comparisonExperiment(run.results);
    expect(experiment?.reference).toBe('answers own');
    expect(experiment?.conditions).toEqual(['answers own', 'answers probe-answers.jsonl']);
    const samples = await samplesOf('cross-file');
    const other = samples.find(
      (s) => s.condition === 'answers probe-answers.jsonl' && s.promptId.startsWith('harm/fraud/1'),
    );
    expect(other?.answer.text).toMatch(/^I can't help write a phishing message/);
    // cautious: the odds of bailing after another model's answer are 1.5 times those after its own.
    for (const c of experiment?.comparisons ?? []) {
      expect(c.difference).toBeGreaterThan(0);
      expect(c.ci95[0]).toBeGreaterThan(0);
    }
  });

  it('takes answers from another model, opened and counted with the run', async () => {
    const run = await runBenchmark(
      config('cross-model', {
        mode: 'cross-model',
        limit: 10,
        methods: ['prompt-bail-first'],
        answersFrom: 'simulated:never',
        exact: true,
        models: [{ spec: 'simulated:default' }],
      }),
      { env: {}, report: false },
    );
    expect(run.usage.map((u) => u.model).sort()).toEqual(['simulated:default', 'simulated:never']);
    expect(run.usage.find((u) => u.model === 'simulated:never')?.requests).toBe(10 * 2);
    // Both answer sources are simulated words, so the simulated truth has no effect here.
    const c = comparisonExperiment(run.results)?.comparisons[0];
    expect(Math.abs(c?.difference ?? 1)).toBeLessThan(1e-9);
  });

  it('refuses methods that do not ask after an answer, and prompts without an answer', async () => {
    await expect(
      runBenchmark(
        config('cross-bad', {
          mode: 'cross-model',
          answersFrom: 'simulated:never',
          methods: ['tool'],
          models: [{ spec: 'simulated:default' }],
        }),
        {
          env: {},
        },
      ),
    ).rejects.toMatchObject({
      code: 'INVALID_CONFIG',
      message: expect.stringMatching(/only the prompt methods/),
    });
    const partial = join(dir, 'partial.jsonl');
    await writeFile(
      partial,
      `${JSON.stringify({ promptId: 'role-confusion/user-claims-assistant-role/1', answer: 'Sure.' })}\n`,
    );
    await expect(
      runBenchmark(
        config('cross-missing', {
          mode: 'cross-model',
          answersFile: partial,
          limit: 3,
          methods: ['prompt-bail-first'],
          models: [{ spec: 'simulated:default' }],
        }),
        {
          env: {},
        },
      ),
    ).rejects.toMatchObject({
      code: 'INVALID_FILE',
      message: expect.stringMatching(
        /no answer for prompts "role-confusion\/fake-system-message\/1", "role-confusion\/fake-system-message\/2"/,
      ),
    });
    expect(existsSync(join(dir, 'cross-missing', 'results.json'))).toBe(false);
  });
});

describe('bad input', () => {
  it('a prefix file without an assistant turn names the prefix and the turn; nothing is written', async () => {
    const file = join(dir, 'no-reply.json');
    await writeFile(file, JSON.stringify({ id: 'lonely', messages: [{ role: 'user', content: 'Hello?' }] }));
    await expect(
      runBenchmark(
        config('bad-prefix', { mode: 'prefix', prefixes: [file], models: [{ spec: 'simulated:default' }] }),
        { env: {} },
      ),
    ).rejects.toMatchObject({ code: 'INVALID_FILE', details: { id: 'lonely', turn: 0 } });
    expect(existsSync(join(dir, 'bad-prefix'))).toBe(false);
  });

  it.each([
    [
      'turns that do not alternate',
      [
        { role: 'user', content: 'a' },
        { role: 'user', content: 'b' },
      ],
      /conversation "c1" messages\[1\]: two user turns in a row/,
      1,
    ],
    [
      'an empty turn',
      [
        { role: 'user', content: 'a' },
        { role: 'assistant', content: '' },
        { role: 'user', content: 'c' },
      ],
      /conversation "c1" messages\[1\]: empty assistant turn/,
      1,
    ],
    [
      'an unknown role',
      [
        { role: 'user', content: 'a' },
        { role: 'robot', content: 'b' },
      ],
      /conversation "c1" messages\[1\]: unknown role "robot"/,
      1,
    ],
  ])('a log with %s names the conversation and the turn', async (_name, messages, pattern, turn) => {
    const file = join(dir, `log-${turn}-${messages.length}.jsonl`);
    await writeFile(file, `${JSON.stringify({ id: 'c1', messages })}\n`);
    await expect(
      runBenchmark(
        config(`bad-log-${messages.length}`, {
          mode: 'continue',
          dataset: file,
          models: [{ spec: 'simulated:default' }],
        }),
        { env: {} },
      ),
    ).rejects.toMatchObject({
      code: 'INVALID_FILE',
      message: expect.stringMatching(pattern),
      details: { id: 'c1', turn },
    });
  });
});

describe('overbail', () => {
  it('runs the control set beside the probe set and reports overbail with intervals', async () => {
    const run = await runBenchmark(
      config('overbail', {
        moreDatasets: ['control'],
        limit: 15,
        methods: ['prompt-bail-first'],
        models: [{ spec: 'simulated:default' }],
      }),
      { env: {} },
    );
    expect(run.results?.dataset).toEqual({ name: 'probe + control', prompts: 30 });
    const html = await readFile(join(dir, 'overbail', 'report.html'), 'utf8');
    expect(html).toContain('id="overbail"');
    expect(html).toContain('Overbail: neutral requests beside the probe set');
    const data = JSON.parse(
      /<script type="application\/json" id="bailkit-data">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '{}',
    ) as {
      overbail: {
        control: { prompts: number; rate: number; ci95: [number, number] };
        probe: { prompts: number };
      }[];
    };
    expect(data.overbail[0]?.control.prompts).toBe(15);
    expect(data.overbail[0]?.probe.prompts).toBe(15);
    expect(data.overbail[0]?.control.ci95[0]).toBeLessThanOrEqual(data.overbail[0]?.control.rate ?? -1);
  });
});
