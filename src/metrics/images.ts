// Image batches as the LeNet metrics want them: float32 pixels in [0, 1], row-major [n, 28, 28, 1].
// Pure: no tfjs.
import type { Dataset } from '../../nodes/spec';

export type PixelRange = '[-1,1]' | '[0,1]';

/** The given samples of a uint8 dataset, scaled to [0, 1]. */
export function datasetPixels(ds: Dataset, indices: readonly number[]): Float32Array {
  const size = ds.shape[0] * ds.shape[1] * ds.shape[2];
  const out = new Float32Array(indices.length * size);
  indices.forEach((idx, row) => {
    if (!(idx >= 0 && idx < ds.count)) throw new Error(`datasetPixels: index ${idx} is outside ${ds.name} (${ds.count} samples)`);
    const src = ds.pixels.subarray(idx * size, (idx + 1) * size);
    for (let j = 0; j < size; j++) out[row * size + j] = src[j]! / 255;
  });
  return out;
}

/** Generated pixels from the given range mapped to [0, 1] and clipped there (as a preview shows them). */
export function toUnitRange(values: ArrayLike<number>, range: PixelRange): Float32Array {
  const out = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = range === '[-1,1]' ? (values[i]! + 1) / 2 : values[i]!;
    out[i] = Number.isNaN(v) ? 0 : Math.min(1, Math.max(0, v));
  }
  return out;
}

/** 0, 1, ..., n-1 */
export const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
