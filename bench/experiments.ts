/**
 * The experiment modes on SIMULATED models with a known ground truth: how close the estimated
 * effects come to the truth, how wide their 95% intervals are, and how often those intervals
 * hold the truth over repeated runs with other sampling seeds. Prints a table; asserts nothing.
 * Every number here comes from a simulated model and says nothing about a real one.
 *
 *   npx tsx bench/experiments.ts [--reps 30] [--samples 10]
 *
 * The truth is the effect on this fixed set of prompts or conversations, computed from the
 * profile by running the same plan in exact probability mode (each sample's P(bail) is then the
 * truth of its request). The intervals are cluster bootstraps over prompts or conversations,
 * made for the population those came from; against the effect on the fixed set they are
 * expected to cover more often than 95%.
 */

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type BenchConfig, withDefaults } from '../src/bench/config/bench-config.js';
import { comparisonExperiment } from '../src/bench/results/experiment-results.js';
import { runBenchmark } from '../src/bench/runner/run-benchmark.js';

const { values } = parseArgs({
  options: { reps: { type: 'string', default: '30' }, samples: { type: 'string', default: '10' } },
});
const reps = Number(values.reps);
const samples = Number(values.samples);

interface Experiment {
  name: string;
  config: Partial<BenchConfig>;
  /** Which comparison of results.experiment to follow. */
  condition: string;
}

const experiments: Experiment[] = [
  {
    name: 'continue: as recorded − self (contamination), simulated:default, built-in conversations',
    config: { mode: 'continue', dataset: 'conversations', models: [{ spec: 'simulated:default' }] },
    condition: 'history as-recorded',
  },
  {
    name: 'prefix: jailbreak-persona − greeting, simulated:default, 40 probe prompts',
    config: {
      mode: 'prefix',
      dataset: 'probe',
      limit: 40,
      prefixes: ['jailbreak-persona'],
      models: [{ spec: 'simulated:default' }],
    },
    condition: 'prefix jailbreak-persona',
  },
  {
    name: 'cross-model: example answers − own, simulated:cautious, 20 probe prompts',
    config: {
      mode: 'cross-model',
      dataset: 'probe',
      limit: 20,
      answersFile: join(process.cwd(), 'docs/examples/probe-answers.jsonl'),
      models: [{ spec: 'simulated:cautious' }],
    },
    condition: 'answers probe-answers.jsonl',
  },
];

const dir = await mkdtemp(join(tmpdir(), 'bailkit-bench-experiments-'));
let counter = 0;
async function difference(experiment: Experiment, extra: Partial<BenchConfig>) {
  const run = await runBenchmark(
    withDefaults({
      dataset: 'probe',
      out: join(dir, `run-${counter++}`),
      cache: false,
      methods: ['prompt-bail-first'],
      ...experiment.config,
      ...extra,
    }),
    { env: {}, report: false },
  );
  const c = comparisonExperiment(run.results)?.comparisons.find((x) => x.condition === experiment.condition);
  if (!c) throw new Error(`no comparison for ${experiment.condition}`);
  return c;
}

const pp = (x: number): string => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(2)} pp`;
console.log(
  `SIMULATED models only. ${reps} runs per experiment, ${samples} samples per prompt, method prompt-bail-first.\n`,
);
try {
  for (const experiment of experiments) {
    const truth = await difference(experiment, { exact: true, samples: 1, seed: 0 });
    const estimates: number[] = [];
    const widths: number[] = [];
    let covered = 0;
    const started = Date.now();
    for (let rep = 0; rep < reps; rep++) {
      const c = await difference(experiment, { samples, seed: 1000 + rep });
      estimates.push(c.difference);
      widths.push(c.ci95[1] - c.ci95[0]);
      if (c.ci95[0] <= truth.difference && truth.difference <= c.ci95[1]) covered++;
    }
    const mean = estimates.reduce((a, b) => a + b, 0) / reps;
    const sd = Math.sqrt(estimates.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, reps - 1));
    console.log(experiment.name);
    console.log(
      `  truth (exact mode, this set): ${pp(truth.difference)}  (${(truth.rate * 100).toFixed(1)}% vs ${(truth.referenceRate * 100).toFixed(1)}%, ratio ${truth.ratio?.toFixed(2)}×, ${truth.pairs} ${truth.pairedOver})`,
    );
    console.log(
      `  estimates: mean ${pp(mean)}, sd ${pp(sd)}; mean 95% interval width ${pp(widths.reduce((a, b) => a + b, 0) / reps)}`,
    );
    console.log(
      `  intervals holding the truth: ${covered}/${reps} (${((covered / reps) * 100).toFixed(0)}%)`,
    );
    console.log(`  ${((Date.now() - started) / reps).toFixed(0)} ms per run\n`);
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
