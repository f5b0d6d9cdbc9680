import { buildStrata, drawWeights } from './bootstrap.js';
import { DistanceCorrelation } from './distance-correlation.js';
import { percentileInterval } from './interval.js';
import type { Random } from './random.js';

export interface CorrelationEstimate {
  estimate: number;
  /** Percentile interval of the prompt-level bootstrap; null when too few replicates could be evaluated. */
  ci95: [number, number] | null;
}

export interface CorrelationResult {
  prompts: number;
  pearson: CorrelationEstimate | null;
  spearman: CorrelationEstimate | null;
  /** Distance correlation (0 to 1; 0 under independence), which the published study reported. */
  distance: CorrelationEstimate | null;
}

/**
 * Correlation across prompts of two per-prompt rates (for example the refusal rate and the bail
 * rate), Pearson, Spearman and distance correlation, each with a bootstrap interval over
 * prompts (the same replicates for all three). Null estimates when there are fewer than 3
 * prompts or one of the two rates does not vary.
 */
export function correlation(
  x: Float64Array,
  y: Float64Array,
  options: { random: Random; confidence?: number; replicates?: number },
): CorrelationResult {
  const units = x.length;
  const confidence = options.confidence ?? 0.95;
  const replicates = options.replicates ?? 2000;
  const ones = new Int32Array(units).fill(1);
  const orderX = sortedOrder(x);
  const orderY = sortedOrder(y);
  const rankX = new Float64Array(units);
  const rankY = new Float64Array(units);
  const pearsonOf = (w: Int32Array): number => weightedPearson(x, y, w);
  const spearmanOf = (w: Int32Array): number => {
    weightedRanks(x, orderX, w, rankX);
    weightedRanks(y, orderY, w, rankY);
    return weightedPearson(rankX, rankY, w);
  };
  const dcor = new DistanceCorrelation(x, y);
  const pearson = units >= 3 ? pearsonOf(ones) : Number.NaN;
  const spearman = units >= 3 ? spearmanOf(ones) : Number.NaN;
  const distance = units >= 3 ? dcor.of(ones) : Number.NaN;
  if (!Number.isFinite(pearson)) return { prompts: units, pearson: null, spearman: null, distance: null };

  const strata = buildStrata(units);
  const weights = new Int32Array(units);
  const p = new Float64Array(replicates);
  const s = new Float64Array(replicates);
  const d = new Float64Array(replicates);
  let kp = 0;
  let ks = 0;
  let kd = 0;
  for (let r = 0; r < replicates; r++) {
    drawWeights(strata, options.random, weights);
    const vp = pearsonOf(weights);
    if (Number.isFinite(vp)) p[kp++] = vp;
    const vs = spearmanOf(weights);
    if (Number.isFinite(vs)) s[ks++] = vs;
    const vd = dcor.of(weights);
    if (Number.isFinite(vd)) d[kd++] = vd;
  }
  const interval = (values: Float64Array, kept: number): [number, number] | null => {
    // Replicates where a rate did not vary are undefined; with many of them the interval means little.
    if (kept < replicates * 0.9) return null;
    const sorted = values.subarray(0, kept).sort();
    return percentileInterval(sorted, confidence);
  };
  return {
    prompts: units,
    pearson: { estimate: pearson, ci95: interval(p, kp) },
    spearman: Number.isFinite(spearman) ? { estimate: spearman, ci95: interval(s, ks) } : null,
    distance: Number.isFinite(distance) ? { estimate: distance, ci95: interval(d, kd) } : null,
  };
}

function sortedOrder(values: Float64Array): Int32Array {
  const order = new Int32Array(values.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  order.sort((a, b) => (values[a] as number) - (values[b] as number));
  return order;
}

/** Mid-ranks of the drawn units (multiplicity `w`) in the resample; ties share their mean rank. */
function weightedRanks(values: Float64Array, order: Int32Array, w: Int32Array, out: Float64Array): void {
  let before = 0;
  let i = 0;
  while (i < order.length) {
    const value = values[order[i] as number] as number;
    let j = i;
    let groupWeight = 0;
    while (j < order.length && values[order[j] as number] === value) {
      groupWeight += w[order[j] as number] as number;
      j++;
    }
    const rank = before + (groupWeight + 1) / 2;
    for (let k = i; k < j; k++) out[order[k] as number] = rank;
    before += groupWeight;
    i = j;
  }
}

function weightedPearson(x: Float64Array, y: Float64Array, w: Int32Array): number {
  let sw = 0;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < x.length; i++) {
    const k = w[i] as number;
    if (k === 0) continue;
    sw += k;
    sx += k * (x[i] as number);
    sy += k * (y[i] as number);
  }
  const mx = sx / sw;
  const my = sy / sw;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < x.length; i++) {
    const k = w[i] as number;
    if (k === 0) continue;
    const dx = (x[i] as number) - mx;
    const dy = (y[i] as number) - my;
    sxx += k * dx * dx;
    syy += k * dy * dy;
    sxy += k * dx * dy;
  }
  if (sxx <= 0 || syy <= 0) return Number.NaN;
  return sxy / Math.sqrt(sxx * syy);
}
