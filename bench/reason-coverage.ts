/**
 * Coverage of the reason shares' intervals on a simulated model whose reasons have a known
 * truth. Prints one line; asserts nothing (test/bench/reason-recovery.test.ts is the test).
 *
 *   npx tsx bench/reason-coverage.ts [--runs 25]
 *
 * Each run is a whole `bailkit bench` run in process over the probe set (3 samples, all four
 * methods, --ask-why, the simulated reason judge). The profile draws each bail's reason from
 * fixed weights; the bail states it by itself 30% of the time and its answer to the follow-up
 * question gives none 25% of the time, so among bails a share s = 1 − 0.7 · 0.25 of labels are
 * the drawn reason and the rest are `other`, not stated. Coverage is the share of the overall
 * rows' intervals (three reasons and the no-stated share, per method) that hold the truth.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { withDefaults } from '../src/bench/config/bench-config.js';
import { runBenchmark } from '../src/bench/runner/run-benchmark.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '25' } } });
const runs = Number(values.runs);
const dir = mkdtempSync(join(tmpdir(), 'bailkit-reason-coverage-'));
const profile = join(dir, 'reasons.json');
const weights = { 'harm/harm_to_others': 0.5, 'model_feelings/abusive_user': 0.3, other: 0.2 };
writeFileSync(
  profile,
  JSON.stringify({
    name: 'reasons',
    seed: 21,
    promptSpread: 0.5,
    bail: { default: 0.35 },
    reasons: { default: weights, volunteered: { default: 0.3 }, unexplained: 0.25 },
  }),
);
const stated = 1 - 0.7 * 0.25;
const truth: Record<string, number> = {
  harm: stated * 0.5,
  model_feelings: stated * 0.3,
  other: stated * 0.2 + (1 - stated),
};
let checks = 0;
let covered = 0;
let width = 0;
let bails = 0;
try {
  for (let seed = 100; seed < 100 + runs; seed++) {
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
      { report: false },
    );
    for (const row of result.results?.reasons?.overall ?? []) {
      bails += row.bails;
      const pairs: [number, [number, number]][] = [];
      if (row.noStatedReason) pairs.push([1 - stated, row.noStatedReason.ci95]);
      for (const share of row.reasons) {
        const t = truth[share.reason];
        if (t !== undefined) pairs.push([t, share.ci95]);
      }
      for (const [t, [low, high]] of pairs) {
        checks++;
        width += high - low;
        if (low <= t && t <= high) covered++;
      }
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(
  `${runs} runs, ${Math.round(bails / (runs * 4))} bails per method and run: ${checks} intervals, ${((100 * covered) / checks).toFixed(1)}% hold the truth, mean width ${((100 * width) / checks).toFixed(1)} pp`,
);
