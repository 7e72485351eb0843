// Draws a random batch from a preloaded image dataset and turns it into float tensors, on the CPU
// side (the dataset lives in memory as uint8; only the batch is uploaded).
import type * as TF from '@tensorflow/tfjs';
import type { Dataset, RandomStream, TFModule } from '../spec';

/** The trainer may override any param named batchSize for the whole graph (tests use small batches). */
export const batchSizeParam = (def: number) =>
  ({ kind: 'int', default: def, min: 1, max: 4096, doc: 'Samples per batch. Each evaluation draws a fresh random batch.' }) as const;

export const NORMALIZATIONS = ['[-1,1]', '[0,1]'] as const;
export type Normalization = (typeof NORMALIZATIONS)[number];

/** uint8 → float lookup tables, one per normalisation */
const TABLES: Record<Normalization, Float32Array> = {
  '[-1,1]': Float32Array.from({ length: 256 }, (_, v) => v / 127.5 - 1),
  '[0,1]': Float32Array.from({ length: 256 }, (_, v) => v / 255),
};

/**
 * `size` distinct sample indices drawn uniformly from the stream (distinct within the batch, so a
 * batch never shows one image twice; with replacement only if the dataset is smaller than the batch).
 */
export function drawIndices(rng: RandomStream, count: number, size: number): number[] {
  const picked: number[] = [];
  const seen = new Set<number>();
  while (picked.length < size) {
    const i = Math.floor(rng.next() * count);
    if (seen.has(i) && count >= size) continue;
    seen.add(i);
    picked.push(i);
  }
  return picked;
}

export function imageBatch(
  tf: TFModule, ds: Dataset, classes: number, indices: readonly number[], norm: Normalization,
): { x: TF.Tensor4D; label: TF.Tensor2D } {
  const [h, w, c] = ds.shape;
  const sample = h * w * c;
  const table = TABLES[norm];
  const pixels = new Float32Array(indices.length * sample);
  const oneHot = new Float32Array(indices.length * classes);
  indices.forEach((idx, row) => {
    const src = ds.pixels.subarray(idx * sample, (idx + 1) * sample);
    const base = row * sample;
    for (let j = 0; j < sample; j++) pixels[base + j] = table[src[j]!]!;
    oneHot[row * classes + ds.labels[idx]!] = 1;
  });
  return {
    x: tf.tensor4d(pixels, [indices.length, h, w, c], 'float32'),
    label: tf.tensor2d(oneHot, [indices.length, classes], 'float32'),
  };
}
