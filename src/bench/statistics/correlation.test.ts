import { describe, expect, it } from 'vitest';
import { correlation } from './correlation.js';
import { createRandom, normalDraw } from './random.js';

describe('correlation', () => {
  it('is 1 (Spearman) for a monotone relation, below 1 (Pearson) when it is not linear', () => {
    const x = Float64Array.from({ length: 30 }, (_, i) => i / 29);
    const y = Float64Array.from(x, (v) => v ** 4);
    const result = correlation(x, y, { random: createRandom(1), replicates: 500 });
    expect(result.spearman?.estimate).toBeCloseTo(1, 12);
    expect(result.pearson?.estimate).toBeLessThan(0.95);
    expect(result.pearson?.estimate).toBeGreaterThan(0.8);
  });

  it('matches a hand-computed Pearson value and averages tied ranks', () => {
    const x = Float64Array.from([1, 2, 3, 4]);
    const y = Float64Array.from([1, 3, 2, 4]);
    expect(correlation(x, y, { random: createRandom(1), replicates: 200 }).pearson?.estimate).toBeCloseTo(
      0.8,
      12,
    );
    // x ranks 1.5, 1.5, 3, 4 against y ranks 1, 2, 3, 4.
    const tied = correlation(Float64Array.from([0, 0, 1, 2]), Float64Array.from([1, 2, 3, 4]), {
      random: createRandom(1),
      replicates: 200,
    });
    const rx = [1.5, 1.5, 3, 4];
    const ry = [1, 2, 3, 4];
    const mean = (v: number[]): number => v.reduce((a, b) => a + b, 0) / v.length;
    const mx = mean(rx);
    const my = mean(ry);
    const sxy = rx.reduce((s, v, i) => s + (v - mx) * ((ry[i] as number) - my), 0);
    const sxx = rx.reduce((s, v) => s + (v - mx) ** 2, 0);
    const syy = ry.reduce((s, v) => s + (v - my) ** 2, 0);
    expect(tied.spearman?.estimate).toBeCloseTo(sxy / Math.sqrt(sxx * syy), 12);
  });

  it('gives a bootstrap interval that holds the estimate and excludes 0 for a strong relation', () => {
    const random = createRandom(4);
    const x = Float64Array.from({ length: 200 }, () => normalDraw(random));
    const y = Float64Array.from(x, (v) => v + 0.5 * normalDraw(random));
    const result = correlation(x, y, { random: createRandom(5), replicates: 1000 });
    for (const r of [result.pearson, result.spearman]) {
      if (!r?.ci95) throw new Error('expected an interval');
      expect(r.ci95[0]).toBeLessThan(r.estimate);
      expect(r.ci95[1]).toBeGreaterThan(r.estimate);
      expect(r.ci95[0]).toBeGreaterThan(0.7);
    }
  });

  it('is null with fewer than 3 prompts or a constant rate', () => {
    expect(
      correlation(Float64Array.from([1, 2]), Float64Array.from([1, 2]), { random: createRandom(1) }).pearson,
    ).toBeNull();
    const constant = correlation(Float64Array.from([1, 2, 3]), Float64Array.from([0, 0, 0]), {
      random: createRandom(1),
    });
    expect(constant.pearson).toBeNull();
    expect(constant.spearman).toBeNull();
    expect(constant.distance).toBeNull();
  });

  it('gives the distance correlation beside them, with its interval from the same replicates', () => {
    const random = createRandom(4);
    const x = Float64Array.from({ length: 200 }, () => normalDraw(random));
    const y = Float64Array.from(x, (v) => v + 0.5 * normalDraw(random));
    const result = correlation(x, y, { random: createRandom(5), replicates: 1000 });
    const distance = result.distance;
    if (!distance?.ci95) throw new Error('expected an interval');
    expect(distance.estimate).toBeGreaterThan(0.7);
    expect(distance.estimate).toBeLessThanOrEqual(1);
    expect(distance.ci95[0]).toBeLessThan(distance.estimate);
    expect(distance.ci95[1]).toBeGreaterThan(distance.estimate);
    // A U-shaped relation: Pearson near 0, the distance correlation clearly not.
    const u = Float64Array.from({ length: 101 }, (_, i) => i / 50 - 1);
    const shaped = correlation(
      u,
      u.map((v) => v * v),
      { random: createRandom(2), replicates: 300 },
    );
    expect(Math.abs(shaped.pearson?.estimate ?? 1)).toBeLessThan(0.05);
    expect(shaped.distance?.estimate).toBeGreaterThan(0.4);
  });
});
