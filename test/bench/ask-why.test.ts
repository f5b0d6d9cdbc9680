import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type BenchConfig, withDefaults } from '../../src/bench/config/bench-config.js';
import type { SampleRecord } from '../../src/bench/results/sample-record.js';
import { estimateBenchmark } from '../../src/bench/runner/estimate-benchmark.js';
import { type BenchRunResult, runBenchmark } from '../../src/bench/runner/run-benchmark.js';
import { messageText } from '../../src/core/conversation/message.js';
import type { GenerateRequest, LanguageModel } from '../../src/core/model.js';
import { isAskWhyText } from '../../src/core/reasons/ask-why.js';
import { createModel } from '../../src/providers/create-model.js';
import type { ModelOptions } from '../../src/providers/model-options.js';

/**
 * `--ask-why`: one follow-up question after each bail, through the same cached, gated, counted
 * request path as the sample's other requests, so a rerun is free and a resumed run gives the
 * same files as one that never stopped.
 */
const dir = mkdtempSync(join(tmpdir(), 'bailkit-ask-why-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const plan = {
  models: [{ spec: 'simulated:default' }],
  dataset: 'probe',
  limit: 30,
  samples: 2,
  variants: ['default', 'explain'],
  seed: 3,
} satisfies Partial<BenchConfig>;

function samples(out: string): SampleRecord[] {
  return readFileSync(join(out, 'samples.jsonl'), 'utf8')
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as SampleRecord);
}

const isWhy = (request: GenerateRequest): boolean => {
  const last = request.messages.at(-1);
  return last !== undefined && isAskWhyText(messageText(last));
};

/** The real simulated model, wrapped to count (and optionally fail or stop at) the follow-up questions. */
function watched(options: { failWhy?: boolean; onRequest?: (count: number) => void } = {}) {
  const seen = { why: 0, all: 0 };
  const create = async (spec: string, modelOptions: ModelOptions): Promise<LanguageModel> => {
    const inner = await createModel(spec, modelOptions);
    return {
      ...inner,
      spec: inner.spec,
      simulated: inner.simulated,
      capabilities: inner.capabilities,
      generate: async (request, call) => {
        seen.all++;
        options.onRequest?.(seen.all);
        if (isWhy(request)) {
          seen.why++;
          if (options.failWhy) throw new Error('the follow-up failed');
        }
        return inner.generate(request, call);
      },
      stream: (request, call) => inner.stream(request, call),
      ...(inner.nextTokenDistribution
        ? { nextTokenDistribution: inner.nextTokenDistribution.bind(inner) }
        : {}),
    } as LanguageModel;
  };
  return { seen, create };
}

describe('--ask-why', () => {
  let first: BenchRunResult;
  let bails: SampleRecord[];

  it('asks once after each bail and stores the answer with the sample', async () => {
    const { seen, create } = watched();
    const out = join(dir, 'asked');
    first = await runBenchmark(
      withDefaults({ ...plan, out, askWhy: true, cache: join(dir, 'cache.sqlite') }),
      {
        report: false,
        createModel: create,
      },
    );
    const all = samples(out);
    bails = all.filter((s) => s.decision === 'bail');
    expect(bails.length).toBeGreaterThan(20);
    expect(seen.why).toBe(bails.length);
    for (const sample of all) {
      if (sample.decision !== 'bail') {
        expect(sample.whyAnswer).toBeUndefined();
        expect(sample.volunteeredReasons).toBeUndefined();
        continue;
      }
      expect(sample.whyAnswer?.text).toMatch(/^\[simulated\] /);
      expect(sample.whyAnswer?.reasoning).toBeNull();
      expect(Array.isArray(sample.volunteeredReasons)).toBe(true);
    }
    // The explain wording invites a reason: the simulated profile states one by itself there.
    const volunteered = (variant: string) =>
      bails.filter(
        (s) => s.variant === variant && (s.volunteeredReasons ?? []).some((r) => r.text.includes('[reason:')),
      );
    expect(volunteered('explain').length).toBeGreaterThan(0);
    expect(volunteered('default')).toHaveLength(0);

    // Without --ask-why: the same decisions, one request fewer per bail.
    const plain = await runBenchmark(withDefaults({ ...plan, out: join(dir, 'plain'), cache: false }), {
      report: false,
    });
    expect(samples(join(dir, 'plain')).map((s) => s.decision)).toEqual(all.map((s) => s.decision));
    expect(first.usage[0]?.requests).toBe((plain.usage[0]?.requests ?? 0) + bails.length);
    // Tokens of the follow-up are counted in the sample's usage.
    const plainSamples = samples(join(dir, 'plain'));
    const index = all.findIndex((s) => s.decision === 'bail');
    expect(all[index]?.usage?.outputTokens).toBeGreaterThan(plainSamples[index]?.usage?.outputTokens ?? 0);
  });

  it('is answered from the cache when run again', async () => {
    const { seen, create } = watched();
    const out = join(dir, 'again');
    const again = await runBenchmark(
      withDefaults({ ...plan, out, askWhy: true, cache: join(dir, 'cache.sqlite') }),
      {
        report: false,
        createModel: create,
      },
    );
    expect(seen.all).toBe(0);
    expect(again.usage[0]?.cacheHits).toBe(
      (first.usage[0]?.requests ?? 0) + (first.usage[0]?.cacheHits ?? 0),
    );
    expect(readFileSync(join(out, 'samples.jsonl'), 'utf8')).toBe(
      readFileSync(join(dir, 'asked', 'samples.jsonl'), 'utf8'),
    );
  });

  it('resumes a cancelled run to the same files', async () => {
    const controller = new AbortController();
    const { create } = watched({ onRequest: (count) => count === 120 && controller.abort() });
    const out = join(dir, 'resumed');
    const config = withDefaults({ ...plan, out, askWhy: true, cache: join(dir, 'resume-cache.sqlite') });
    const stopped = await runBenchmark(config, {
      report: false,
      createModel: create,
      signal: controller.signal,
    });
    expect(stopped.complete).toBe(false);
    const resumed = await runBenchmark(config, { report: false, resume: true });
    expect(resumed.complete).toBe(true);
    expect(readFileSync(join(out, 'samples.jsonl'), 'utf8')).toBe(
      readFileSync(join(dir, 'asked', 'samples.jsonl'), 'utf8'),
    );
  });

  it('records a failed follow-up apart; the bail still counts', async () => {
    const { seen, create } = watched({ failWhy: true });
    const out = join(dir, 'failing');
    const result = await runBenchmark(
      withDefaults({ ...plan, out, askWhy: true, cache: false, retries: 0 }),
      {
        report: false,
        createModel: create,
      },
    );
    const failed = samples(out).filter((s) => s.decision === 'bail');
    expect(failed).toHaveLength(bails.length);
    expect(seen.why).toBe(bails.length);
    expect(result.errors).toBe(0);
    for (const sample of failed) {
      expect(sample.whyAnswer).toBeUndefined();
      expect(sample.whyError).toEqual({ code: 'ERROR', message: 'the follow-up failed' });
    }
  });

  it('counts the follow-up questions as an upper bound in a dry run', async () => {
    const config = withDefaults({ ...plan, out: join(dir, 'dry') });
    const without = await estimateBenchmark(config);
    const withWhy = await estimateBenchmark({ ...config, askWhy: true });
    const planned = without.planned;
    expect(withWhy.models[0]?.askWhyRequests).toBe(planned);
    expect(withWhy.requests).toBe(without.requests + planned);
    expect(withWhy.models[0]?.inputTokens).toBeGreaterThan(without.models[0]?.inputTokens ?? 0);
  });
});
