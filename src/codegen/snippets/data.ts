// Data for the exported program: batches of images drawn from arrays the caller hands in, as the image data nodes do.
import { snippet } from '../snippet';
import { randomClass } from './random';

const imageTypes = snippet(
  'ImageSet',
  'data',
  `
/**
 * One split of an image dataset in memory: uint8 pixels, row-major [count, height, width,
 * channels], and the class of each image.
 */
export interface ImageSet {
  count: number;
  shape: [number, number, number];
  pixels: Uint8Array;
  labels: Uint8Array;
}

/** Pixel range of a batch: [-1, 1] suits a tanh output, [0, 1] a sigmoid output. */
export type PixelRange = '[-1,1]' | '[0,1]';

/**
 * Where the images of a data node come from: \`size\` images of a split, scaled to \`range\`, with
 * one-hot labels, drawn with \`rng\`. \`imagesInMemory\` draws exactly as Tensorloom does.
 */
export interface ImageSource {
  batch(split: 'train' | 'test', size: number, range: PixelRange, rng: Rng): { x: tf.Tensor4D; label: tf.Tensor2D };
}
`,
  [randomClass],
  ['PixelRange', 'ImageSource'],
);

const drawIndices = snippet(
  'drawIndices',
  'data',
  `
/**
 * \`size\` distinct sample indices drawn uniformly (a batch never shows one image twice; repeats
 * only when the dataset is smaller than the batch).
 */
function drawIndices(rng: Rng, count: number, size: number): number[] {
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
`,
  [randomClass],
);

export const imagesInMemory = snippet(
  'imagesInMemory',
  'data',
  `
/** An ImageSource over images in memory (e.g. MNIST read from its IDX files). */
export function imagesInMemory(splits: { train?: ImageSet; test?: ImageSet }, classes = 10): ImageSource {
  // uint8 → float lookup tables, one per pixel range
  const scaled: Record<PixelRange, Float32Array> = {
    '[-1,1]': Float32Array.from({ length: 256 }, (_, v) => v / 127.5 - 1),
    '[0,1]': Float32Array.from({ length: 256 }, (_, v) => v / 255),
  };
  return {
    batch(split, size, range, rng) {
      const set = splits[split];
      if (!set) throw new Error(\`no \${split} images were given\`);
      const indices = drawIndices(rng, set.count, size);
      const [h, w, c] = set.shape;
      const sample = h * w * c;
      const table = scaled[range];
      const pixels = new Float32Array(size * sample);
      const oneHot = new Float32Array(size * classes);
      indices.forEach((index, row) => {
        const source = set.pixels.subarray(index * sample, (index + 1) * sample);
        for (let j = 0; j < sample; j++) pixels[row * sample + j] = table[source[j]!]!;
        oneHot[row * classes + set.labels[index]!] = 1;
      });
      return {
        x: tf.tensor4d(pixels, [size, h, w, c], 'float32'),
        label: tf.tensor2d(oneHot, [size, classes], 'float32'),
      };
    },
  };
}
`,
  [imageTypes, drawIndices],
);
