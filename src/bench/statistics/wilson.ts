/**
 * Wilson score interval for a proportion `p` observed on `n` (possibly fractional, "effective")
 * trials. It stays inside [0, 1] and keeps a sensible width at 0 or n successes, which is why it
 * is the fallback when a bootstrap has nothing to resample.
 */
export function wilsonInterval(p: number, n: number, z: number): [number, number] {
  if (!(n > 0)) return [0, 1];
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
  // At p = 0 (or 1) the bound is exactly 0 (or 1); rounding must not leave the estimate outside.
  return [p <= 0 ? 0 : Math.max(0, centre - half), p >= 1 ? 1 : Math.min(1, centre + half)];
}
