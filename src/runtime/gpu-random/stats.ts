// Summary statistics for checking random streams (used by the gpu-random tests).

export interface Summary {
  n: number;
  mean: number;
  /** population variance */
  variance: number;
  /** correlation of x[i] with x[i + lag] */
  lagCorrelation: (lag: number) => number;
}

export function summarize(xs: ArrayLike<number>): Summary {
  const n = xs.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += xs[i]!;
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (xs[i]! - mean) ** 2;
  const variance = ss / n;
  const lagCorrelation = (lag: number): number => {
    let c = 0;
    for (let i = 0; i + lag < n; i++) c += (xs[i]! - mean) * (xs[i + lag]! - mean);
    return c / (n - lag) / variance;
  };
  return { n, mean, variance, lagCorrelation };
}

/** Pearson's chi-square statistic of values in [0, 1) over `bins` equal bins. */
export function chiSquareUniform(xs: ArrayLike<number>, bins: number): number {
  const counts = new Float64Array(bins);
  for (let i = 0; i < xs.length; i++) counts[Math.min(bins - 1, Math.floor(xs[i]! * bins))]! += 1;
  const expected = xs.length / bins;
  let chi = 0;
  for (const c of counts) chi += (c - expected) ** 2 / expected;
  return chi;
}

/** the fraction of values with |x| below `bound` */
export function fractionWithin(xs: ArrayLike<number>, bound: number): number {
  let k = 0;
  for (let i = 0; i < xs.length; i++) if (Math.abs(xs[i]!) < bound) k++;
  return k / xs.length;
}

/** the largest |a[i] - b[i]| */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`lengths differ: ${a.length} and ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/** the number of positions where a and b hold different values */
export function mismatches(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`lengths differ: ${a.length} and ${b.length}`);
  let k = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) k++;
  return k;
}

/** how many standard errors a statistic may stray (the streams are seeded, so no test is flaky) */
export const STANDARD_ERRORS = 5;

function within(failures: string[], what: string, got: number, want: number, se: number): void {
  if (!(Math.abs(got - want) <= STANDARD_ERRORS * se)) {
    failures.push(`${what}: ${got} is more than ${STANDARD_ERRORS} standard errors (${se.toExponential(2)}) from ${want}`);
  }
}

/**
 * Basic checks of draws meant to be independent and uniform on [0, 1): mean 1/2, variance 1/12,
 * correlation 0 at lags 1 (neighbours) and 4 (the same word of neighbouring Philox blocks), and a
 * 64-bin chi-square. Returns what failed; empty when all pass.
 */
export function uniformChecks(xs: ArrayLike<number>): string[] {
  const f: string[] = [];
  const s = summarize(xs);
  const n = s.n;
  within(f, 'mean', s.mean, 1 / 2, Math.sqrt(1 / 12 / n));
  // variance of the sample variance: (mu4 - sigma^4) / n with mu4 = 1/80
  within(f, 'variance', s.variance, 1 / 12, Math.sqrt((1 / 80 - 1 / 144) / n));
  within(f, 'lag-1 correlation', s.lagCorrelation(1), 0, 1 / Math.sqrt(n));
  within(f, 'lag-4 correlation', s.lagCorrelation(4), 0, 1 / Math.sqrt(n));
  // chi-square with 63 degrees of freedom: mean 63, standard deviation sqrt(126)
  within(f, 'chi-square (64 bins)', chiSquareUniform(xs, 64), 63, Math.sqrt(126));
  return f;
}

/**
 * Basic checks of draws meant to be independent standard normals: mean 0, variance 1, correlation
 * 0 at lags 1 (the cos/sin partners of one Box-Muller pair) and 2, and the share within one and
 * within three standard deviations.
 */
export function normalChecks(xs: ArrayLike<number>): string[] {
  const f: string[] = [];
  const s = summarize(xs);
  const n = s.n;
  within(f, 'mean', s.mean, 0, Math.sqrt(1 / n));
  // mu4 = 3 for a normal
  within(f, 'variance', s.variance, 1, Math.sqrt(2 / n));
  within(f, 'lag-1 correlation', s.lagCorrelation(1), 0, 1 / Math.sqrt(n));
  within(f, 'lag-2 correlation', s.lagCorrelation(2), 0, 1 / Math.sqrt(n));
  const p1 = 0.6826894921370859;
  const p3 = 0.9973002039367398;
  within(f, 'share within 1 sd', fractionWithin(xs, 1), p1, Math.sqrt((p1 * (1 - p1)) / n));
  within(f, 'share within 3 sd', fractionWithin(xs, 3), p3, Math.sqrt((p3 * (1 - p3)) / n));
  return f;
}
