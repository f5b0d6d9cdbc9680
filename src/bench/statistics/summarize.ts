import type { BenchAggregator, Series } from './aggregator.js';
import { correlation } from './correlation.js';
import { pairedDifference } from './paired-difference.js';
import type { PromptTable } from './prompt-table.js';
import { createRandom, deriveSeed } from './random.js';
import { rateInterval } from './rate-interval.js';
import type { SeriesKey } from './sample-outcome.js';
import {
  allCategories,
  type BenchSummary,
  type ComparisonRow,
  type CorrelationRow,
  type RateRow,
} from './summary-types.js';

export interface ComparisonSpec {
  a: SeriesKey;
  b: SeriesKey;
  /** A category, or `ALL` (default). */
  category?: string;
}

export interface SummarizeOptions {
  /** Seed of every bootstrap (each row derives its own stream from it). Default 1. */
  seed?: number;
  /** Default 2000. */
  replicates?: number;
  /** Default 0.95. */
  confidence?: number;
  /** Default 10: fewer effective bails (or non-bails) than this switch a row to the Wilson interval. */
  minEvents?: number;
  /**
   * Paired comparisons to compute. Default: every pair of methods within a model and variant, and
   * every pair of models within a method and variant, overall.
   */
  comparisons?: ComparisonSpec[];
}

export const intervalDescription =
  'cluster bootstrap over prompts (BCa; overall rows stratified by category); Wilson on the effective sample size when a row has few bails or few non-bails';

/** Rows, overall rows, comparisons and correlations from an aggregator's per-prompt totals. */
export function summarize(aggregator: BenchAggregator, options: SummarizeOptions = {}): BenchSummary {
  const seed = options.seed ?? 1;
  const settings = {
    confidence: options.confidence ?? 0.95,
    replicates: options.replicates ?? 2000,
    seed,
    refusalThreshold: aggregator.refusalThreshold,
    minEvents: options.minEvents ?? 10,
    interval: intervalDescription,
  };
  const categoryOrder = aggregator.categoryNames
    .map((name, index) => ({ name, index }))
    .sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  const rows: RateRow[] = [];
  const overall: RateRow[] = [];
  const correlations: CorrelationRow[] = [];
  for (const series of aggregator.series()) {
    for (const category of categoryOrder) {
      const row = rateRow(
        series,
        category.name,
        (i) => series.table.category[i] === category.index,
        settings,
      );
      if (row.prompts > 0) rows.push(row);
    }
    overall.push(rateRow(series, allCategories, () => true, settings));
    const judged = sum(series.table.judged, series.table.size);
    if (judged > 0) correlations.push(refusalBailCorrelation(series, settings));
  }
  const specs = options.comparisons ?? defaultComparisons(aggregator.series().map((s) => s.key));
  const comparisons: ComparisonRow[] = [];
  for (const spec of specs) {
    const row = compare(aggregator, spec, settings);
    if (row) comparisons.push(row);
  }
  return { rows, overall, comparisons, correlations, statistics: settings };
}

interface Settings {
  confidence: number;
  replicates: number;
  seed: number;
  minEvents: number;
}

function label(key: SeriesKey, category: string, what: string): string {
  const condition = key.condition === undefined ? '' : `\u0000${key.condition}`;
  return `${what}\u0000${key.model}\u0000${key.method}\u0000${key.variant}\u0000${category}${condition}`;
}

function rateRow(
  series: Series,
  category: string,
  include: (i: number) => boolean,
  settings: Settings,
): RateRow {
  const t = series.table;
  const row: RateRow = {
    ...series.key,
    category,
    prompts: 0,
    samples: 0,
    bails: 0,
    invalid: 0,
    errors: 0,
    exactSamples: 0,
    rate: null,
    ci95: null,
    interval: null,
    answeredRate: null,
    answeredCi95: null,
    invalidShare: null,
  };
  const members: number[] = [];
  let judged = 0;
  for (let i = 0; i < t.size; i++) {
    if (!include(i)) continue;
    members.push(i);
    row.prompts++;
    row.samples += t.samples[i] as number;
    row.bails += t.bails[i] as number;
    row.invalid += t.invalid[i] as number;
    row.errors += t.errors[i] as number;
    row.exactSamples += t.exact[i] as number;
    judged += t.judged[i] as number;
  }
  const stratified = category === allCategories;
  const bail = ratio(
    t,
    members,
    t.bailSum,
    t.valid,
    stratified,
    settings,
    label(series.key, category, 'rate'),
  );
  row.rate = bail?.rate ?? null;
  row.ci95 = bail?.ci95 ?? null;
  row.interval = bail?.method ?? null;
  const answered = Float64Array.from(t.valid, (valid, i) => valid + (t.invalid[i] as number));
  const overAnswered = ratio(
    t,
    members,
    t.bailSum,
    answered,
    stratified,
    settings,
    label(series.key, category, 'answered-rate'),
  );
  row.answeredRate = overAnswered?.rate ?? null;
  row.answeredCi95 = overAnswered?.ci95 ?? null;
  const answeredSamples = row.samples - row.errors;
  row.invalidShare = answeredSamples > 0 ? row.invalid / answeredSamples : null;
  if (judged > 0) {
    row.judgedSamples = judged;
    const refusal = ratio(
      t,
      members,
      t.refused,
      t.judged,
      stratified,
      settings,
      label(series.key, category, 'refusal'),
    );
    row.refusalRate = refusal?.rate ?? null;
    row.refusalCi95 = refusal?.ci95 ?? null;
    const noRefuse = ratio(
      t,
      members,
      t.noRefuseBailSum,
      t.judgedValid,
      stratified,
      settings,
      label(series.key, category, 'no-refuse-bail'),
    );
    row.noRefuseBailRate = noRefuse?.rate ?? null;
    row.noRefuseBailCi95 = noRefuse?.ci95 ?? null;
    const study = studyNoRefuseBail(
      t,
      members,
      stratified,
      settings,
      label(series.key, category, 'study-no-refuse-bail'),
    );
    row.studyNoRefuseBailRate = study?.rate ?? null;
    row.studyNoRefuseBailCi95 = study?.ci95 ?? null;
  }
  return row;
}

/**
 * The study's no-refuse bail: per prompt (1 − mean refusal score) × (Σ bail value / answered
 * samples), averaged over the prompts with judged and answered samples, each prompt counting
 * once (as the study averages over prompts). The same cluster bootstrap over prompts as every
 * rate; the values are not counts, so the small-count rule does not apply.
 */
function studyNoRefuseBail(
  t: PromptTable,
  members: number[],
  stratified: boolean,
  settings: Settings,
  seedLabel: string,
): ReturnType<typeof rateInterval> {
  const kept = members.filter(
    (i) => (t.judged[i] as number) > 0 && (t.valid[i] as number) + (t.invalid[i] as number) > 0,
  );
  const y = Float64Array.from(kept, (i) => {
    const refusal = (t.refusalScoreSum[i] as number) / (t.judged[i] as number);
    const bail = (t.bailSum[i] as number) / ((t.valid[i] as number) + (t.invalid[i] as number));
    return (1 - refusal) * bail;
  });
  const n = new Float64Array(kept.length).fill(1);
  const stratum = stratified ? Int32Array.from(kept, (i) => t.category[i] as number) : undefined;
  return rateInterval(y, n, stratum, {
    random: createRandom(deriveSeed(settings.seed, seedLabel)),
    confidence: settings.confidence,
    replicates: settings.replicates,
    minEvents: settings.minEvents,
    discrete: false,
  });
}

/** Σ numerator / Σ denominator over the members with a positive denominator, with its interval. */
function ratio(
  t: PromptTable,
  members: number[],
  numerator: Float64Array,
  denominator: Float64Array,
  stratified: boolean,
  settings: Settings,
  seedLabel: string,
): ReturnType<typeof rateInterval> {
  const kept = members.filter((i) => (denominator[i] as number) > 0);
  const y = Float64Array.from(kept, (i) => numerator[i] as number);
  const n = Float64Array.from(kept, (i) => denominator[i] as number);
  const stratum = stratified ? Int32Array.from(kept, (i) => t.category[i] as number) : undefined;
  // Exact probabilities are not counts: the small-count rule does not apply to them.
  const discrete = numerator !== t.bailSum && numerator !== t.noRefuseBailSum ? true : !allExact(t, kept);
  return rateInterval(y, n, stratum, {
    random: createRandom(deriveSeed(settings.seed, seedLabel)),
    confidence: settings.confidence,
    replicates: settings.replicates,
    minEvents: settings.minEvents,
    discrete,
  });
}

function allExact(t: PromptTable, members: number[]): boolean {
  return members.length > 0 && members.every((i) => t.exact[i] === t.valid[i]);
}

function sum(values: Float64Array, size: number): number {
  let s = 0;
  for (let i = 0; i < size; i++) s += values[i] as number;
  return s;
}

function defaultComparisons(keys: SeriesKey[]): ComparisonSpec[] {
  const specs: ComparisonSpec[] = [];
  for (let i = 0; i < keys.length; i++) {
    for (let j = i + 1; j < keys.length; j++) {
      const a = keys[i] as SeriesKey;
      const b = keys[j] as SeriesKey;
      const sameVariant = a.variant === b.variant && a.condition === b.condition;
      const methods = a.model === b.model && a.method !== b.method;
      const models = a.method === b.method && a.model !== b.model;
      if (sameVariant && (methods || models)) specs.push({ a, b });
    }
  }
  return specs;
}

function compare(
  aggregator: BenchAggregator,
  spec: ComparisonSpec,
  settings: Settings,
): ComparisonRow | null {
  const a = aggregator.get(spec.a);
  const b = aggregator.get(spec.b);
  if (!a || !b) return null;
  const category = spec.category ?? allCategories;
  const categoryIndex = aggregator.categoryNames.indexOf(category);
  if (category !== allCategories && categoryIndex < 0) return null;
  const pairs: [number, number][] = [];
  for (const [promptId, i] of a.table.ids) {
    const j = b.table.ids.get(promptId);
    if (j === undefined) continue;
    if (category !== allCategories && a.table.category[i] !== categoryIndex) continue;
    if ((a.table.valid[i] as number) > 0 && (b.table.valid[j] as number) > 0) pairs.push([i, j]);
  }
  const pick = (values: Float64Array, side: 0 | 1): Float64Array =>
    Float64Array.from(pairs, (pair) => values[pair[side]] as number);
  const estimate = pairedDifference(
    {
      yA: pick(a.table.bailSum, 0),
      nA: pick(a.table.valid, 0),
      yB: pick(b.table.bailSum, 1),
      nB: pick(b.table.valid, 1),
      ...(category === allCategories
        ? { stratum: Int32Array.from(pairs, ([i]) => a.table.category[i] as number) }
        : {}),
    },
    {
      random: createRandom(
        deriveSeed(
          settings.seed,
          `${label(spec.a, category, 'compare')}\u0000${label(spec.b, category, '')}`,
        ),
      ),
      confidence: settings.confidence,
      replicates: settings.replicates,
      minEvents: settings.minEvents,
      discrete: !(
        allExact(
          a.table,
          pairs.map(([i]) => i),
        ) &&
        allExact(
          b.table,
          pairs.map(([, j]) => j),
        )
      ),
    },
  );
  if (!estimate) return null;
  return {
    a: spec.a,
    b: spec.b,
    category,
    prompts: pairs.length,
    rateA: estimate.rateA,
    rateB: estimate.rateB,
    difference: estimate.difference,
    ci95: estimate.ci95,
    interval: estimate.method,
  };
}

function refusalBailCorrelation(series: Series, settings: Settings): CorrelationRow {
  const t = series.table;
  const kept: number[] = [];
  for (let i = 0; i < t.size; i++)
    if ((t.judged[i] as number) > 0 && (t.valid[i] as number) > 0) kept.push(i);
  const refusal = Float64Array.from(kept, (i) => (t.refused[i] as number) / (t.judged[i] as number));
  const bail = Float64Array.from(kept, (i) => (t.bailSum[i] as number) / (t.valid[i] as number));
  const result = correlation(refusal, bail, {
    random: createRandom(deriveSeed(settings.seed, label(series.key, allCategories, 'correlation'))),
    confidence: settings.confidence,
    replicates: settings.replicates,
  });
  return { ...series.key, category: allCategories, between: 'refusal-rate:bail-rate', ...result };
}
