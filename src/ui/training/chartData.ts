// What a loss chart draws: the raw losses and a smoothed line, thinned to a fixed number of points
// so that drawing costs the same after a million iterations as after a thousand.

/**
 * TensorBoard-style smoothing: an exponential moving average with weight `w` in [0, 1), debiased so
 * the first values are not pulled towards 0. Non-finite values are skipped (they read NaN).
 */
export function smooth(values: ArrayLike<number>, w: number): Float64Array {
  const out = new Float64Array(values.length);
  let avg = 0;
  let mass = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) {
      out[i] = NaN;
      continue;
    }
    avg = avg * w + (1 - w) * v;
    mass = mass * w + (1 - w);
    out[i] = avg / mass;
  }
  return out;
}

export interface ChartSeries {
  x: number[];
  raw: (number | null)[];
  smooth: (number | null)[];
}

export interface ChartOptions {
  /** smoothing weight in [0, 1) */
  smoothing: number;
  /** log scale: values <= 0 cannot be drawn and become gaps */
  log: boolean;
  /** at most this many points per line */
  maxPoints: number;
}

/**
 * The points of one loss chart. Beyond `maxPoints` iterations, consecutive iterations share a
 * point: x is the bucket's last iteration, raw its mean, smooth the smoothed value there.
 */
export function chartSeries(steps: ArrayLike<number>, values: ArrayLike<number>, o: ChartOptions): ChartSeries {
  const n = Math.min(steps.length, values.length);
  const sm = smooth(values, o.smoothing);
  const size = Math.max(1, Math.ceil(n / Math.max(1, o.maxPoints)));
  const shown = (v: number) => (!Number.isFinite(v) || (o.log && v <= 0) ? null : v);
  const series: ChartSeries = { x: [], raw: [], smooth: [] };
  for (let start = 0; start < n; start += size) {
    const end = Math.min(n, start + size);
    let sum = 0;
    let count = 0;
    for (let i = start; i < end; i++) {
      const v = values[i]!;
      if (Number.isFinite(v)) {
        sum += v;
        count++;
      }
    }
    series.x.push(steps[end - 1]!);
    series.raw.push(count ? shown(sum / count) : null);
    series.smooth.push(shown(sm[end - 1]!));
  }
  return series;
}
