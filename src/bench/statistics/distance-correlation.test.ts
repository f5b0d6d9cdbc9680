import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DistanceCorrelation } from './distance-correlation.js';
import { createRandom } from './random.js';

/** The textbook computation: the resample written out, double-centred distance matrices. */
function naive(x: number[], y: number[], w: number[]): number {
  const xs: number[] = [];
  const ys: number[] = [];
  x.forEach((value, i) => {
    for (let k = 0; k < (w[i] ?? 0); k++) {
      xs.push(value);
      ys.push(y[i] as number);
    }
  });
  const n = xs.length;
  const centred = (v: number[]): number[][] => {
    const d = v.map((a) => v.map((b) => Math.abs(a - b)));
    const row = d.map((r) => r.reduce((s, e) => s + e, 0) / n);
    const all = row.reduce((s, e) => s + e, 0) / n;
    return d.map((r, i) => r.map((e, j) => e - (row[i] as number) - (row[j] as number) + all));
  };
  const a = centred(xs);
  const b = centred(ys);
  const mean = (p: number[][], q: number[][]) =>
    p.reduce((s, r, i) => s + r.reduce((t, e, j) => t + e * (q[i]?.[j] as number), 0), 0) / (n * n);
  const dcov = mean(a, b);
  const scale = Math.sqrt(mean(a, a) * mean(b, b));
  return scale > 1e-15 ? Math.sqrt(Math.max(0, dcov) / scale) : Number.NaN;
}

describe('DistanceCorrelation', () => {
  it('is 1 for a linear relation, increasing or not, and for a variable with itself', () => {
    const x = Float64Array.from([0.1, 0.4, 0.2, 0.9, 0.5, 0.5]);
    expect(new DistanceCorrelation(x, x).of()).toBeCloseTo(1, 12);
    expect(
      new DistanceCorrelation(
        x,
        x.map((v) => 3 - 2 * v),
      ).of(),
    ).toBeCloseTo(1, 12);
  });

  it('sees a relation that is not monotone, which Pearson misses', () => {
    const x = Float64Array.from({ length: 41 }, (_, i) => i / 20 - 1);
    const y = x.map((v) => v * v);
    expect(new DistanceCorrelation(x, y).of()).toBeGreaterThan(0.4);
  });

  it('is small for independent samples and NaN when a variable does not vary', () => {
    const random = createRandom(7);
    const x = Float64Array.from({ length: 400 }, () => random.next());
    const y = Float64Array.from({ length: 400 }, () => random.next());
    expect(new DistanceCorrelation(x, y).of()).toBeLessThan(0.15);
    expect(new DistanceCorrelation(x, new Float64Array(400).fill(0.3)).of()).toBeNaN();
  });

  it('agrees with the distance-matrix computation on weighted samples with ties', () => {
    const rate = fc.integer({ min: 0, max: 10 }).map((k) => k / 10);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(rate, rate, fc.integer({ min: 0, max: 3 })), { minLength: 2, maxLength: 25 }),
        (units) => {
          const x = units.map((u) => u[0]);
          const y = units.map((u) => u[1]);
          const w = units.map((u) => u[2]);
          const expected = naive(x, y, w);
          const actual = new DistanceCorrelation(Float64Array.from(x), Float64Array.from(y)).of(
            Int32Array.from(w),
          );
          if (Number.isNaN(expected)) expect(actual).toBeNaN();
          else expect(actual).toBeCloseTo(expected, 9);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('costs O(n log n): 1,630 prompts, 2,000 replicates in well under the time of the distance matrices', () => {
    const random = createRandom(3);
    const n = 1630;
    const x = Float64Array.from({ length: n }, () => Math.round(random.next() * 10) / 10);
    const y = Float64Array.from(x, (v) => Math.min(1, Math.max(0, v * 0.5 + random.next() * 0.5)));
    const dcor = new DistanceCorrelation(x, y);
    const w = new Int32Array(n);
    const started = performance.now();
    for (let r = 0; r < 200; r++) {
      w.fill(0);
      for (let j = 0; j < n; j++) {
        const unit = random.int(n);
        w[unit] = (w[unit] as number) + 1;
      }
      expect(dcor.of(w)).toBeGreaterThan(0);
    }
    // 200 replicates; a shared 2-core machine does them in a few tens of milliseconds.
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
