import type { IntervalMethod } from './interval.js';
import type { SeriesKey } from './sample-outcome.js';

/** The category name of overall rows. */
export const allCategories = 'ALL';

/** One row of results: a series restricted to a category (or to all of them, `ALL`). */
export interface RateRow extends SeriesKey {
  category: string;
  /** Distinct prompts with at least one sample. */
  prompts: number;
  /** All samples, whatever their decision. */
  samples: number;
  /** Samples whose decision was `bail`. */
  bails: number;
  invalid: number;
  errors: number;
  /** Valid samples whose bail value was an exact probability. */
  exactSamples: number;
  /** Σ bail value / valid samples (a bail value is 1/0, or the exact probability); null without valid samples. */
  rate: number | null;
  ci95: [number, number] | null;
  interval: IntervalMethod | null;
  /**
   * Σ bail value / answered samples (valid and invalid, errors left out): the published study's
   * denominator, which counts an unparseable answer as not bailing. Null without answered samples.
   */
  answeredRate?: number | null;
  answeredCi95?: [number, number] | null;
  /** Invalid samples / answered samples. Both absent in results written before bailkit 0.2. */
  invalidShare?: number | null;
  /** Present when refusals were judged. */
  judgedSamples?: number;
  refusalRate?: number | null;
  refusalCi95?: [number, number] | null;
  noRefuseBailRate?: number | null;
  noRefuseBailCi95?: [number, number] | null;
  /**
   * The published study's no-refuse bail: the mean over prompts of (1 − refusal) × bail, where
   * a prompt's refusal is its mean refusal score and its bail is Σ bail value / answered
   * samples. Present when refusals were judged.
   */
  studyNoRefuseBailRate?: number | null;
  studyNoRefuseBailCi95?: [number, number] | null;
}

export interface ComparisonRow {
  a: SeriesKey;
  b: SeriesKey;
  category: string;
  /** Prompts with valid samples in both series. */
  prompts: number;
  rateA: number;
  rateB: number;
  /** rateA − rateB on the paired prompts. */
  difference: number;
  ci95: [number, number];
  interval: IntervalMethod;
}

export interface CorrelationRow extends SeriesKey {
  category: string;
  /** What is correlated, across prompts. */
  between: 'refusal-rate:bail-rate';
  prompts: number;
  pearson: { estimate: number; ci95: [number, number] | null } | null;
  spearman: { estimate: number; ci95: [number, number] | null } | null;
  /** Distance correlation (0 to 1). Absent in results written before it existed. */
  distance?: { estimate: number; ci95: [number, number] | null } | null;
}

/** How the numbers were computed; stored with the results so they can be reproduced. */
export interface StatisticsSettings {
  confidence: number;
  replicates: number;
  seed: number;
  refusalThreshold: number;
  minEvents: number;
  interval: string;
}

export interface BenchSummary {
  rows: RateRow[];
  overall: RateRow[];
  comparisons: ComparisonRow[];
  correlations: CorrelationRow[];
  statistics: StatisticsSettings;
}
