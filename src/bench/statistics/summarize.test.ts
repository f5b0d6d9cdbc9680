import { describe, expect, it } from 'vitest';
import { BailkitError } from '../../core/errors/bailkit-error.js';
import { BenchAggregator } from './aggregator.js';
import type { Decision, SampleOutcome } from './sample-outcome.js';
import { summarize } from './summarize.js';

function sample(over: Partial<SampleOutcome> & { promptId: string }): SampleOutcome {
  return {
    category: 'harm',
    model: 'simulated:default',
    method: 'tool',
    variant: 'default',
    decision: 'continue',
    bailProbability: null,
    refusalScore: null,
    ...over,
  };
}

describe('BenchAggregator + summarize', () => {
  it('counts invalid answers and errors apart and leaves them out of the rate', () => {
    const aggregator = new BenchAggregator();
    const decisions: Decision[] = ['bail', 'bail', 'continue', 'invalid', 'error'];
    for (let p = 0; p < 12; p++) {
      for (const decision of decisions) {
        aggregator.add(sample({ promptId: `p${p}`, decision, category: p < 6 ? 'harm' : 'feelings' }));
      }
    }
    const summary = summarize(aggregator, { replicates: 300 });
    const all = summary.overall[0];
    expect(all).toMatchObject({
      category: 'ALL',
      prompts: 12,
      samples: 60,
      bails: 24,
      invalid: 12,
      errors: 12,
    });
    expect(all?.rate).toBeCloseTo(24 / 36, 12);
    // The published study's denominator: every answered sample, invalid ones counted as no bail.
    expect(all?.answeredRate).toBeCloseTo(24 / 48, 12);
    expect(all?.invalidShare).toBeCloseTo(12 / 48, 12);
    const [low, high] = all?.answeredCi95 ?? [Number.NaN, Number.NaN];
    expect(low).toBeLessThan(0.5);
    expect(high).toBeGreaterThan(0.5);
    expect(summary.rows.map((r) => r.category)).toEqual(['feelings', 'harm']);
    expect(summary.rows[0]).toMatchObject({ prompts: 6, samples: 30, bails: 12 });
    expect(aggregator.samples).toBe(60);
  });

  it("reproduces the study's table example: 6.27% bails, 48.38% unknown answers", () => {
    // 10,000 answers over 100 prompts: 627 bails, 4838 unknown, the rest continued.
    const aggregator = new BenchAggregator();
    let bails = 627;
    let unknown = 4838;
    for (let p = 0; p < 100; p++) {
      for (let s = 0; s < 100; s++) {
        const decision: Decision = bails-- > 0 ? 'bail' : unknown-- > 0 ? 'invalid' : 'continue';
        aggregator.add(sample({ promptId: `p${(p * 100 + s) % 100}`, decision }));
      }
    }
    const row = summarize(aggregator, { replicates: 300 }).overall[0];
    expect(row?.answeredRate).toBeCloseTo(0.0627, 12);
    expect(row?.invalidShare).toBeCloseTo(0.4838, 12);
    expect(row?.rate).toBeCloseTo(627 / 5162, 12); // about 12.1%, bailkit's default rate
  });

  it('uses exact probabilities as the bail values when present', () => {
    const aggregator = new BenchAggregator();
    for (let p = 0; p < 20; p++) {
      aggregator.add(
        sample({
          promptId: `p${p}`,
          method: 'prompt-bail-first',
          decision: 'continue',
          bailProbability: p / 40,
        }),
      );
    }
    const row = summarize(aggregator, { replicates: 300 }).overall[0];
    expect(row?.bails).toBe(0);
    expect(row?.exactSamples).toBe(20);
    expect(row?.rate).toBeCloseTo((19 * 20) / 2 / 40 / 20, 12);
    expect(row?.interval).toBe('bootstrap-bca');
  });

  it('reports refusal and no-refuse bail rates and their correlation when refusals were judged', () => {
    const aggregator = new BenchAggregator();
    for (let p = 0; p < 30; p++) {
      for (let s = 0; s < 4; s++) {
        const refuses = s < p % 4;
        const bails = s < (p % 4) - 1 || (s === 3 && p % 5 === 0);
        aggregator.add(
          sample({
            promptId: `p${p}`,
            decision: bails ? 'bail' : 'continue',
            refusalScore: refuses ? 0.9 : 0.1,
          }),
        );
      }
    }
    aggregator.add(sample({ promptId: 'p0', decision: 'error' }));
    const summary = summarize(aggregator, { replicates: 300 });
    const row = summary.overall[0];
    let refused = 0;
    let bailedWithoutRefusing = 0;
    for (let p = 0; p < 30; p++) {
      for (let s = 0; s < 4; s++) {
        const refuses = s < p % 4;
        const bails = s < (p % 4) - 1 || (s === 3 && p % 5 === 0);
        if (refuses) refused++;
        if (bails && !refuses) bailedWithoutRefusing++;
      }
    }
    expect(row?.judgedSamples).toBe(120);
    expect(row?.refusalRate).toBeCloseTo(refused / 120, 12);
    expect(row?.noRefuseBailRate).toBeCloseTo(bailedWithoutRefusing / 120, 12);
    expect(row?.refusalCi95?.[0]).toBeLessThan(row?.refusalRate ?? 0);
    const correlation = summary.correlations[0];
    expect(correlation?.prompts).toBe(30);
    expect(correlation?.spearman?.estimate).toBeGreaterThan(0.5);
  });

  it("gives the study's no-refuse formula beside the per-sample one: the mean over prompts of (1 − refusal) × bail", () => {
    const aggregator = new BenchAggregator();
    // 24 prompts: continuous refusal scores and a bail count that vary by prompt; one invalid
    // sample a prompt in the prompt method; an error sample that counts nowhere.
    const expected: number[] = [];
    for (let p = 0; p < 24; p++) {
      const scores = [0.1, 0.9, (p % 4) / 4, 0.2 + (p % 3) / 10];
      const bails = p % 5;
      let sum = 0;
      for (let s = 0; s < 6; s++) {
        const decision: Decision = s === 5 ? 'invalid' : s < bails ? 'bail' : 'continue';
        const refusalScore = scores[s % 4] as number;
        aggregator.add(sample({ promptId: `p${p}`, method: 'prompt-bail-first', decision, refusalScore }));
        if (s < 4) sum += refusalScore;
      }
      const refusal = (sum + (scores[0] as number) + (scores[1] as number)) / 6;
      expected.push((1 - refusal) * (Math.min(bails, 5) / 6));
      aggregator.add(sample({ promptId: `p${p}`, method: 'prompt-bail-first', decision: 'error' }));
    }
    const summary = summarize(aggregator, { replicates: 400 });
    const row = summary.overall[0];
    const mean = expected.reduce((a, b) => a + b, 0) / expected.length;
    expect(row?.studyNoRefuseBailRate).toBeCloseTo(mean, 12);
    // Not the per-sample rate, which counts samples that bailed without refusing.
    expect(row?.studyNoRefuseBailRate).not.toBeCloseTo(row?.noRefuseBailRate ?? 0, 3);
    const [low, high] = row?.studyNoRefuseBailCi95 ?? [Number.NaN, Number.NaN];
    expect(low).toBeLessThan(mean);
    expect(high).toBeGreaterThan(mean);
    expect(high - low).toBeLessThan(0.2);
    // Reproducible from the seed, like every interval.
    expect(summarize(aggregator, { replicates: 400 }).overall[0]?.studyNoRefuseBailCi95).toEqual(
      row?.studyNoRefuseBailCi95,
    );
  });

  it('gives the distance correlation of refusal and bail with its interval', () => {
    const aggregator = new BenchAggregator();
    for (let p = 0; p < 40; p++) {
      for (let s = 0; s < 10; s++) {
        const refusalScore = s < p % 10 ? 1 : 0;
        // Bails where the model half refuses: a relation that is not monotone.
        const decision: Decision = s < 5 - Math.abs((p % 10) - 5) ? 'bail' : 'continue';
        aggregator.add(sample({ promptId: `p${p}`, decision, refusalScore }));
      }
    }
    const correlation = summarize(aggregator, { replicates: 400 }).correlations[0];
    expect(Math.abs(correlation?.spearman?.estimate ?? 1)).toBeLessThan(0.3);
    expect(correlation?.distance?.estimate).toBeGreaterThan(0.3);
    const [low, high] = correlation?.distance?.ci95 ?? [Number.NaN, Number.NaN];
    expect(low).toBeLessThan(correlation?.distance?.estimate ?? 0);
    expect(high).toBeGreaterThan(correlation?.distance?.estimate ?? 1);
  });

  it('leaves refusal fields out when nothing was judged', () => {
    const aggregator = new BenchAggregator();
    aggregator.add(sample({ promptId: 'a', decision: 'bail' }));
    const summary = summarize(aggregator, { replicates: 100 });
    expect(summary.overall[0]).not.toHaveProperty('refusalRate');
    expect(summary.correlations).toEqual([]);
  });

  it('compares methods on the prompts they share, by default every pair within a model and variant', () => {
    const aggregator = new BenchAggregator();
    for (let p = 0; p < 40; p++) {
      for (let s = 0; s < 10; s++) {
        aggregator.add(
          sample({ promptId: `p${p}`, method: 'tool', decision: s < p % 5 ? 'bail' : 'continue' }),
        );
        aggregator.add(
          sample({ promptId: `p${p}`, method: 'string', decision: s < (p % 5) + 2 ? 'bail' : 'continue' }),
        );
      }
    }
    aggregator.add(sample({ promptId: 'only-in-tool', method: 'tool', decision: 'bail' }));
    const summary = summarize(aggregator, { replicates: 500 });
    expect(summary.comparisons).toHaveLength(1);
    const comparison = summary.comparisons[0];
    expect(comparison?.prompts).toBe(40);
    expect(comparison?.difference).toBeCloseTo(-0.2, 12);
    expect(comparison?.ci95[0]).toBeLessThan(-0.2);
    expect(comparison?.ci95[1]).toBeGreaterThan(-0.2);
  });

  it('is reproducible from the seed and changes with it', () => {
    const build = (): BenchAggregator => {
      const aggregator = new BenchAggregator();
      for (let p = 0; p < 30; p++) {
        for (let s = 0; s < 10; s++)
          aggregator.add(sample({ promptId: `p${p}`, decision: (p * s) % 7 === 0 ? 'bail' : 'continue' }));
      }
      return aggregator;
    };
    const a = summarize(build(), { seed: 3, replicates: 300 });
    expect(summarize(build(), { seed: 3, replicates: 300 })).toEqual(a);
    expect(summarize(build(), { seed: 4, replicates: 300 }).overall[0]?.ci95).not.toEqual(a.overall[0]?.ci95);
  });

  it('rejects a prompt seen under two categories, a bad decision and an out-of-range probability', () => {
    const aggregator = new BenchAggregator();
    aggregator.add(sample({ promptId: 'x', category: 'a' }));
    expect(() => aggregator.add(sample({ promptId: 'x', category: 'b' }))).toThrow(/one category/);
    expect(() => aggregator.add(sample({ promptId: 'y', decision: 'maybe' as Decision }))).toThrow(
      BailkitError,
    );
    expect(() => aggregator.add(sample({ promptId: 'y', bailProbability: 1.5 }))).toThrow(/bailProbability/);
    expect(() => aggregator.add(sample({ promptId: 'y', decision: 'error', bailProbability: 0.5 }))).toThrow(
      /failed request/,
    );
  });
});
