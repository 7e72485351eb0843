// Draws a random batch from a preloaded image dataset and turns it into float tensors: the dataset
// is uploaded once, packed, and each batch is gathered and unpacked on the device.
import type * as TF from '@tensorflow/tfjs';
import type { Dataset, RandomStream, TFModule } from '../spec';

/** The trainer may override any param named batchSize for the whole graph (tests use small batches). */
export const batchSizeParam = (def: number) =>
  ({ kind: 'int', default: def, min: 1, max: 4096, doc: 'Samples per batch. Each evaluation draws a fresh random batch.' }) as const;

export const NORMALIZATIONS = ['[-1,1]', '[0,1]'] as const;
export type Normalization = (typeof NORMALIZATIONS)[number];

/** How a batch gives its labels: int32 class ids [batch], or float32 one-hot rows [batch, classes]. */
export const LABEL_FORMS = ['class ids', 'one-hot'] as const;
export type LabelForm = (typeof LABEL_FORMS)[number];

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

/**
 * The dataset's pixels as 24-bit words, three bytes each (low byte first), each image padded to a
 * whole number of words: the form the dataset takes on the device. 24 bits stay exact in float32,
 * so every backend unpacks them exactly, and the words take a quarter of float32 pixels' memory.
 */
export function packPixels(pixels: Uint8Array, count: number, sample: number): Int32Array {
  const words = Math.ceil(sample / 3);
  const packed = new Int32Array(count * words);
  for (let i = 0; i < count; i++) {
    const src = i * sample;
    for (let w = 0; w < words; w++) {
      const j = src + 3 * w;
      const k = 3 * w;
      packed[i * words + w] = (pixels[j]! | (k + 1 < sample ? pixels[j + 1]! << 8 : 0) | (k + 2 < sample ? pixels[j + 2]! << 16 : 0));
    }
  }
  return packed;
}

/** A dataset's copy on the device, made on its first batch and kept until the session ends. */
interface OnDevice {
  words: TF.Tensor2D;
  labels: TF.Tensor1D;
  tables: Partial<Record<Normalization, TF.Tensor1D>>;
}

const onDevice = new WeakMap<Dataset, OnDevice>();

// Above this the packed copy would pass WebGPU's usual 128 MiB limit on one buffer binding: such a
// dataset is batched on the CPU side instead.
const MAX_DEVICE_BYTES = 96 * 2 ** 20;

function deviceCopy(tf: TFModule, ds: Dataset, norm: Normalization): { copy: OnDevice; table: TF.Tensor1D } | null {
  const [h, w, c] = ds.shape;
  const sample = h * w * c;
  if (ds.count * Math.ceil(sample / 3) * 4 > MAX_DEVICE_BYTES) return null;
  let copy = onDevice.get(ds);
  if (!copy) {
    copy = {
      words: tf.keep(tf.tensor2d(packPixels(ds.pixels, ds.count, sample), [ds.count, Math.ceil(sample / 3)], 'int32')),
      labels: tf.keep(tf.tensor1d(Int32Array.from(ds.labels), 'int32')),
      tables: {},
    };
    onDevice.set(ds, copy);
  }
  const table = (copy.tables[norm] ??= tf.keep(tf.tensor1d(TABLES[norm], 'float32')));
  return { copy, table };
}

/** Frees a dataset's copy on the device (when its session ends). */
export function releaseDeviceCopy(ds: Dataset): void {
  const copy = onDevice.get(ds);
  if (!copy) return;
  copy.words.dispose();
  copy.labels.dispose();
  for (const t of Object.values(copy.tables)) t.dispose();
  onDevice.delete(ds);
}

/**
 * A batch of the given samples as float tensors, with labels as class ids or one-hot rows. The
 * dataset goes to the device once; each batch is gathered and unpacked there (the float values are
 * the lookup table's, so they equal the CPU-side path's exactly). Only the indices are uploaded.
 */
export function imageBatch(
  tf: TFModule, ds: Dataset, classes: number, indices: readonly number[], norm: Normalization, labels: LabelForm,
): { x: TF.Tensor4D; label: TF.Tensor } {
  const dev = deviceCopy(tf, ds, norm);
  if (!dev) return hostImageBatch(tf, ds, classes, indices, norm, labels);
  const [h, w, c] = ds.shape;
  return tf.tidy(() => {
    const picked = tf.tensor1d(Int32Array.from(indices), 'int32');
    const words = tf.gather(dev.copy.words, picked);
    const byte = tf.scalar(256, 'int32');
    const rest = tf.floorDiv(words, byte);
    const bytes = tf.stack([tf.mod(words, byte), tf.mod(rest, byte), tf.floorDiv(rest, byte)], 2).reshape([indices.length, -1]);
    const sample = h * w * c;
    const pixels = bytes.shape[1] === sample ? bytes : tf.slice(bytes, [0, 0], [indices.length, sample]);
    return {
      x: tf.gather(dev.table, pixels.reshape([-1])).reshape([indices.length, h, w, c]) as TF.Tensor4D,
      label: labelTensor(tf, tf.gather(dev.copy.labels, picked), classes, labels),
    };
  });
}

/**
 * One split of an image dataset in memory: uint8 pixels, row-major [count, height, width,
 * channels], and the class of each image.
 */
export type ImageSet = Pick<Dataset, 'count' | 'shape' | 'pixels' | 'labels'>;

/** Class ids [batch] as the label form asked for: themselves, or one-hot rows (all ones for one class). */
function labelTensor(tf: TFModule, ids: TF.Tensor1D, classes: number, labels: LabelForm): TF.Tensor {
  if (labels === 'class ids') return ids;
  return classes > 1 ? tf.oneHot(ids, classes).toFloat() : tf.ones([ids.shape[0], 1]);
}

/** The same batch built on the CPU side and uploaded (datasets too large for one device buffer). */
export function hostImageBatch(
  tf: TFModule, ds: ImageSet, classes: number, indices: readonly number[], norm: Normalization, labels: LabelForm,
): { x: TF.Tensor4D; label: TF.Tensor } {
  const [h, w, c] = ds.shape;
  const sample = h * w * c;
  const table = TABLES[norm];
  const pixels = new Float32Array(indices.length * sample);
  const ids = new Int32Array(indices.length);
  indices.forEach((idx, row) => {
    const src = ds.pixels.subarray(idx * sample, (idx + 1) * sample);
    const base = row * sample;
    for (let j = 0; j < sample; j++) pixels[base + j] = table[src[j]!]!;
    ids[row] = ds.labels[idx]!;
  });
  const x = tf.tensor4d(pixels, [indices.length, h, w, c], 'float32');
  return { x, label: tf.tidy(() => labelTensor(tf, tf.tensor1d(ids, 'int32'), classes, labels)) };
}
