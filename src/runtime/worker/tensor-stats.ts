// What a tensor holds, in numbers a learner can read: mean, spread, range and a histogram of its
// finite values, and for a batch of images a grid of the first few. Pure: arrays in, numbers and
// pixels out.
import { tileGrid } from '../grid';
import { toRgba } from './frames';
import type { TensorStats } from './protocol';

export const HISTOGRAM_BINS = 32;
/** images shown of a batch */
export const PROBE_IMAGES = 16;

export function tensorStats(data: ArrayLike<number>, shape: number[], bins = HISTOGRAM_BINS): TensorStats {
  let count = 0;
  let nonFinite = 0;
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (!Number.isFinite(v)) {
      nonFinite++;
      continue;
    }
    count++;
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const histogram = new Array<number>(bins).fill(0);
  if (count === 0) return { shape, count, mean: NaN, std: NaN, min: NaN, max: NaN, nonFinite, histogram };
  const mean = sum / count;
  let squares = 0;
  const width = (max - min) / bins;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (!Number.isFinite(v)) continue;
    squares += (v - mean) * (v - mean);
    // the last bin includes max; a constant tensor fills the first
    histogram[width > 0 ? Math.min(bins - 1, Math.floor((v - min) / width)) : 0]!++;
  }
  return { shape, count, mean, std: Math.sqrt(squares / count), min, max, nonFinite, histogram };
}

/**
 * The first images of a [B, H, W, C] tensor with 1 or 3 channels as one RGBA grid, scaled together
 * from their smallest value (black) to their largest (white); null for any other shape.
 */
export function imageGrid(data: Float32Array, shape: number[]): { width: number; height: number; rgba: ArrayBuffer; count: number } | null {
  if (shape.length !== 4) return null;
  const [b, h, w, c] = shape as [number, number, number, number];
  if ((c !== 1 && c !== 3) || b < 1 || h < 2 || w < 2) return null;
  const n = Math.min(b, PROBE_IMAGES);
  const values = data.subarray(0, n * h * w * c);
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const span = hi > lo ? hi - lo : 1;
  const scaled = Float32Array.from(values, (v) => (Number.isFinite(v) ? (v - (Number.isFinite(lo) ? lo : 0)) / span : 0));
  const grid = tileGrid(scaled, n, h, w, c, { padding: 1, background: 0.5 });
  return { width: grid.width, height: grid.height, rgba: toRgba(grid).buffer as ArrayBuffer, count: n };
}
