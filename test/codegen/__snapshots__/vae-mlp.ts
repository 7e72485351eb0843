// MLP VAE on MNIST
//
// The variational autoencoder of Kingma & Welling (2013) with one hidden layer of 400 units and a
// 20-dimensional latent: the encoder gives mu and log-variance, the reparameterisation node draws
// z, the decoder gives pixel logits; the loss is the negative ELBO (Bernoulli reconstruction summed
// over pixels + KL).
//
// Exported from Tensorloom: the models, the training step and the previews of the graph in plain
// TensorFlow.js. With the same seed (and the same images) it draws the same random numbers as the
// app on the CPU backend, so it trains to the same losses there; on WebGPU the app's normal draws
// may differ from these in the last bit or two, which training amplifies over many steps.
//
// Use: `await main({ mnist: imagesInMemory({ train }) })` with the images in memory, or
// createTraining, then trainStep in a loop and sample for the previews.
//
// It runs on whichever backend tfjs picks. For WebGPU, in a browser or in Node with the `webgpu`
// package:
//   import '@tensorflow/tfjs-backend-webgpu';
//   await tf.setBackend('webgpu');
import * as tf from '@tensorflow/tfjs';
import type * as TF from '@tensorflow/tfjs';

// ── Types ────────────────────────────────────────────────────────────────────────────────────────

/** A seeded stream of random numbers; the one source of randomness in training (resumable). */
interface RandomStream {
  /** uniform in [0, 1) */
  next(): number;
  /** an integer seed for a tfjs random op */
  seed(): number;
}

type TFModule = typeof TF;

/** A dataset loaded in memory before training starts (uint8 pixels, row-major NHWC). */
interface Dataset {
  name: string;
  count: number;
  /** per-sample shape, e.g. [28, 28, 1] */
  shape: [number, number, number];
  pixels: Uint8Array;
  labels: Uint8Array;
}

// ── Random numbers ───────────────────────────────────────────────────────────────────────────────

/** A stable 32-bit hash of a string (FNV-1a), to derive per-node seeds from the training seed. */
function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

type RngState = [number, number, number, number];

/**
 * The training's random stream: sfc32 seeded through splitmix32. Every batch draws from it, and
 * every noise tensor, set of timesteps and dropout mask takes one seed from it, in graph order, so
 * the same seed repeats a run exactly; `state()` is all a checkpoint needs to resume it.
 */
class Rng implements RandomStream {
  private s: Uint32Array;

  constructor(seedOrState: number | RngState) {
    if (typeof seedOrState === 'number') {
      // splitmix32 expands one seed into four well-mixed words
      let x = seedOrState >>> 0;
      const words: number[] = [];
      for (let i = 0; i < 4; i++) {
        x = (x + 0x9e3779b9) >>> 0;
        let z = x;
        z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
        z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
        words.push((z ^ (z >>> 16)) >>> 0);
      }
      this.s = Uint32Array.from(words);
      for (let i = 0; i < 12; i++) this.nextUint32();
    } else {
      this.s = Uint32Array.from(seedOrState);
    }
  }

  nextUint32(): number {
    const s = this.s;
    const t = (((s[0]! + s[1]!) >>> 0) + s[3]!) >>> 0;
    s[3] = (s[3]! + 1) >>> 0;
    s[0] = s[1]! ^ (s[1]! >>> 9);
    s[1] = (s[2]! + (s[2]! << 3)) >>> 0;
    s[2] = ((s[2]! << 21) | (s[2]! >>> 11)) >>> 0;
    s[2] = (s[2]! + t) >>> 0;
    return t;
  }

  /** uniform in [0, 1) */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** a positive seed for a tfjs random op */
  seed(): number {
    return (this.nextUint32() % 2147483646) + 1;
  }

  /** integer in [0, n) */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  state(): RngState {
    return [this.s[0]!, this.s[1]!, this.s[2]!, this.s[3]!];
  }
}

const TWO_POW_32 = 4294967296;

/** A non-negative safe integer split into its low and high 32-bit words. */
function splitWords(value: number, what: string): [number, number] {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new Error(`gpu-random: ${what} must be a whole number in [0, 2^53), got ${value}`);
  return [(value % TWO_POW_32) >>> 0, Math.floor(value / TWO_POW_32) >>> 0];
}

const PHILOX_ROUNDS = 10;

/** the key increments (Weyl sequence): golden ratio and sqrt(3) - 1, as 32-bit fractions */
const PHILOX_W0 = 0x9e3779b9;

const PHILOX_W1 = 0xbb67ae85;

/**
 * The high 32 bits of the 64-bit product of two uint32s, from four 16x16-bit products. Written the
 * way the WGSL version must be (WGSL has no 64-bit integers); every partial sum is below 2^34, so
 * it is exact in doubles.
 */
function mulhi32(a: number, b: number): number {
  const aL = a & 0xffff;
  const aH = a >>> 16;
  const bL = b & 0xffff;
  const bH = b >>> 16;
  const ll = aL * bL;
  const lh = aL * bH;
  const hl = aH * bL;
  const hh = aH * bH;
  const mid = (ll >>> 16) + (lh & 0xffff) + (hl & 0xffff);
  return (hh + (lh >>> 16) + (hl >>> 16) + (mid >>> 16)) >>> 0;
}

/** the round multipliers */
const PHILOX_M0 = 0xd2511f53;

const PHILOX_M1 = 0xcd9e8d57;

/**
 * One Philox4x32-10 block into `out[at .. at + 3]`. Ten rounds; the key is bumped by (W0, W1)
 * before every round but the first.
 */
function philoxBlockInto(
  c0: number,
  c1: number,
  c2: number,
  c3: number,
  k0: number,
  k1: number,
  out: Uint32Array,
  at: number,
): void {
  let x0 = c0 >>> 0;
  let x1 = c1 >>> 0;
  let x2 = c2 >>> 0;
  let x3 = c3 >>> 0;
  let key0 = k0 >>> 0;
  let key1 = k1 >>> 0;
  for (let r = 0; r < PHILOX_ROUNDS; r++) {
    if (r > 0) {
      key0 = (key0 + PHILOX_W0) >>> 0;
      key1 = (key1 + PHILOX_W1) >>> 0;
    }
    const hi0 = mulhi32(PHILOX_M0, x0);
    const lo0 = Math.imul(PHILOX_M0, x0) >>> 0;
    const hi1 = mulhi32(PHILOX_M1, x2);
    const lo1 = Math.imul(PHILOX_M1, x2) >>> 0;
    x0 = (hi1 ^ x1 ^ key0) >>> 0;
    x1 = lo1;
    x2 = (hi0 ^ x3 ^ key1) >>> 0;
    x3 = lo0;
  }
  out[at] = x0;
  out[at + 1] = x1;
  out[at + 2] = x2;
  out[at + 3] = x3;
}

/**
 * Values `offset .. offset + n - 1` of the uint32 stream of `seed`. The counter of block b is
 * (b mod 2^32, floor(b / 2^32), 0, 0); the key is (seed mod 2^32, floor(seed / 2^32)).
 */
function philoxUint32(n: number, seed: number, offset: number): Uint32Array {
  const [k0, k1] = splitWords(seed, 'seed');
  splitWords(offset, 'offset');
  const out = new Uint32Array(n);
  if (n === 0) return out;
  const block = new Uint32Array(4);
  const first = Math.floor(offset / 4);
  const lane0 = offset % 4;
  const blocks = Math.ceil((lane0 + n) / 4);
  for (let t = 0; t < blocks; t++) {
    const b = first + t;
    const base = t * 4 - lane0;
    if (base >= 0 && base + 4 <= n) {
      philoxBlockInto(b % TWO_POW_32, Math.floor(b / TWO_POW_32), 0, 0, k0, k1, out, base);
      continue;
    }
    philoxBlockInto(b % TWO_POW_32, Math.floor(b / TWO_POW_32), 0, 0, k0, k1, block, 0);
    for (let l = 0; l < 4; l++) {
      const i = base + l;
      if (i >= 0 && i < n) out[i] = block[l]!;
    }
  }
  return out;
}

/** 2^-24: the spacing of the uniform floats made from the top 24 bits of a word */
const TWO_POW_M24 = 1 / 16777216;

/** A word to a float in (0, 1]: never 0, so its logarithm is finite. */
function wordToUnitOpen(x: number): number {
  return ((x >>> 8) + 1) * TWO_POW_M24;
}

const TWO_POW_M23 = 1 / 8388608;

/** A word to a float in [-1, 1), exact in float32. */
function wordToSigned(x: number): number {
  return (x >>> 8) * TWO_POW_M23 - 1;
}

/**
 * Normal floats (Box-Muller) with the given mean and standard deviation, as float32. Within each
 * block, words 0 and 1 give values 0 and 1 (r cos a, r sin a), words 2 and 3 give values 2 and 3;
 * r = sqrt(-2 ln u) with u in (0, 1], a = pi v with v in [-1, 1) (the range where WGSL's cos and
 * sin are most accurate).
 */
function philoxNormal(n: number, seed: number, offset: number, mean = 0, std = 1): Float32Array {
  const lane0 = offset % 4;
  const start = offset - lane0;
  const bits = philoxUint32(Math.ceil((lane0 + n) / 4) * 4, seed, start);
  const out = new Float32Array(n);
  const m = Math.fround(mean);
  const s = Math.fround(std);
  for (let p = 0; p < bits.length; p += 2) {
    const r = Math.sqrt(-2 * Math.log(wordToUnitOpen(bits[p]!)));
    const a = Math.PI * wordToSigned(bits[p + 1]!);
    const i = p - lane0;
    if (i >= 0 && i < n) out[i] = m + s * (r * Math.cos(a));
    if (i + 1 >= 0 && i + 1 < n) out[i + 1] = m + s * (r * Math.sin(a));
  }
  return out;
}

/** How far a stream's offset moves for a draw of `shape`: one value per element. */
function valuesIn(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** The number of values of a draw of `shape`; throws for a shape that is not whole numbers >= 0. */
function checkShape(shape: readonly number[]): number {
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0)
      throw new Error(`gpu-random: shape must hold whole numbers >= 0, got [${shape.join(', ')}]`);
  }
  const n = valuesIn(shape);
  // the WGSL indexes values with i32
  if (n > 2 ** 31 - 8)
    throw new Error(`gpu-random: at most 2^31 - 8 values per draw, asked for ${n}`);
  return n;
}

/** Normal float32 values (Box-Muller) with the given mean and standard deviation (default 0, 1). */
function philoxNormalTensor(
  tf: TFModule,
  shape: readonly number[],
  seed: number,
  offset = 0,
  mean = 0,
  std = 1,
): TF.Tensor {
  return tf.tensor(philoxNormal(checkShape(shape), seed, offset, mean, std), [...shape], 'float32');
}

// ── Models ───────────────────────────────────────────────────────────────────────────────────────

/**
 * The model "encoder": x [batch, 28, 28, 1] → mu [batch, 20], logvar [batch, 20]. Layer names match
 * the app's, so weights saved by one load into the other.
 */
export function buildEncoder(seed: number): tf.LayersModel {
  // each layer's initialiser seed derives from the training seed, the model and the node
  const seedOf = (node: string) => hashString(`${seed}/encoder/${node}`);
  const x = tf.input({ shape: [28, 28, 1], name: 'encoder__x' }); // [batch, 28, 28, 1]
  // [batch, 784]
  const flat = tf.layers.flatten({ name: 'encoder__flat' }).apply(x) as tf.SymbolicTensor;
  // [batch, 400]
  const h = tf.layers
    .dense({
      name: 'encoder__h',
      units: 400,
      activation: 'relu',
      useBias: true,
      kernelInitializer: tf.initializers.glorotUniform({ seed: seedOf('h') }),
    })
    .apply(flat) as tf.SymbolicTensor;
  // [batch, 20]
  const muHead = tf.layers
    .dense({
      name: 'encoder__mu_head',
      units: 20,
      activation: 'linear',
      useBias: true,
      kernelInitializer: tf.initializers.glorotUniform({ seed: seedOf('mu_head') }),
    })
    .apply(h) as tf.SymbolicTensor;
  // [batch, 20]
  const logvarHead = tf.layers
    .dense({
      name: 'encoder__logvar_head',
      units: 20,
      activation: 'linear',
      useBias: true,
      kernelInitializer: tf.initializers.glorotUniform({ seed: seedOf('logvar_head') }),
    })
    .apply(h) as tf.SymbolicTensor;
  return tf.model({ inputs: [x], outputs: [muHead, logvarHead], name: 'encoder' });
}

/** Runs the model "encoder" on a batch; its outputs by name. */
export function applyEncoder(
  model: tf.LayersModel,
  x: tf.Tensor,
  options: { training: boolean },
): { mu: tf.Tensor; logvar: tf.Tensor } {
  const [mu, logvar] = model.apply(x, options) as [tf.Tensor, tf.Tensor];
  return { mu, logvar };
}

/**
 * The model "decoder": z [batch, 20] → logits [batch, 28, 28, 1], image [batch, 28, 28, 1]. Layer
 * names match the app's, so weights saved by one load into the other.
 */
export function buildDecoder(seed: number): tf.LayersModel {
  // each layer's initialiser seed derives from the training seed, the model and the node
  const seedOf = (node: string) => hashString(`${seed}/decoder/${node}`);
  const z = tf.input({ shape: [20], name: 'decoder__z' }); // [batch, 20]
  // [batch, 400]
  const h = tf.layers
    .dense({
      name: 'decoder__h',
      units: 400,
      activation: 'relu',
      useBias: true,
      kernelInitializer: tf.initializers.glorotUniform({ seed: seedOf('h') }),
    })
    .apply(z) as tf.SymbolicTensor;
  // [batch, 784]
  const pixels = tf.layers
    .dense({
      name: 'decoder__pixels',
      units: 784,
      activation: 'linear',
      useBias: true,
      kernelInitializer: tf.initializers.glorotUniform({ seed: seedOf('pixels') }),
    })
    .apply(h) as tf.SymbolicTensor;
  // [batch, 28, 28, 1]
  const img = tf.layers
    .reshape({ name: 'decoder__img', targetShape: [28, 28, 1] })
    .apply(pixels) as tf.SymbolicTensor;
  // [batch, 28, 28, 1]
  const prob = tf.layers
    .activation({ name: 'decoder__prob', activation: 'sigmoid' })
    .apply(img) as tf.SymbolicTensor;
  return tf.model({ inputs: [z], outputs: [img, prob], name: 'decoder' });
}

/** Runs the model "decoder" on a batch; its outputs by name. */
export function applyDecoder(
  model: tf.LayersModel,
  z: tf.Tensor,
  options: { training: boolean },
): { logits: tf.Tensor; image: tf.Tensor } {
  const [logits, image] = model.apply(z, options) as [tf.Tensor, tf.Tensor];
  return { logits, image };
}

// ── Data ─────────────────────────────────────────────────────────────────────────────────────────

const NORMALIZATIONS = ['[-1,1]', '[0,1]'] as const;

type Normalization = (typeof NORMALIZATIONS)[number];

/** How a batch gives its labels: int32 class ids [batch], or float32 one-hot rows [batch, classes]. */
const LABEL_FORMS = ['class ids', 'one-hot'] as const;

type LabelForm = (typeof LABEL_FORMS)[number];

/**
 * Where the images of a data node come from: `size` images of a split, scaled to `range`, with
 * labels as class ids or one-hot rows, drawn with `rng`. `imagesInMemory` draws exactly as
 * Tensorloom does.
 */
export interface ImageSource {
  batch(
    split: 'train' | 'test',
    size: number,
    range: Normalization,
    rng: Rng,
    labels: LabelForm,
  ): { x: tf.Tensor4D; label: tf.Tensor };
}

/**
 * One split of an image dataset in memory: uint8 pixels, row-major [count, height, width,
 * channels], and the class of each image.
 */
type ImageSet = Pick<Dataset, 'count' | 'shape' | 'pixels' | 'labels'>;

/**
 * `size` distinct sample indices drawn uniformly from the stream (distinct within the batch, so a
 * batch never shows one image twice; with replacement only if the dataset is smaller than the batch).
 */
function drawIndices(rng: RandomStream, count: number, size: number): number[] {
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

/** uint8 → float lookup tables, one per normalisation */
const TABLES: Record<Normalization, Float32Array> = {
  '[-1,1]': Float32Array.from({ length: 256 }, (_, v) => v / 127.5 - 1),
  '[0,1]': Float32Array.from({ length: 256 }, (_, v) => v / 255),
};

/** Class ids [batch] as the label form asked for: themselves, or one-hot rows (all ones for one class). */
function labelTensor(
  tf: TFModule,
  ids: TF.Tensor1D,
  classes: number,
  labels: LabelForm,
): TF.Tensor {
  if (labels === 'class ids') return ids;
  return classes > 1 ? tf.oneHot(ids, classes).toFloat() : tf.ones([ids.shape[0], 1]);
}

/** The same batch built on the CPU side and uploaded (datasets too large for one device buffer). */
function hostImageBatch(
  tf: TFModule,
  ds: ImageSet,
  classes: number,
  indices: readonly number[],
  norm: Normalization,
  labels: LabelForm,
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

/** An ImageSource over images in memory (e.g. MNIST read from its IDX files). */
export function imagesInMemory(
  splits: { train?: ImageSet; test?: ImageSet },
  classes = 10,
): ImageSource {
  return {
    batch(split, size, range, rng, labels) {
      const set = splits[split];
      if (!set) throw new Error(`no ${split} images were given`);
      return hostImageBatch(tf, set, classes, drawIndices(rng, set.count, size), range, labels);
    },
  };
}

// ── Samplers ─────────────────────────────────────────────────────────────────────────────────────

/** z = mu + exp(logvar / 2) · eps, eps ~ N(0, 1) drawn by the caller: a Gaussian sample gradients pass through. */
function reparameterize(tf: TFModule, mu: TF.Tensor, logvar: TF.Tensor, eps: TF.Tensor): TF.Tensor {
  return tf.add(mu, tf.mul(tf.exp(tf.mul(logvar, 0.5)), eps));
}

const INTERPOLATION_PATHS = ['spherical', 'linear'] as const;

type InterpolationPath = (typeof INTERPOLATION_PATHS)[number];

/**
 * `steps` rows of `steps` points: row r walks from a_r to b_r, two N(0, I) points drawn from `seed`
 * alone. Spherical paths keep the norm a Gaussian latent usually has (a straight line passes near
 * the origin, where a generator has seen few points). The first and last point of each row are
 * a_r and b_r exactly.
 */
function latentInterpolation(
  tf: TFModule,
  steps: number,
  shape: readonly number[],
  seed: number,
  path: InterpolationPath,
): TF.Tensor {
  return tf.tidy(() => {
    const d = shape.reduce((x, y) => x * y, 1);
    const a = philoxNormalTensor(tf, [steps, d], seed, 0);
    const b = philoxNormalTensor(tf, [steps, d], seed, steps * d);
    const t = tf.tensor2d(
      Array.from({ length: steps }, (_, i) => i / (steps - 1)),
      [1, steps],
    );
    let wa: TF.Tensor, wb: TF.Tensor; // [row, step]
    if (path === 'linear') {
      wa = tf.tile(tf.sub(1, t), [steps, 1]);
      wb = tf.tile(t, [steps, 1]);
    } else {
      const cos = tf.clipByValue(
        tf.div(
          tf.sum(tf.mul(a, b), 1, true),
          tf.mul(tf.norm(a, 2, 1, true), tf.norm(b, 2, 1, true)),
        ),
        -1,
        1,
      );
      const omega = tf.acos(cos);
      const s = tf.sin(omega);
      wa = tf.div(tf.sin(tf.mul(tf.sub(1, t), omega)), s);
      wb = tf.div(tf.sin(tf.mul(t, omega)), s);
    }
    const points = tf.add(
      tf.mul(tf.expandDims(wa, 2), tf.expandDims(a, 1)),
      tf.mul(tf.expandDims(wb, 2), tf.expandDims(b, 1)),
    );
    return tf.reshape(points, [steps * steps, ...shape]);
  });
}

// ── Losses ───────────────────────────────────────────────────────────────────────────────────────

const REDUCTIONS = ['mean', 'sumPerSample'] as const;

type Reduction = (typeof REDUCTIONS)[number];

/** Reduces per-element losses to a scalar: the mean, or per-sample sums averaged over the batch. */
function reduceLoss(tf: TFModule, perElement: TF.Tensor, reduction: Reduction): TF.Scalar {
  if (reduction === 'mean' || perElement.rank <= 1) return tf.mean(perElement);
  const sampleAxes = Array.from({ length: perElement.rank - 1 }, (_, i) => i + 1);
  return tf.mean(tf.sum(perElement, sampleAxes));
}

/** Mean over the batch of per-sample sums (for losses defined per sample, like the KL term). */
function sumPerSample(tf: TFModule, perElement: TF.Tensor): TF.Scalar {
  return reduceLoss(tf, perElement, 'sumPerSample');
}

/**
 * KL(N(mu, exp(logvar)) ‖ N(0, 1)) = −½ Σ (1 + logvar − mu² − exp(logvar)), summed over each
 * sample's latent dimensions, averaged over the batch.
 */
function klToNormal(tf: TFModule, mu: TF.Tensor, logvar: TF.Tensor): TF.Scalar {
  const perElement = tf.mul(-0.5, tf.sub(tf.sub(tf.add(1, logvar), tf.square(mu)), tf.exp(logvar)));
  return sumPerSample(tf, perElement);
}

/** The target: a constant for every element, or a tensor of the logits' shape. */
type BceTarget = { constant: number } | { tensor: TF.Tensor; smoothing: number };

/**
 * Binary cross-entropy of sigmoid(x) against the target per element, in tfjs ops (every backend;
 * what the WGSL passes compute): max(x, 0) − x·z + log(1 + e^−|x|), exact where the sigmoid would
 * round to 0 or 1.
 */
function bceFromLogits(tf: TFModule, x: TF.Tensor, target: BceTarget): TF.Tensor {
  const z =
    'constant' in target
      ? target.constant
      : tf.add(tf.mul(target.tensor, 1 - target.smoothing), target.smoothing / 2);
  return tf.add(tf.sub(tf.relu(x), tf.mul(x, z)), tf.log1p(tf.exp(tf.neg(tf.abs(x)))));
}

// ── Previews ─────────────────────────────────────────────────────────────────────────────────────

/** The first `count` images of a batch, scaled from `range` to [0, 1] for display. */
function imageGrid(
  tf: TFModule,
  images: TF.Tensor,
  count: number,
  range: '[-1,1]' | '[0,1]',
): TF.Tensor {
  const first = tf.slice(images, 0, Math.min(count, images.shape[0] ?? 1));
  const scaled = range === '[-1,1]' ? tf.mul(tf.add(first, 1), 0.5) : first;
  return tf.clipByValue(scaled, 0, 1);
}

// ── Training ─────────────────────────────────────────────────────────────────────────────────────

/**
 * The weights an optimizer may change: the trainable weights of its own models (with those of the
 * models inside them), no others, each once however many of its models hold it.
 */
function trainableVariables(...models: TF.LayersModel[]): TF.Variable[] {
  return [
    ...new Set(
      models.flatMap((model) => model.trainableWeights.map((w) => w.read() as TF.Variable)),
    ),
  ];
}

/**
 * The images the data nodes draw from, one source per dataset, e.g. `imagesInMemory({ train })`.
 */
export interface DataSources {
  /** mnist: its train split */
  mnist: ImageSource;
}

/** Everything a training run holds. */
export interface Training {
  /** the stream every batch, noise tensor and dropout mask draws from */
  rng: Rng;
  models: { encoder: tf.LayersModel; decoder: tf.LayersModel };
  /** one optimizer per update, and the weights it may change: its own models' only */
  optimizers: { vae: tf.Optimizer };
  variables: { vae: tf.Variable[] };
  data: DataSources;
  /** iterations done */
  step: number;
}

/** A run at its start: the weights drawn from `seed`, fresh optimizers, the stream seeded. */
export function createTraining(seed: number, data: DataSources): Training {
  const rng = new Rng(seed);
  const models = { encoder: buildEncoder(seed), decoder: buildDecoder(seed) };
  return {
    rng,
    models,
    optimizers: { vae: tf.train.adam(0.001, 0.9, 0.999, 1e-7) },
    variables: { vae: trainableVariables(models.encoder, models.decoder) },
    data,
    step: 0,
  };
}

/**
 * The loss update "VAE" minimises over the weights of "encoder" and "decoder", evaluated afresh: a
 * new batch, new noise.
 */
function lossForVae(t: Training): tf.Scalar {
  // x [128, 28, 28, 1], label [128, 10]
  const data = t.data.mnist.batch('train', 128, '[0,1]', t.rng, 'one-hot');
  // mu [128, 20], logvar [128, 20]
  const enc = applyEncoder(t.models.encoder, data.x, { training: true });
  // [128, 20]
  const z = reparameterize(
    tf,
    enc.mu,
    enc.logvar,
    philoxNormalTensor(tf, enc.mu.shape, t.rng.seed()),
  );
  const kl = klToNormal(tf, enc.mu, enc.logvar);
  // logits [128, 28, 28, 1], image [128, 28, 28, 1]
  const dec = applyDecoder(t.models.decoder, z, { training: true });
  const reconstruction = reduceLoss(
    tf,
    bceFromLogits(tf, dec.logits, { tensor: data.x, smoothing: 0 }),
    'sumPerSample',
  );
  const elbo: tf.Scalar = tf.addN([reconstruction, kl]);
  return elbo;
}

/**
 * One training iteration: update "VAE" minimises its loss over its own models' weights. Returns the
 * loss of each update by name, from before its step; dispose them once read.
 */
export function trainStep(t: Training): Record<string, tf.Scalar> {
  const vae = t.optimizers.vae.minimize(() => lossForVae(t), true, t.variables.vae)!;
  t.step++;
  return { VAE: vae };
}

/** What the preview "samples" shows, evaluated with training off. */
function previewSamples(t: Training): tf.Tensor {
  const prior = philoxNormalTensor(tf, [64, 20], t.rng.seed()); // [64, 20]
  // logits [64, 28, 28, 1], image [64, 28, 28, 1]
  const decPrior = applyDecoder(t.models.decoder, prior, { training: false });
  return imageGrid(tf, decPrior.image, 64, '[0,1]');
}

/** What the preview "the same z every time" shows, evaluated with training off. */
function previewTheSameZEveryTime(t: Training): tf.Tensor {
  const fixedZ = philoxNormalTensor(tf, [64, 20], 1); // [64, 20]
  // logits [64, 28, 28, 1], image [64, 28, 28, 1]
  const fixedCall = applyDecoder(t.models.decoder, fixedZ, { training: false });
  return imageGrid(tf, fixedCall.image, 64, '[0,1]');
}

/** What the preview "interpolations, one per row" shows, evaluated with training off. */
function previewInterpolationsOnePerRow(t: Training): tf.Tensor {
  const walks = latentInterpolation(tf, 8, [20], 1, 'spherical'); // [64, 20]
  // logits [64, 28, 28, 1], image [64, 28, 28, 1]
  const walkCall = applyDecoder(t.models.decoder, walks, { training: false });
  return imageGrid(tf, walkCall.image, 64, '[0,1]');
}

/** What the preview "recon_preview" shows, evaluated with training off. */
function previewReconPreview(t: Training): tf.Tensor {
  // x [128, 28, 28, 1], label [128, 10]
  const data = t.data.mnist.batch('train', 128, '[0,1]', t.rng, 'one-hot');
  // mu [128, 20], logvar [128, 20]
  const enc = applyEncoder(t.models.encoder, data.x, { training: false });
  // [128, 20]
  const z = reparameterize(
    tf,
    enc.mu,
    enc.logvar,
    philoxNormalTensor(tf, enc.mu.shape, t.rng.seed()),
  );
  // logits [128, 28, 28, 1], image [128, 28, 28, 1]
  const dec = applyDecoder(t.models.decoder, z, { training: false });
  return imageGrid(tf, dec.image, 64, '[0,1]');
}

/**
 * What each preview shows now, by name, evaluated with training off; dispose the tensors once
 * drawn.
 */
export function sample(t: Training): Record<string, tf.Tensor> {
  return {
    samples: tf.tidy(() => previewSamples(t)),
    'the same z every time': tf.tidy(() => previewTheSameZEveryTime(t)),
    'interpolations, one per row': tf.tidy(() => previewInterpolationsOnePerRow(t)),
    recon_preview: tf.tidy(() => previewReconPreview(t)),
  };
}

/**
 * Trains for `steps` iterations and prints the losses every `logEvery`. Stops with an error
 * naming the update and the iteration when a loss is not finite.
 */
export async function main(
  data: DataSources,
  steps = 1000,
  seed = 1,
  logEvery = 100,
): Promise<Training> {
  const t = createTraining(seed, data);
  while (t.step < steps) {
    const losses = trainStep(t);
    if (t.step % logEvery === 0 || t.step === steps) {
      const shown: string[] = [];
      for (const [name, loss] of Object.entries(losses)) {
        const value = (await loss.data())[0] ?? NaN;
        if (!Number.isFinite(value)) {
          throw new Error(`the loss of "${name}" is ${value} at iteration ${t.step - 1}`);
        }
        shown.push(`${name} ${value.toFixed(4)}`);
      }
      console.log(`iteration ${t.step}: ${shown.join(', ')}`);
    }
    tf.dispose(Object.values(losses));
  }
  return t;
}
