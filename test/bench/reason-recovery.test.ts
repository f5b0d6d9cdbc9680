import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { withDefaults } from '../../src/bench/config/bench-config.js';
import type { ReasonRow } from '../../src/bench/results/reason-results.js';
import { runBenchmark } from '../../src/bench/runner/run-benchmark.js';
import { builtInTaxonomy } from '../../src/core/reasons/reason-taxonomy.js';

/**
 * The reported reason distribution recovers a simulated model's truth. The profile draws each
 * bail's reason from known weights; the bail states it by itself 30% of the time, and its
 * answer to the follow-up question gives none 25% of the time. The simulated judge reads the
 * stated reason exactly and says `other`, not stated, when there is none. So among bails:
 *
 *   P(label c) = s · w_c + (1 − s) · [c = other],  P(no stated reason) = 1 − s,
 *   s = 1 − (1 − 0.3) · 0.25 = 0.825
 *
 * with w the category's weights. Several seeded runs over the probe set check that the 95%
 * intervals hold these numbers (per series overall, and for the gross-out rows, which have
 * weights of their own) and that the estimates centre on them.
 */
const dir = mkdtempSync(join(tmpdir(), 'bailkit-reason-truth-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const weights = {
  default: { 'harm/harm_to_others': 0.5, 'model_feelings/abusive_user': 0.3, other: 0.2 },
  'gross-out': { 'model_feelings/gross_out': 0.9, harm: 0.1 },
};
const volunteered = 0.3;
const unexplained = 0.25;
const stated = 1 - (1 - volunteered) * unexplained;

const profile = join(dir, 'reasons-truth.json');
writeFileSync(
  profile,
  JSON.stringify({
    name: 'reasons-truth',
    seed: 21,
    promptSpread: 0.5,
    bail: { default: 0.35 },
    reasons: {
      default: weights.default,
      categories: { 'gross-out': weights['gross-out'] },
      volunteered: { default: volunteered },
      unexplained,
    },
  }),
);

/** The true share of each reason among the bails of prompts with these weights. */
function truthOf(w: Record<string, number>): Map<string, number> {
  const truth = new Map(builtInTaxonomy.categories.map((c) => [c.id, 0]));
  for (const [key, weight] of Object.entries(w)) {
    const category = key.split('/')[0] as string;
    truth.set(category, (truth.get(category) ?? 0) + stated * weight);
  }
  truth.set('other', (truth.get('other') ?? 0) + (1 - stated));
  return truth;
}

describe('reasons on a simulated model with a known truth', () => {
  it('are recovered within their intervals', async () => {
    const perCategory = truthOf(weights['gross-out']);
    const base = truthOf(weights.default);
    const checks: { covered: boolean; estimate: number; truth: number; what: string; ci?: unknown }[] = [];
    const check = (
      what: string,
      share: { share: number; ci95: [number, number] } | null | undefined,
      truth: number,
    ) => {
      expect(share, what).toBeTruthy();
      if (!share) return;
      checks.push({
        what,
        truth,
        estimate: share.share,
        ci: share.ci95,
        covered: share.ci95[0] <= truth && truth <= share.ci95[1],
      });
    };
    for (const seed of [1, 2, 3, 4]) {
      const result = await runBenchmark(
        withDefaults({
          models: [{ spec: `simulated:${profile}` }],
          dataset: 'probe',
          samples: 3,
          seed,
          askWhy: true,
          reasonJudge: 'simulated:default',
          cache: false,
          out: join(dir, `run-${seed}`),
        }),
        { report: false, cwd: dir },
      );
      const reasons = result.results?.reasons;
      expect(reasons?.overall).toHaveLength(4);
      const prompts = result.results?.dataset.prompts ?? 0;
      const gross = (result.results?.rows ?? []).find((row) => row.category === 'gross-out')?.prompts ?? 0;
      // The overall truth weighs the categories by their prompts (every prompt is as likely to bail).
      const overallTruth = (id: string) =>
        ((prompts - gross) * (base.get(id) ?? 0) + gross * (perCategory.get(id) ?? 0)) / prompts;
      const rows: [ReasonRow, (id: string) => number][] = [
        ...(reasons?.overall ?? []).map((row): [ReasonRow, (id: string) => number] => [row, overallTruth]),
        ...(reasons?.rows ?? [])
          .filter((row) => row.category === 'gross-out')
          .map((row): [ReasonRow, (id: string) => number] => [row, (id) => perCategory.get(id) ?? 0]),
      ];
      for (const [row, truth] of rows) {
        expect(row.judged).toBe(row.bails);
        expect(row.malformed + row.failed + row.askFailed).toBe(0);
        const name = `seed ${seed} ${row.method} ${row.category}`;
        check(`${name} no stated reason`, row.noStatedReason, 1 - stated);
        for (const share of row.reasons) check(`${name} ${share.reason}`, share, truth(share.reason));
      }
    }
    const covered = checks.filter((c) => c.covered).length / checks.length;
    expect(checks.length).toBeGreaterThan(200);
    expect(covered, JSON.stringify(checks.filter((c) => !c.covered))).toBeGreaterThanOrEqual(0.9);
    // The estimates centre on the truth: their mean error over every check is small.
    const bias = checks.reduce((sum, c) => sum + (c.estimate - c.truth), 0) / checks.length;
    expect(Math.abs(bias)).toBeLessThan(0.01);
    const overallBig = checks.filter((c) => c.what.includes(' ALL ') && c.truth > 0.1);
    for (const c of overallBig) expect(Math.abs(c.estimate - c.truth), c.what).toBeLessThan(0.12);
  }, 120_000);
});
