/**
 * Distance correlation (Székely, Rizzo and Bakirov 2007) of two numeric samples: 0 exactly when
 * they are independent (in the limit), 1 for a linear relation, and able to see relations that
 * are not monotone, which Pearson and Spearman miss. The V-statistic form (the biased
 * estimator), as pingouin's `distance_corr`, which the published study used.
 *
 * Units may be weighted by integer multiplicities (a bootstrap replicate), and each evaluation
 * costs O(n log n) rather than the O(n²) of distance matrices: the sums of distances come from
 * sorting and prefix sums, and the cross sum Σ|xᵢ−xⱼ||yᵢ−yⱼ| from a Fenwick tree over the ranks
 * of y (the approach of Huo and Székely 2016). The orders are computed once.
 */
export class DistanceCorrelation {
  readonly #x: Float64Array;
  readonly #y: Float64Array;
  /** Units sorted by x, and by y. */
  readonly #byX: Int32Array;
  readonly #byY: Int32Array;
  /** Dense rank of each unit's y (equal values share a rank), 1-based for the tree. */
  readonly #rankY: Int32Array;
  readonly #ranks: number;
  // Scratch, reused by every evaluation.
  readonly #a: Float64Array;
  readonly #b: Float64Array;
  readonly #tree: Float64Array[];

  constructor(x: Float64Array, y: Float64Array) {
    if (x.length !== y.length) throw new Error('distance correlation: x and y differ in length');
    this.#x = x;
    this.#y = y;
    const n = x.length;
    this.#byX = sortedOrder(x);
    this.#byY = sortedOrder(y);
    this.#rankY = new Int32Array(n);
    let rank = 0;
    let previous = Number.NaN;
    for (const unit of this.#byY) {
      const value = y[unit] as number;
      if (value !== previous) rank++;
      previous = value;
      this.#rankY[unit] = rank;
    }
    this.#ranks = rank;
    this.#a = new Float64Array(n);
    this.#b = new Float64Array(n);
    this.#tree = Array.from({ length: 4 }, () => new Float64Array(rank + 1));
  }

  /** The distance correlation with each unit counted `weights[i]` times (once each when absent); NaN when x or y does not vary. */
  of(weights?: ArrayLike<number>): number {
    const x = this.#x;
    const y = this.#y;
    const n = x.length;
    const w = weights ?? new Int32Array(n).fill(1);
    let total = 0;
    let sx = 0;
    let sy = 0;
    let minX = Number.POSITIVE_INFINITY;
    let maxX = Number.NEGATIVE_INFINITY;
    let minY = Number.POSITIVE_INFINITY;
    let maxY = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < n; i++) {
      const k = w[i] as number;
      if (k === 0) continue;
      const xi = x[i] as number;
      const yi = y[i] as number;
      total += k;
      sx += k * xi;
      sy += k * yi;
      minX = Math.min(minX, xi);
      maxX = Math.max(maxX, xi);
      minY = Math.min(minY, yi);
      maxY = Math.max(maxY, yi);
    }
    // A variable that does not vary has no distance variance: the correlation is undefined.
    if (!(maxX > minX) || !(maxY > minY)) return Number.NaN;
    // Second moments about the mean (stable; distances do not depend on the origin).
    const mx = sx / total;
    const my = sy / total;
    let cxx = 0;
    let cyy = 0;
    let cxy = 0;
    for (let i = 0; i < n; i++) {
      const k = w[i] as number;
      if (k === 0) continue;
      const dx = (x[i] as number) - mx;
      const dy = (y[i] as number) - my;
      cxx += k * dx * dx;
      cyy += k * dy * dy;
      cxy += k * dx * dy;
    }
    rowSums(x, this.#byX, w, this.#a, total, sx);
    rowSums(y, this.#byY, w, this.#b, total, sy);
    let sumA = 0;
    let sumB = 0;
    let sumAA = 0;
    let sumBB = 0;
    let sumAB = 0;
    for (let i = 0; i < n; i++) {
      const k = w[i] as number;
      if (k === 0) continue;
      const ai = this.#a[i] as number;
      const bi = this.#b[i] as number;
      sumA += k * ai;
      sumB += k * bi;
      sumAA += k * ai * ai;
      sumBB += k * bi * bi;
      sumAB += k * ai * bi;
    }
    const w2 = total * total;
    const w3 = w2 * total;
    // Σᵢⱼ wᵢwⱼ|xᵢ−xⱼ||yᵢ−yⱼ| over ordered pairs, and the same for x with x and y with y.
    const cross = 2 * this.#crossSum(w, total * cxy);
    const crossX = 2 * total * cxx;
    const crossY = 2 * total * cyy;
    const dcov = cross / w2 + (sumA / w2) * (sumB / w2) - (2 * sumAB) / w3;
    const dvarX = crossX / w2 + (sumA / w2) ** 2 - (2 * sumAA) / w3;
    const dvarY = crossY / w2 + (sumB / w2) ** 2 - (2 * sumBB) / w3;
    const scale = Math.sqrt(dvarX * dvarY);
    if (!(scale > 0)) return Number.NaN;
    return Math.min(1, Math.sqrt(Math.max(0, dcov) / scale));
  }

  /**
   * Σ over unordered pairs of wᵢwⱼ|xᵢ−xⱼ||yᵢ−yⱼ|: the signed sum `concordant` (Σ pairs of
   * wᵢwⱼ(xᵢ−xⱼ)(yᵢ−yⱼ), in closed form) minus twice the pairs where y falls as x rises.
   */
  #crossSum(w: ArrayLike<number>, concordant: number): number {
    const x = this.#x;
    const y = this.#y;
    const [count, sumX, sumY, sumXY] = this.#tree as [Float64Array, Float64Array, Float64Array, Float64Array];
    count.fill(0);
    sumX.fill(0);
    sumY.fill(0);
    sumXY.fill(0);
    const ranks = this.#ranks;
    let discordant = 0;
    let c0 = 0;
    let x0 = 0;
    let y0 = 0;
    let xy0 = 0;
    for (const j of this.#byX) {
      const k = w[j] as number;
      if (k === 0) continue;
      const xj = x[j] as number;
      const yj = y[j] as number;
      const r = this.#rankY[j] as number;
      // Units already inserted (smaller or equal x) with a larger y: totals minus ranks ≤ r.
      let c = c0;
      let qx = x0;
      let qy = y0;
      let qxy = xy0;
      for (let i = r; i > 0; i -= i & -i) {
        c -= count[i] as number;
        qx -= sumX[i] as number;
        qy -= sumY[i] as number;
        qxy -= sumXY[i] as number;
      }
      discordant += k * (xj * yj * c - xj * qy - yj * qx + qxy);
      for (let i = r; i <= ranks; i += i & -i) {
        count[i] = (count[i] as number) + k;
        sumX[i] = (sumX[i] as number) + k * xj;
        sumY[i] = (sumY[i] as number) + k * yj;
        sumXY[i] = (sumXY[i] as number) + k * xj * yj;
      }
      c0 += k;
      x0 += k * xj;
      y0 += k * yj;
      xy0 += k * xj * yj;
    }
    return concordant - 2 * discordant;
  }
}

/** Σⱼ wⱼ|vᵢ−vⱼ| for every unit, from the sorted order and prefix sums. */
function rowSums(
  values: Float64Array,
  order: Int32Array,
  w: ArrayLike<number>,
  out: Float64Array,
  total: number,
  sum: number,
): void {
  let weightBelow = 0;
  let sumBelow = 0;
  for (const i of order) {
    const k = w[i] as number;
    const v = values[i] as number;
    // Units before i in the order (ties give |vᵢ−vⱼ| = 0 on either side).
    out[i] = v * weightBelow - sumBelow + (sum - sumBelow - k * v) - v * (total - weightBelow - k);
    weightBelow += k;
    sumBelow += k * v;
  }
}

function sortedOrder(values: Float64Array): Int32Array {
  const order = new Int32Array(values.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  order.sort((a, b) => (values[a] as number) - (values[b] as number));
  return order;
}
