// DDPM U-Net on MNIST
//
// A denoising diffusion model (Ho, Jain & Abbeel 2020) that learns to draw MNIST digits. Training:
// take a batch of digits scaled to [-1, 1], pick a random step t of a 1000-step noising process for
// each, noise it to x_t in one jump (q_sample), and train the U-Net to predict the noise that was
// added (MSE). Sampling runs the process backwards: start from pure noise and let the U-Net remove
// a little of it at a time. The DDIM preview takes 50 big steps; the DDPM preview takes all 1000
// small ones and is much slower. Open the "unet" model to see the network: it reads like the letter
// U. The down path (left) halves the image from 28x28 to 14x14 to 7x7 while widening the channels
// (32, 64, 64); the middle (bottom) works at 7x7 with self-attention so distant strokes can agree;
// the up path (right) doubles the size back and concatenates the down path's feature map of the
// same size, so fine detail skips the bottleneck. Every residual block adds a projection of the
// timestep embedding (top row) to its features: the same weights handle every noise level. Samples
// start as blobs; it takes a few thousand iterations before they look like digits.
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

// ── Random numbers ───────────────────────────────────────────────────────────────────────────────

/**
 * The one source of randomness: a small PRNG (sfc32) whose whole state is four uint32s. Every
 * batch draws from it, and every noise tensor, set of timesteps and dropout mask takes one seed
 * from it for the Philox generator, in graph order, so the same seed repeats a run exactly.
 */
export class Random {
  private readonly s: Uint32Array;

  constructor(seed: number) {
    // splitmix32 expands one seed into four well-mixed words
    let x = seed >>> 0;
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

  /** a positive seed for one random draw */
  seed(): number {
    return (this.nextUint32() % 2147483646) + 1;
  }
}

/**
 * Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC 2011), the
 * generator of the noise, timesteps and dropout masks. Counter-based: block b of a seed's stream
 * is ten rounds of multiplies and xors of the counter (b, 0, 0, 0) under the key (the seed as two
 * 32-bit words); value i of a draw is word i % 4 of block floor(i / 4).
 *
 * The app makes these words on the GPU when it trains on WebGPU; this module always makes them
 * here, in TypeScript, and uploads what it derives from them, on whichever backend tfjs picked.
 * The same seed gives the app's numbers: bit for bit against the app on the CPU backend; against
 * the app on WebGPU, bit for bit for whole numbers, dropout masks and [0, 1) uniforms, and within
 * float32 rounding (an ulp or two) for [low, high) uniforms and normals, which the GPU computes
 * in float32.
 * Returns whole blocks: at least n words.
 */
function philoxWords(n: number, seed: number): Uint32Array {
  const words = new Uint32Array(Math.ceil(n / 4) * 4);
  for (let block = 0; block * 4 < n; block++) {
    let [x0, x1, x2, x3] = [block % 2 ** 32, Math.floor(block / 2 ** 32), 0, 0];
    let [k0, k1] = [seed % 2 ** 32, Math.floor(seed / 2 ** 32)];
    for (let round = 0; round < 10; round++) {
      if (round > 0) [k0, k1] = [(k0 + 0x9e3779b9) >>> 0, (k1 + 0xbb67ae85) >>> 0];
      const [hi0, lo0] = [mulhi(0xd2511f53, x0), Math.imul(0xd2511f53, x0) >>> 0];
      const [hi1, lo1] = [mulhi(0xcd9e8d57, x2), Math.imul(0xcd9e8d57, x2) >>> 0];
      [x0, x1, x2, x3] = [(hi1 ^ x1 ^ k0) >>> 0, lo1, (hi0 ^ x3 ^ k1) >>> 0, lo0];
    }
    words.set([x0, x1, x2, x3], block * 4);
  }
  return words;
}

/** The high word of the 64-bit product of two words; exact in doubles (every term is below 2^49). */
function mulhi(a: number, b: number): number {
  return Math.floor((a * (b >>> 16) + Math.floor((a * (b & 0xffff)) / 65536)) / 65536);
}

/** The top 24 bits of a word as a float in [0, 1), exact in float32. */
function unitOf(word: number): number {
  return (word >>> 8) / 16777216;
}

/**
 * Inverted dropout: x · mask, the mask 1 / (1 − rate) where the uniform of a word is at least
 * rate (kept with probability 1 − rate), else 0.
 */
function philoxDropout(x: tf.Tensor, rate: number, seed: number): tf.Tensor {
  const words = philoxWords(x.size, seed);
  const [r, keep] = [Math.fround(rate), Math.fround(1 / (1 - rate))];
  const mask = new Float32Array(x.size);
  for (let i = 0; i < x.size; i++) mask[i] = unitOf(words[i]!) >= r ? keep : 0;
  return tf.tidy(() => tf.mul(x, tf.tensor(mask, x.shape, 'float32')));
}

/** A stable 32-bit hash of a string (FNV-1a): each layer's initialiser seed derives from it. */
function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** n whole numbers in [0, count): the high word of word · count, floor(word · count / 2^32). */
function philoxInts(n: number, count: number, seed: number): number[] {
  const words = philoxWords(n, seed);
  return Array.from({ length: n }, (_, i) => mulhi(words[i]!, count));
}

/**
 * Normal float32 values (Box-Muller): words 2k and 2k + 1 give values 2k and 2k + 1 as r cos(pi v)
 * and r sin(pi v), r = sqrt(−2 ln u), u in (0, 1] from the first word, v in [−1, 1) from the second.
 */
function philoxNormal(shape: readonly number[], seed: number, mean = 0, std = 1): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const words = philoxWords(n, seed);
  const [m, s] = [Math.fround(mean), Math.fround(std)];
  const values = new Float32Array(n);
  for (let i = 0; i < n; i += 2) {
    const r = Math.sqrt(-2 * Math.log(((words[i]! >>> 8) + 1) / 16777216));
    const angle = Math.PI * ((words[i + 1]! >>> 8) / 8388608 - 1);
    values[i] = m + s * (r * Math.cos(angle));
    if (i + 1 < n) values[i + 1] = m + s * (r * Math.sin(angle));
  }
  return tf.tensor(values, [...shape], 'float32');
}

// ── Custom layers ────────────────────────────────────────────────────────────────────────────────

/** The constructor args every tfjs layer takes (name, trainable, dtype, ...). */
type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;
/** Keyword args of Layer.call: `training` is the one these layers read. */
type Kwargs = Parameters<tf.layers.Layer['call']>[1];
type LayerShape = (number | null)[];

/** These layers take one input; tfjs may hand it over wrapped in an array. */
function onlyTensor(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
  const x = Array.isArray(inputs) ? inputs[0] : inputs;
  if (!x) throw new Error('expected one input tensor');
  return x;
}

function onlyShape(inputShape: LayerShape | LayerShape[]): LayerShape {
  const first = inputShape[0];
  return Array.isArray(first) ? first : (inputShape as LayerShape);
}

/**
 * Group normalisation (Wu & He 2018): the channels are split into groups and each group is
 * normalised over its channels and all positions of one sample, then scaled and shifted per
 * channel. Unlike BatchNorm it never looks across the batch.
 */
class GroupNorm extends tf.layers.Layer {
  static className = 'GroupNorm';
  readonly groups: number;
  readonly epsilon: number;
  private gamma: tf.LayerVariable | null = null;
  private beta: tf.LayerVariable | null = null;

  constructor(args: LayerArgs & { groups: number; epsilon?: number }) {
    super(args);
    this.groups = args.groups;
    this.epsilon = args.epsilon ?? 1e-5;
  }

  override build(inputShape: LayerShape | LayerShape[]): void {
    const shape = onlyShape(inputShape);
    const channels = shape[shape.length - 1];
    if (typeof channels !== 'number' || channels % this.groups !== 0) {
      throw new Error(
        `GroupNorm: channels (${String(channels)}) must be known and divisible by groups (${this.groups})`,
      );
    }
    // per-channel scale and shift, starting as the identity
    this.gamma = this.addWeight('gamma', [channels], 'float32', tf.initializers.ones());
    this.beta = this.addWeight('beta', [channels], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: LayerShape | LayerShape[]): LayerShape {
    return onlyShape(inputShape);
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    const { gamma, beta } = this;
    if (!gamma || !beta) throw new Error('GroupNorm: call before build');
    return tf.tidy(() => {
      const x = onlyTensor(inputs);
      const shape = x.shape;
      const channels = shape[shape.length - 1] ?? 0;
      // [b, ...spatial, c] → [b, ...spatial, groups, c / groups]; statistics over every axis
      // except the batch and the group axis
      const grouped = tf.reshape(x, [...shape.slice(0, -1), this.groups, channels / this.groups]);
      const groupAxis = grouped.rank - 2;
      const axes = [...Array(grouped.rank).keys()].filter((a) => a !== 0 && a !== groupAxis);
      const { mean, variance } = tf.moments(grouped, axes, true);
      const normed = tf.reshape(
        tf.mul(tf.sub(grouped, mean), tf.rsqrt(tf.add(variance, this.epsilon))),
        shape,
      );
      return tf.add(tf.mul(normed, gamma.read()), beta.read());
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), groups: this.groups, epsilon: this.epsilon };
  }
}
tf.serialization.registerClass(GroupNorm, 'Tensorloom');

/** The frequencies f_i = maxPeriod ^ (-i / half), from 1 down towards 1 / maxPeriod. */
function timestepFrequencies(dim: number, maxPeriod: number): number[] {
  const half = dim / 2;
  return Array.from({ length: half }, (_, i) => Math.exp((-Math.log(maxPeriod) * i) / half));
}

/**
 * Sinusoidal timestep embedding (Vaswani et al. 2017, Ho et al. 2020): a timestep t becomes
 * [sin(t f_0), ..., sin(t f_{h-1}), cos(t f_0), ..., cos(t f_{h-1})] with h = dim / 2, so nearby
 * timesteps get similar vectors. No weights: a Dense after it learns what to make of them.
 */
class TimestepEmbedding extends tf.layers.Layer {
  static className = 'TimestepEmbedding';
  readonly dim: number;
  readonly maxPeriod: number;

  constructor(args: LayerArgs & { dim: number; maxPeriod?: number }) {
    super(args);
    if (!Number.isInteger(args.dim) || args.dim < 2 || args.dim % 2 !== 0) {
      throw new Error(`TimestepEmbedding: dim must be an even whole number >= 2, got ${args.dim}`);
    }
    this.dim = args.dim;
    this.maxPeriod = args.maxPeriod ?? 10000;
  }

  override computeOutputShape(inputShape: LayerShape | LayerShape[]): LayerShape {
    return [onlyShape(inputShape)[0] ?? null, this.dim];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      // [b, 1] timesteps times [half] frequencies broadcast to [b, half] angles
      const t = tf.reshape(tf.cast(onlyTensor(inputs), 'float32'), [-1, 1]);
      const angles = tf.mul(t, tf.tensor1d(timestepFrequencies(this.dim, this.maxPeriod)));
      return tf.concat([tf.sin(angles), tf.cos(angles)], -1);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), dim: this.dim, maxPeriod: this.maxPeriod };
  }
}
tf.serialization.registerClass(TimestepEmbedding, 'Tensorloom');

/**
 * Dropout that draws a new mask on every training call, from a seed stream: fresh masks every
 * step (Philox masks, one seed each), and the same masks again for the same stream.
 * (tf.layers.dropout with a seed repeats one mask on every call; without one, runs cannot be
 * repeated.)
 */
class FreshMaskDropout extends tf.layers.Layer {
  static className = 'FreshMaskDropout';
  readonly rate: number;
  readonly seed: number | undefined;
  private readonly nextSeed: (() => number) | undefined;

  /**
   * `nextSeed`: the training's seed stream. Without it, `seed` starts an own stream (a model
   * loaded from disk); without either, masks come from tfjs's unseeded random.
   */
  constructor(args: LayerArgs & { rate: number; seed?: number; nextSeed?: () => number }) {
    super(args);
    if (!(args.rate >= 0 && args.rate < 1))
      throw new Error(`FreshMaskDropout: rate must be in [0, 1), got ${args.rate}`);
    this.rate = args.rate;
    this.seed = args.seed;
    const ownStream = args.seed === undefined ? undefined : new Random(args.seed);
    this.nextSeed = args.nextSeed ?? (ownStream && (() => ownStream.seed()));
  }

  override computeOutputShape(inputShape: LayerShape | LayerShape[]): LayerShape {
    return onlyShape(inputShape);
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor {
    const x = onlyTensor(inputs);
    if (kwargs['training'] !== true || this.rate === 0) return x;
    // keeps each value with probability 1 - rate and scales it by 1 / (1 - rate)
    const seed = this.nextSeed?.();
    if (seed === undefined) return tf.tidy(() => tf.dropout(x, this.rate));
    return philoxDropout(x, this.rate, seed);
  }

  override getConfig(): tf.serialization.ConfigDict {
    const config: tf.serialization.ConfigDict = { ...super.getConfig(), rate: this.rate };
    if (this.seed !== undefined) config['seed'] = this.seed;
    return config;
  }
}
tf.serialization.registerClass(FreshMaskDropout, 'Tensorloom');

/** The learned 1x1 projections of self-attention: dense over the channels of each pixel. */
type Projection = 'query' | 'key' | 'value' | 'output';

/**
 * Multi-head self-attention over the h*w positions of a feature map, with a residual add, as in
 * the attention blocks of the DDPM U-Net (Ho et al. 2020).
 */
class SelfAttention2D extends tf.layers.Layer {
  static className = 'SelfAttention2D';
  readonly heads: number;
  readonly seed: number | undefined;
  private projections: Record<
    Projection,
    { kernel: tf.LayerVariable; bias: tf.LayerVariable | null }
  > | null = null;

  constructor(args: LayerArgs & { heads: number; seed?: number }) {
    super(args);
    this.heads = args.heads;
    this.seed = args.seed;
  }

  override build(inputShape: LayerShape | LayerShape[]): void {
    const shape = onlyShape(inputShape);
    const channels = shape[3];
    if (shape.length !== 4 || typeof channels !== 'number' || channels % this.heads !== 0) {
      throw new Error(
        `SelfAttention2D: expects [batch, h, w, channels] with channels divisible by heads (${this.heads}), got [${shape.join(', ')}]`,
      );
    }
    // one Glorot seed per kernel, or all four would start out identical
    const projection = (role: Projection, k: number) => ({
      kernel: this.addWeight(
        `${role}_kernel`,
        [channels, channels],
        'float32',
        tf.initializers.glorotUniform(this.seed === undefined ? {} : { seed: this.seed + k }),
      ),
      // no key bias: softmax cancels it, so it would never learn
      bias:
        role === 'key'
          ? null
          : this.addWeight(`${role}_bias`, [channels], 'float32', tf.initializers.zeros()),
    });
    this.projections = {
      query: projection('query', 0),
      key: projection('key', 1),
      value: projection('value', 2),
      output: projection('output', 3),
    };
    this.built = true;
  }

  override computeOutputShape(inputShape: LayerShape | LayerShape[]): LayerShape {
    return onlyShape(inputShape);
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    const w = this.projections;
    if (!w) throw new Error('SelfAttention2D: call before build');
    return tf.tidy(() => {
      const x = onlyTensor(inputs);
      const [b = 0, h = 0, wd = 0, c = 0] = x.shape;
      const n = h * wd;
      const d = c / this.heads;
      const pixels = tf.reshape(x, [b * n, c]);
      const project = (t: tf.Tensor, role: Projection) => {
        const { kernel, bias } = w[role];
        const product = tf.matMul(t, kernel.read());
        return bias ? tf.add(product, bias.read()) : product;
      };
      // [b*n, c] → [b*heads, n, d]: each head attends within its own slice of the channels
      const splitHeads = (t: tf.Tensor) =>
        tf.reshape(tf.transpose(tf.reshape(t, [b, n, this.heads, d]), [0, 2, 1, 3]), [
          b * this.heads,
          n,
          d,
        ]);
      const q = splitHeads(project(pixels, 'query'));
      const k = splitHeads(project(pixels, 'key'));
      const v = splitHeads(project(pixels, 'value'));
      // scaled dot-product attention: [b*heads, n, n] weights, each row sums to 1
      const attention = tf.softmax(tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(d)));
      const mixed = tf.matMul(attention, v);
      const merged = tf.reshape(
        tf.transpose(tf.reshape(mixed, [b, this.heads, n, d]), [0, 2, 1, 3]),
        [b * n, c],
      );
      return tf.add(x, tf.reshape(project(merged, 'output'), [b, h, wd, c]));
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    const config: tf.serialization.ConfigDict = { ...super.getConfig(), heads: this.heads };
    if (this.seed !== undefined) config['seed'] = this.seed;
    return config;
  }
}
tf.serialization.registerClass(SelfAttention2D, 'Tensorloom');

// ── Models ───────────────────────────────────────────────────────────────────────────────────────

/**
 * The model "unet": x [batch, 28, 28, 1], t [batch, 1] → eps [batch, 28, 28, 1]. Layer names match
 * the app's, so weights saved by one load into the other. Dropout masks draw their seeds from
 * `rng`, the training stream.
 */
export function buildUnet(seed: number, rng: Random): tf.LayersModel {
  // each layer's initialiser seed derives from the training seed, the model and the node
  const seedOf = (node: string) => hashString(`${seed}/unet/${node}`);
  const x = tf.input({ shape: [28, 28, 1], name: 'unet__x' }); // [batch, 28, 28, 1]
  const t = tf.input({ shape: [1], name: 'unet__t' }); // [batch, 1]
  // [batch, 28, 28, 32]
  const convIn = tf.layers
    .conv2d({
      name: 'unet__conv_in',
      filters: 32,
      kernelSize: 3,
      strides: 1,
      padding: 'same',
      activation: 'linear',
      useBias: true,
      kernelInitializer: tf.initializers.glorotUniform({ seed: seedOf('conv_in') }),
    })
    .apply(x) as tf.SymbolicTensor;
  // [batch, 28, 28, 32]
  const down1Norm1 = new GroupNorm({
    name: 'unet__down1_norm1',
    groups: 8,
    epsilon: 0.00001,
  }).apply(convIn) as tf.SymbolicTensor;
  // [batch, 28, 28, 32]
  const down1SiLU1 = tf.layers
    .activation({ name: 'unet__down1_act1', activation: 'swish' })
    .apply(down1Norm1) as tf.SymbolicTensor;
  // [batch, 28, 28, 32]
  const down1Conv1 = tf.layers
    .conv2d({
      name: 'unet__down1_conv1',
      filters: 32,
      kernelSize: 3,
      strides: 1,
      padding: 'same',
      activation: 'linear',
      useBias: true,
      kernelInitializer: tf.initializers.glorotUniform({ seed: seedOf('down1_conv1') }),
    })
    .apply(down1SiLU1) as tf.SymbolicTensor;
  // [batch, 32]
  const timeSinusoids = new TimestepEmbedding({
    name: 'unet__time_embed',
    dim: 32,
    maxPeriod: 10000,
  }).apply(t) as tf.SymbolicTensor;
  // [batch, 128]
  const timeDense1 = tf.layers
    .dense({
      name: 'unet__time_dense1',
      units: 128,
      activation: 'linear',
      useBias: true,
      kernelInitializer: tf.initializers.glorotUniform({ seed: seedOf('time_dense1') }),
    })
    .apply(timeSinusoids) as tf.SymbolicTensor;
  // [batch, 128]
  const timeSiLU1 = tf.layers
    .activation({ name: 'unet__time_act1', activation: 'swish' })
    .apply(timeDense1) as tf.SymbolicTensor;
  // [batch, 128]
  const timeDense2 = tf.layers
    .dense({
      name: 'unet__time_dense2',
      units: 128,
      activation: 'linear',
      useBias: true,
      kernelInitializer: tf.initializers.glorotUniform({ seed: seedOf('time_dense2') }),
    })
    .apply(timeSiLU1) as tf.SymbolicTensor;
  // [batch, 128]
  const timeSiLU2 = tf.layers
    .activation({ name: 'unet__time_act2', activation: 'swish' })
    .apply(timeDense2) as tf.SymbolicTensor;
  // [batch, 32]
  const down1Time = tf.layers
    .dense({
      name: 'unet__down1_time',
      units: 32,
      activation: 'linear',
      useBias: true,
      kernelInitializer: tf.initializers.glorotUniform({ seed: seedOf('down1_time') }),
    })
    .apply(timeSiLU2) as tf.SymbolicTensor;
  // [batch, 1, 1, 32]
  const down1TimeMap = tf.layers
    .reshape({ name: 'unet__down1_time_map', targetShape: [1, 1, 32] })
    .apply(down1Time) as tf.SymbolicTensor;
  // [batch, 28, 28, 32]
  const down1AddTime = tf.layers
    .add({ name: 'unet__down1_add_time' })
    .apply([down1Conv1, down1TimeMap]) as tf.SymbolicTensor;
  // [batch, 28, 28, 32]
  const down1Norm2 = new GroupNorm({
    name: 'unet__down1_norm2',
    groups: 8,
    epsilon: 0.00001,
  }).apply(down1AddTime) as tf.SymbolicTensor;
  // [batch, 28, 28, 32]
  const down1SiLU2 = tf.layers
    .activation({ name: 'unet__down1_act2', activation: 'swish' })
    .apply(down1Norm2) as tf.SymbolicTensor;
  // [batch, 28, 28, 32]
  const down1Dropout = new FreshMaskDropout({
    name: 'unet__down1_dropout',
    rate: 0.1,
    seed: seedOf('down1_dropout'),
    nextSeed: () => rng.seed(),
  }).apply(down1SiLU2) as tf.SymbolicTensor;
  // [batch, 28, 28, 32]
  const down1Conv2 = tf.layers
    .conv2d({
      name: 'unet__down1_conv2',
      filters: 32,
      kernelSize: 3,
      strides: 1,
      padding: 'same',
      activation: 'linear',
      useBias: true,
      kernelInitializer: tf.initializers.glorotUniform({ seed: seedOf('down1_conv2') }),
    })
    .apply(down1Dropout) as tf.SymbolicTensor;
  // [batch, 28, 28, 32]
  const down1Out = tf.layers
    .add({ name: 'unet__down1_out' })
    .apply([down1Conv2, convIn]) as tf.SymbolicTensor;
  // [batch, 14, 14, 32]
  const down2Downsample = tf.layers
    .conv2d({
      name: 'unet__down2_downsample',
      filters: 32,
      kernelSize: 3,
      strides: 2,
      padding: 'same',
      activation: 'linear',
      useBias: true,
      kernelInitializer: tf.initializers.glorotUniform({ seed: seedOf('down2_downsample') }),
    })
    .apply(down1Out) as tf.SymbolicTensor;
  // [batch, 14, 14, 32]
  const down2Norm1 = new GroupNorm({
    name: 'unet__down2_norm1',
    groups: 8,
    epsilon: 0.00001,
  }).apply(down2Downsample) as tf.SymbolicTensor;
  // [batch, 14, 14, 32]
  const down2SiLU1 = tf.layers
    .activation({ name: 'unet__down2_act1', activation: 'swish' })
    .apply(down2Norm1) as tf.SymbolicTensor;
  // [batch, 14, 14, 64]
  const down2Conv1 = tf.layers
    .conv2d({
      name: 'unet__down2_conv1',
      filters: 64,
      kernelSize: 3,
      strides: 1,
      padding: 'same',
      activation: 'linear',
      useBias: true,
      kernelInitializer: tf.initializers.glorotUniform({ seed: seedOf('down2_conv1') }),
    })
    .apply(down2SiLU1) as tf.SymbolicTensor;
  // [batch, 64]
  const down2Time = tf.layers
    .dense({
      name: 'unet__down2_time',
      units: 64,
      activation: 'linear',
      useBias: true,
      kernelInitializer: tf.initializers.glorotUniform({ seed: seedOf('down2_time') }),
    })
    .apply(timeSiLU2) as tf.SymbolicTensor;
  // [batch, 1, 1, 64]
  const down2TimeMap = tf.layers
    .reshape({ name: 'unet__down2_time_map', targetShape: [1, 1, 64] })
    .apply(down2Time) as tf.SymbolicTensor;
  // [batch, 14, 14, 64]
  const down2AddTime = tf.layers
    .add({ name: 'unet__down2_add_time' })
    .apply([down2Conv1, down2TimeMap]) as tf.SymbolicTensor;
  // [batch, 14, 14, 64]
  const down2Norm2 = new GroupNorm({
    name: 'unet__down2_norm2',
    groups: 8,
    epsilon: 0.00001,
  }).apply(down2AddTime) as tf.SymbolicTensor;
  // [batch, 14, 14, 64]
  const down2SiLU2 = tf.layers
    .activation({ name: 'unet__down2_act2', activation: 'swish' })
    .apply(down2Norm2) as tf.SymbolicTensor;
  // [batch, 14, 14, 64]
  const down2Dropout = new FreshMaskDropout({
    name: 'unet__down2_dropout',
    rate: 0.1,
    seed: seedOf('down2_dropout'),
    nextSeed: () => rng.seed(),
  }).apply(down2SiLU2) as tf.SymbolicTensor;
  // [batch, 14, 14, 64]
  const down2Conv2 = tf.layers
    .conv2d({
      name: 'unet__down2_conv2',
      filters: 64,
      kernelSize: 3,
      strides: 1,
      padding: 'same',
      activation: 'linear',
      useBias: true,
      kernelInitializer: tf.initializers.glorotUniform({ seed: seedOf('down2_conv2') }),
    })
    .apply(down2Dropout) as tf.SymbolicTensor;
  // [batch, 14, 14, 64]
  const down2Skip1x1 = tf.layers
    .conv2d({
      name: 'unet__down2_skip',
      filters: 64,
      kernelSize: 1,
      strides: 1,
      padding: 'same',
      activation: 'linear',
      useBias: true,
      kernelInitializer: tf.initializers.glorotUniform({ seed: seedOf('down2_skip') }),
    })
    .apply(down2Downsample) as tf.SymbolicTensor;
  // [batch, 14, 14, 64]
  const down2Out = tf.layers
    .add({ name: 'unet__down2_out' })
    .apply([down2Conv2, down2Skip1x1]) as tf.SymbolicTensor;
  // [batch, 7, 7, 64]
  const down3Downsample = tf.layers
    .conv2d({
      name: 'unet__down3_downsample',
      filters: 64,
      kernelSize: 3,
      strides: 2,
      padding: 'same',
      activation: 'linear',
      useBias: true,
      kernelInitializer: tf.initializers.glorotUniform({ seed: seedOf('down3_downsample') }),
    })
    .apply(down2Out) as tf.SymbolicTensor;
  // [batch, 7, 7, 64]
  const down3Norm1 = new GroupNorm({
    name: 'unet__down3_norm1',
    groups: 8,
    epsilon: 0.00001,
  }).apply(down3Downsample) as tf.SymbolicTensor;
  // [batch, 7, 7, 64]
  const down3SiLU1 = tf.layers
    .activation({ name: 'unet__down3_act1', activation: 'swish' })
    .apply(down3Norm1) as tf.SymbolicTensor;
  // [batch, 7, 7, 64]
  const down3Conv1 = tf.layers
    .conv2d({
      name: 'unet__down3_conv1',
      filters: 64,
      kernelSize: 3,
      strides: 1,
      padding: 'same',
      activation: 'linear',
      useBias: true,
      kernelInitializer: tf.initializers.glorotUniform({ seed: seedOf('down3_conv1') }),
    })
    .apply(down3SiLU1) as tf.SymbolicTensor;
  // [batch, 64]
  const down3Time = tf.layers
    .dense({
      name: 'unet__down3_time',
      units: 64,
      activation: 'linear',
      useBias: true,
      kernelInitializer: tf.initializers.glorotUniform({ seed: seedOf('down3_time') }),
    })
    .apply(timeSiLU2) as tf.SymbolicTensor;
  // [batch, 1, 1, 64]
  const down3TimeMap = tf.layers
    .reshape({ name: 'unet__down3_time_map', targetShape: [1, 1, 64] })
    .apply(down3Time) as tf.SymbolicTensor;
  // [batch, 7, 7, 64]
  const down3AddTime = tf.layers
    .add({ name: 'unet__down3_add_time' })
    .apply([down3Conv1, down3TimeMap]) as tf.SymbolicTensor;
  // [batch, 7, 7, 64]
  const down3Norm2 = new GroupNorm({
    name: 'unet__down3_norm2',
    groups: 8,
    epsilon: 0.00001,
  }).apply(down3AddTime) as tf.SymbolicTensor;
  // [batch, 7, 7, 64]
  const down3SiLU2 = tf.layers
    .activation({ name: 'unet__down3_act2', activation: 'swish' })
    .apply(down3Norm2) as tf.SymbolicTensor;
  // [batch, 7, 7, 64]
  const down3Dropout = new FreshMaskDropout({
    name: 'unet__down3_dropout',
    rate: 0.1,
    seed: seedOf('down3_dropout'),
    nextSeed: () => rng.seed(),
  }).apply(down3SiLU2) as tf.SymbolicTensor;
  // [batch, 7, 7, 64]
  const down3Conv2 = tf.layers
    .conv2d({
      name: 'unet__down3_conv2',
      filters: 64,
      kernelSize: 3,
      strides: 1,
      padding: 'same',
      activation: 'linear',
      useBias: true,
      kernelInitializer: tf.initializers.glorotUniform({ seed: seedOf('down3_conv2') }),
    })
    .apply(down3Dropout) as tf.SymbolicTensor;
  // [batch, 7, 7, 64]
  const down3Out = tf.layers
    .add({ name: 'unet__down3_out' })
    .apply([down3Conv2, down3Downsample]) as tf.SymbolicTensor;
  // [batch, 7, 7, 64]
  const down3AttnNorm = new GroupNorm({
    name: 'unet__down3_attn_norm',
    groups: 8,
    epsilon: 0.00001,
  }).apply(down3Out) as tf.SymbolicTensor;
  // [batch, 7, 7, 64]
  const down3Attention = new SelfAttention2D({
    name: 'unet__down3_attn',
    heads: 1,
    seed: seedOf('down3_attn'),
  }).apply(down3AttnNorm) as tf.SymbolicTensor;
  // [batch, 7, 7, 64]
  const mid1Norm1 = new GroupNorm({ name: 'unet__mid1_norm1', groups: 8, epsilon: 0.00001 }).apply(
    down3Attention,
  ) as tf.SymbolicTensor;
  // [batch, 7, 7, 64]
  const mid1SiLU1 = tf.layers
    .activation({ name: 'unet__mid1_act1', activation: 'swish' })
    .apply(mid1Norm1) as tf.SymbolicTensor;
  // [batch, 7, 7, 64]
  const mid1Conv1 = tf.layers
    .conv2d({
      name: 'unet__mid1_conv1',
      filters: 64,
      kernelSize: 3,
      strides: 1,
      padding: 'same',
      activation: 'linear',
      useBias: true,
      kernelInitializer: tf.initializers.glorotUniform({ seed: seedOf('mid1_conv1') }),
    })
    .apply(mid1SiLU1) as tf.SymbolicTensor;
  // [batch, 64]
  const mid1Time = tf.layers
    .dense({
      name: 'unet__mid1_time',
      units: 64,
      activation: 'linear',
      useBias: true,
      kernelInitializer: tf.initializers.glorotUniform({ seed: seedOf('mid1_time') }),
    })
    .apply(timeSiLU2) as tf.SymbolicTensor;
  // [batch, 1, 1, 64]
  const mid1TimeMap = tf.layers
    .reshape({ name: 'unet__mid1_time_map', targetShape: [1, 1, 64] })
    .apply(mid1Time) as tf.SymbolicTensor;
  // [batch, 7, 7, 64]
  const mid1AddTime = tf.layers
    .add({ name: 'unet__mid1_add_time' })
    .apply([mid1Conv1, mid1TimeMap]) as tf.SymbolicTensor;
  // [batch, 7, 7, 64]
  const mid1Norm2 = new GroupNorm({ name: 'unet__mid1_norm2', groups: 8, epsilon: 0.00001 }).apply(
    mid1AddTime,
  ) as tf.SymbolicTensor;
  // [batch, 7, 7, 64]
  const mid1SiLU2 = tf.layers
    .activation({ name: 'unet__mid1_act2', activation: 'swish' })
    .apply(mid1Norm2) as tf.SymbolicTensor;
  // [batch, 7, 7, 64]
  const mid1Dropout = new FreshMaskDropout({
    name: 'unet__mid1_dropout',
    rate: 0.1,
    seed: seedOf('mid1_dropout'),
    nextSeed: () => rng.seed(),
  }).apply(mid1SiLU2) as tf.SymbolicTensor;
  // [batch, 7, 7, 64]
  const mid1Conv2 = tf.layers
    .conv2d({
      name: 'unet__mid1_conv2',
      filters: 64,
      kernelSize: 3,
      strides: 1,
      padding: 'same',
      activation: 'linear',
      useBias: true,
      kernelInitializer: tf.initializers.glorotUniform({ seed: seedOf('mid1_conv2') }),
    })
    .apply(mid1Dropout) as tf.SymbolicTensor;
  // [batch, 7, 7, 64]
  const mid1Out = tf.layers
    .add({ name: 'unet__mid1_out' })
    .apply([mid1Conv2, down3Attention]) as tf.SymbolicTensor;
  // [batch, 7, 7, 64]
  const midAttnNorm = new GroupNorm({
    name: 'unet__mid_attn_norm',
    groups: 8,
    epsilon: 0.00001,
  }).apply(mid1Out) as tf.SymbolicTensor;
  // [batch, 7, 7, 64]
  const midAttention = new SelfAttention2D({
    name: 'unet__mid_attn',
    heads: 1,
    seed: seedOf('mid_attn'),
  }).apply(midAttnNorm) as tf.SymbolicTensor;
  // [batch, 7, 7, 64]
  const mid2Norm1 = new GroupNorm({ name: 'unet__mid2_norm1', groups: 8, epsilon: 0.00001 }).apply(
    midAttention,
  ) as tf.SymbolicTensor;
  // [batch, 7, 7, 64]
  const mid2SiLU1 = tf.layers
    .activation({ name: 'unet__mid2_act1', activation: 'swish' })
    .apply(mid2Norm1) as tf.SymbolicTensor;
  // [batch, 7, 7, 64]
  const mid2Conv1 = tf.layers
    .conv2d({
      name: 'unet__mid2_conv1',
      filters: 64,
      kernelSize: 3,
      strides: 1,
      padding: 'same',
      activation: 'linear',
      useBias: true,
      kernelInitializer: tf.initializers.glorotUniform({ seed: seedOf('mid2_conv1') }),
    })
    .apply(mid2SiLU1) as tf.SymbolicTensor;
  // [batch, 64]
  const mid2Time = tf.layers
    .dense({
      name: 'unet__mid2_time',
      units: 64,
      activation: 'linear',
      useBias: true,
      kernelInitializer: tf.initializers.glorotUniform({ seed: seedOf('mid2_time') }),
    })
    .apply(timeSiLU2) as tf.SymbolicTensor;
  // [batch, 1, 1, 64]
  const mid2TimeMap = tf.layers
    .reshape({ name: 'unet__mid2_time_map', targetShape: [1, 1, 64] })
    .apply(mid2Time) as tf.SymbolicTensor;
  // [batch, 7, 7, 64]
  const mid2AddTime = tf.layers
    .add({ name: 'unet__mid2_add_time' })
    .apply([mid2Conv1, mid2TimeMap]) as tf.SymbolicTensor;
  // [batch, 7, 7, 64]
  const mid2Norm2 = new GroupNorm({ name: 'unet__mid2_norm2', groups: 8, epsilon: 0.00001 }).apply(
    mid2AddTime,
  ) as tf.SymbolicTensor;
  // [batch, 7, 7, 64]
  const mid2SiLU2 = tf.layers
    .activation({ name: 'unet__mid2_act2', activation: 'swish' })
    .apply(mid2Norm2) as tf.SymbolicTensor;
  // [batch, 7, 7, 64]
  const mid2Dropout = new FreshMaskDropout({
    name: 'unet__mid2_dropout',
    rate: 0.1,
    seed: seedOf('mid2_dropout'),
    nextSeed: () => rng.seed(),
  }).apply(mid2SiLU2) as tf.SymbolicTensor;
  // [batch, 7, 7, 64]
  const mid2Conv2 = tf.layers
    .conv2d({
      name: 'unet__mid2_conv2',
      filters: 64,
      kernelSize: 3,
      strides: 1,
      padding: 'same',
      activation: 'linear',
      useBias: true,
      kernelInitializer: tf.initializers.glorotUniform({ seed: seedOf('mid2_conv2') }),
    })
    .apply(mid2Dropout) as tf.SymbolicTensor;
  // [batch, 7, 7, 64]
  const mid2Out = tf.layers
    .add({ name: 'unet__mid2_out' })
    .apply([mid2Conv2, midAttention]) as tf.SymbolicTensor;
  // [batch, 7, 7, 128]
  const up3Concat = tf.layers
    .concatenate({ name: 'unet__up3_concat', axis: -1 })
    .apply([mid2Out, down3Attention]) as tf.SymbolicTensor;
  // [batch, 7, 7, 128]
  const up3Norm1 = new GroupNorm({ name: 'unet__up3_norm1', groups: 8, epsilon: 0.00001 }).apply(
    up3Concat,
  ) as tf.SymbolicTensor;
  // [batch, 7, 7, 128]
  const up3SiLU1 = tf.layers
    .activation({ name: 'unet__up3_act1', activation: 'swish' })
    .apply(up3Norm1) as tf.SymbolicTensor;
  // [batch, 7, 7, 64]
  const up3Conv1 = tf.layers
    .conv2d({
      name: 'unet__up3_conv1',
      filters: 64,
      kernelSize: 3,
      strides: 1,
      padding: 'same',
      activation: 'linear',
      useBias: true,
      kernelInitializer: tf.initializers.glorotUniform({ seed: seedOf('up3_conv1') }),
    })
    .apply(up3SiLU1) as tf.SymbolicTensor;
  // [batch, 64]
  const up3Time = tf.layers
    .dense({
      name: 'unet__up3_time',
      units: 64,
      activation: 'linear',
      useBias: true,
      kernelInitializer: tf.initializers.glorotUniform({ seed: seedOf('up3_time') }),
    })
    .apply(timeSiLU2) as tf.SymbolicTensor;
  // [batch, 1, 1, 64]
  const up3TimeMap = tf.layers
    .reshape({ name: 'unet__up3_time_map', targetShape: [1, 1, 64] })
    .apply(up3Time) as tf.SymbolicTensor;
  // [batch, 7, 7, 64]
  const up3AddTime = tf.layers
    .add({ name: 'unet__up3_add_time' })
    .apply([up3Conv1, up3TimeMap]) as tf.SymbolicTensor;
  // [batch, 7, 7, 64]
  const up3Norm2 = new GroupNorm({ name: 'unet__up3_norm2', groups: 8, epsilon: 0.00001 }).apply(
    up3AddTime,
  ) as tf.SymbolicTensor;
  // [batch, 7, 7, 64]
  const up3SiLU2 = tf.layers
    .activation({ name: 'unet__up3_act2', activation: 'swish' })
    .apply(up3Norm2) as tf.SymbolicTensor;
  // [batch, 7, 7, 64]
  const up3Dropout = new FreshMaskDropout({
    name: 'unet__up3_dropout',
    rate: 0.1,
    seed: seedOf('up3_dropout'),
    nextSeed: () => rng.seed(),
  }).apply(up3SiLU2) as tf.SymbolicTensor;
  // [batch, 7, 7, 64]
  const up3Conv2 = tf.layers
    .conv2d({
      name: 'unet__up3_conv2',
      filters: 64,
      kernelSize: 3,
      strides: 1,
      padding: 'same',
      activation: 'linear',
      useBias: true,
      kernelInitializer: tf.initializers.glorotUniform({ seed: seedOf('up3_conv2') }),
    })
    .apply(up3Dropout) as tf.SymbolicTensor;
  // [batch, 7, 7, 64]
  const up3Skip1x1 = tf.layers
    .conv2d({
      name: 'unet__up3_skip',
      filters: 64,
      kernelSize: 1,
      strides: 1,
      padding: 'same',
      activation: 'linear',
      useBias: true,
      kernelInitializer: tf.initializers.glorotUniform({ seed: seedOf('up3_skip') }),
    })
    .apply(up3Concat) as tf.SymbolicTensor;
  // [batch, 7, 7, 64]
  const up3Out = tf.layers
    .add({ name: 'unet__up3_out' })
    .apply([up3Conv2, up3Skip1x1]) as tf.SymbolicTensor;
  // [batch, 7, 7, 64]
  const up3AttnNorm = new GroupNorm({
    name: 'unet__up3_attn_norm',
    groups: 8,
    epsilon: 0.00001,
  }).apply(up3Out) as tf.SymbolicTensor;
  // [batch, 7, 7, 64]
  const up3Attention = new SelfAttention2D({
    name: 'unet__up3_attn',
    heads: 1,
    seed: seedOf('up3_attn'),
  }).apply(up3AttnNorm) as tf.SymbolicTensor;
  // [batch, 14, 14, 64]
  const up2Upsample = tf.layers
    .upSampling2d({ name: 'unet__up2_upsample', size: [2, 2], interpolation: 'nearest' })
    .apply(up3Attention) as tf.SymbolicTensor;
  // [batch, 14, 14, 64]
  const up2Conv = tf.layers
    .conv2d({
      name: 'unet__up2_upconv',
      filters: 64,
      kernelSize: 3,
      strides: 1,
      padding: 'same',
      activation: 'linear',
      useBias: true,
      kernelInitializer: tf.initializers.glorotUniform({ seed: seedOf('up2_upconv') }),
    })
    .apply(up2Upsample) as tf.SymbolicTensor;
  // [batch, 14, 14, 128]
  const up2Concat = tf.layers
    .concatenate({ name: 'unet__up2_concat', axis: -1 })
    .apply([up2Conv, down2Out]) as tf.SymbolicTensor;
  // [batch, 14, 14, 128]
  const up2Norm1 = new GroupNorm({ name: 'unet__up2_norm1', groups: 8, epsilon: 0.00001 }).apply(
    up2Concat,
  ) as tf.SymbolicTensor;
  // [batch, 14, 14, 128]
  const up2SiLU1 = tf.layers
    .activation({ name: 'unet__up2_act1', activation: 'swish' })
    .apply(up2Norm1) as tf.SymbolicTensor;
  // [batch, 14, 14, 64]
  const up2Conv1 = tf.layers
    .conv2d({
      name: 'unet__up2_conv1',
      filters: 64,
      kernelSize: 3,
      strides: 1,
      padding: 'same',
      activation: 'linear',
      useBias: true,
      kernelInitializer: tf.initializers.glorotUniform({ seed: seedOf('up2_conv1') }),
    })
    .apply(up2SiLU1) as tf.SymbolicTensor;
  // [batch, 64]
  const up2Time = tf.layers
    .dense({
      name: 'unet__up2_time',
      units: 64,
      activation: 'linear',
      useBias: true,
      kernelInitializer: tf.initializers.glorotUniform({ seed: seedOf('up2_time') }),
    })
    .apply(timeSiLU2) as tf.SymbolicTensor;
  // [batch, 1, 1, 64]
  const up2TimeMap = tf.layers
    .reshape({ name: 'unet__up2_time_map', targetShape: [1, 1, 64] })
    .apply(up2Time) as tf.SymbolicTensor;
  // [batch, 14, 14, 64]
  const up2AddTime = tf.layers
    .add({ name: 'unet__up2_add_time' })
    .apply([up2Conv1, up2TimeMap]) as tf.SymbolicTensor;
  // [batch, 14, 14, 64]
  const up2Norm2 = new GroupNorm({ name: 'unet__up2_norm2', groups: 8, epsilon: 0.00001 }).apply(
    up2AddTime,
  ) as tf.SymbolicTensor;
  // [batch, 14, 14, 64]
  const up2SiLU2 = tf.layers
    .activation({ name: 'unet__up2_act2', activation: 'swish' })
    .apply(up2Norm2) as tf.SymbolicTensor;
  // [batch, 14, 14, 64]
  const up2Dropout = new FreshMaskDropout({
    name: 'unet__up2_dropout',
    rate: 0.1,
    seed: seedOf('up2_dropout'),
    nextSeed: () => rng.seed(),
  }).apply(up2SiLU2) as tf.SymbolicTensor;
  // [batch, 14, 14, 64]
  const up2Conv2 = tf.layers
    .conv2d({
      name: 'unet__up2_conv2',
      filters: 64,
      kernelSize: 3,
      strides: 1,
      padding: 'same',
      activation: 'linear',
      useBias: true,
      kernelInitializer: tf.initializers.glorotUniform({ seed: seedOf('up2_conv2') }),
    })
    .apply(up2Dropout) as tf.SymbolicTensor;
  // [batch, 14, 14, 64]
  const up2Skip1x1 = tf.layers
    .conv2d({
      name: 'unet__up2_skip',
      filters: 64,
      kernelSize: 1,
      strides: 1,
      padding: 'same',
      activation: 'linear',
      useBias: true,
      kernelInitializer: tf.initializers.glorotUniform({ seed: seedOf('up2_skip') }),
    })
    .apply(up2Concat) as tf.SymbolicTensor;
  // [batch, 14, 14, 64]
  const up2Out = tf.layers
    .add({ name: 'unet__up2_out' })
    .apply([up2Conv2, up2Skip1x1]) as tf.SymbolicTensor;
  // [batch, 28, 28, 64]
  const up1Upsample = tf.layers
    .upSampling2d({ name: 'unet__up1_upsample', size: [2, 2], interpolation: 'nearest' })
    .apply(up2Out) as tf.SymbolicTensor;
  // [batch, 28, 28, 64]
  const up1Conv = tf.layers
    .conv2d({
      name: 'unet__up1_upconv',
      filters: 64,
      kernelSize: 3,
      strides: 1,
      padding: 'same',
      activation: 'linear',
      useBias: true,
      kernelInitializer: tf.initializers.glorotUniform({ seed: seedOf('up1_upconv') }),
    })
    .apply(up1Upsample) as tf.SymbolicTensor;
  // [batch, 28, 28, 96]
  const up1Concat = tf.layers
    .concatenate({ name: 'unet__up1_concat', axis: -1 })
    .apply([up1Conv, down1Out]) as tf.SymbolicTensor;
  // [batch, 28, 28, 96]
  const up1Norm1 = new GroupNorm({ name: 'unet__up1_norm1', groups: 8, epsilon: 0.00001 }).apply(
    up1Concat,
  ) as tf.SymbolicTensor;
  // [batch, 28, 28, 96]
  const up1SiLU1 = tf.layers
    .activation({ name: 'unet__up1_act1', activation: 'swish' })
    .apply(up1Norm1) as tf.SymbolicTensor;
  // [batch, 28, 28, 32]
  const up1Conv1 = tf.layers
    .conv2d({
      name: 'unet__up1_conv1',
      filters: 32,
      kernelSize: 3,
      strides: 1,
      padding: 'same',
      activation: 'linear',
      useBias: true,
      kernelInitializer: tf.initializers.glorotUniform({ seed: seedOf('up1_conv1') }),
    })
    .apply(up1SiLU1) as tf.SymbolicTensor;
  // [batch, 32]
  const up1Time = tf.layers
    .dense({
      name: 'unet__up1_time',
      units: 32,
      activation: 'linear',
      useBias: true,
      kernelInitializer: tf.initializers.glorotUniform({ seed: seedOf('up1_time') }),
    })
    .apply(timeSiLU2) as tf.SymbolicTensor;
  // [batch, 1, 1, 32]
  const up1TimeMap = tf.layers
    .reshape({ name: 'unet__up1_time_map', targetShape: [1, 1, 32] })
    .apply(up1Time) as tf.SymbolicTensor;
  // [batch, 28, 28, 32]
  const up1AddTime = tf.layers
    .add({ name: 'unet__up1_add_time' })
    .apply([up1Conv1, up1TimeMap]) as tf.SymbolicTensor;
  // [batch, 28, 28, 32]
  const up1Norm2 = new GroupNorm({ name: 'unet__up1_norm2', groups: 8, epsilon: 0.00001 }).apply(
    up1AddTime,
  ) as tf.SymbolicTensor;
  // [batch, 28, 28, 32]
  const up1SiLU2 = tf.layers
    .activation({ name: 'unet__up1_act2', activation: 'swish' })
    .apply(up1Norm2) as tf.SymbolicTensor;
  // [batch, 28, 28, 32]
  const up1Dropout = new FreshMaskDropout({
    name: 'unet__up1_dropout',
    rate: 0.1,
    seed: seedOf('up1_dropout'),
    nextSeed: () => rng.seed(),
  }).apply(up1SiLU2) as tf.SymbolicTensor;
  // [batch, 28, 28, 32]
  const up1Conv2 = tf.layers
    .conv2d({
      name: 'unet__up1_conv2',
      filters: 32,
      kernelSize: 3,
      strides: 1,
      padding: 'same',
      activation: 'linear',
      useBias: true,
      kernelInitializer: tf.initializers.glorotUniform({ seed: seedOf('up1_conv2') }),
    })
    .apply(up1Dropout) as tf.SymbolicTensor;
  // [batch, 28, 28, 32]
  const up1Skip1x1 = tf.layers
    .conv2d({
      name: 'unet__up1_skip',
      filters: 32,
      kernelSize: 1,
      strides: 1,
      padding: 'same',
      activation: 'linear',
      useBias: true,
      kernelInitializer: tf.initializers.glorotUniform({ seed: seedOf('up1_skip') }),
    })
    .apply(up1Concat) as tf.SymbolicTensor;
  // [batch, 28, 28, 32]
  const up1Out = tf.layers
    .add({ name: 'unet__up1_out' })
    .apply([up1Conv2, up1Skip1x1]) as tf.SymbolicTensor;
  // [batch, 28, 28, 32]
  const outNorm = new GroupNorm({ name: 'unet__out_norm', groups: 8, epsilon: 0.00001 }).apply(
    up1Out,
  ) as tf.SymbolicTensor;
  // [batch, 28, 28, 32]
  const outSiLU = tf.layers
    .activation({ name: 'unet__out_act', activation: 'swish' })
    .apply(outNorm) as tf.SymbolicTensor;
  // [batch, 28, 28, 1]
  const outConv = tf.layers
    .conv2d({
      name: 'unet__out_conv',
      filters: 1,
      kernelSize: 3,
      strides: 1,
      padding: 'same',
      activation: 'linear',
      useBias: true,
      kernelInitializer: tf.initializers.glorotUniform({ seed: seedOf('out_conv') }),
    })
    .apply(outSiLU) as tf.SymbolicTensor;
  return tf.model({ inputs: [x, t], outputs: [outConv], name: 'unet' });
}

// ── Data ─────────────────────────────────────────────────────────────────────────────────────────

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
 * Where the images of a data node come from: `size` images of a split, scaled to `range`, with
 * one-hot labels, drawn with `rng`. `imagesInMemory` draws exactly as Tensorloom does.
 */
export interface ImageSource {
  batch(
    split: 'train' | 'test',
    size: number,
    range: PixelRange,
    rng: Random,
  ): { x: tf.Tensor4D; label: tf.Tensor2D };
}

/**
 * `size` distinct sample indices drawn uniformly (a batch never shows one image twice; repeats
 * only when the dataset is smaller than the batch).
 */
function drawIndices(rng: Random, count: number, size: number): number[] {
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

/** An ImageSource over images in memory (e.g. MNIST read from its IDX files). */
export function imagesInMemory(
  splits: { train?: ImageSet; test?: ImageSet },
  classes = 10,
): ImageSource {
  // uint8 → float lookup tables, one per pixel range
  const scaled: Record<PixelRange, Float32Array> = {
    '[-1,1]': Float32Array.from({ length: 256 }, (_, v) => v / 127.5 - 1),
    '[0,1]': Float32Array.from({ length: 256 }, (_, v) => v / 255),
  };
  return {
    batch(split, size, range, rng) {
      const set = splits[split];
      if (!set) throw new Error(`no ${split} images were given`);
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

// ── Samplers ─────────────────────────────────────────────────────────────────────────────────────

/**
 * A diffusion noise schedule: tables of length T indexed by timestep t = 0..T-1 (the papers'
 * t = 1..T). Names follow Ho et al. 2020; abar_t is the product of (1 − beta) up to t.
 */
interface DiffusionSchedule {
  T: number;
  alphasCumprod: Float64Array;
  /** q_sample: x_t = sqrt(abar_t) x0 + sqrt(1 − abar_t) eps */
  sqrtAlphasCumprod: Float64Array;
  sqrtOneMinusAlphasCumprod: Float64Array;
  /** x0 from x_t and eps: x0 = sqrt(1 / abar_t) x_t − sqrt(1 / abar_t − 1) eps */
  sqrtRecipAlphasCumprod: Float64Array;
  sqrtRecipm1AlphasCumprod: Float64Array;
  /** q(x_{t−1} | x_t, x0): mean coef1 x0 + coef2 x_t, variance beta tilde_t */
  posteriorMeanCoef1: Float64Array;
  posteriorMeanCoef2: Float64Array;
  posteriorVariance: Float64Array;
}

/**
 * "linear": betas from betaStart to betaEnd (Ho et al. 2020). "cosine": abar follows a squared
 * cosine, betas clipped at 0.999 (Nichol & Dhariwal 2021).
 */
function diffusionSchedule(
  o:
    | { T: number; schedule: 'cosine' }
    | { T: number; schedule: 'linear'; betaStart: number; betaEnd: number },
): DiffusionSchedule {
  const { T } = o;
  const f = (t: number) => Math.cos(((t / T + 0.008) / (1 + 0.008)) * (Math.PI / 2)) ** 2;
  const betaAt = (t: number): number => {
    if (o.schedule === 'cosine') return Math.min(1 - f(t + 1) / f(t), 0.999);
    return T === 1 ? o.betaStart : o.betaStart + ((o.betaEnd - o.betaStart) * t) / (T - 1);
  };
  const table = () => new Float64Array(T);
  const s: DiffusionSchedule = {
    T,
    alphasCumprod: table(),
    sqrtAlphasCumprod: table(),
    sqrtOneMinusAlphasCumprod: table(),
    sqrtRecipAlphasCumprod: table(),
    sqrtRecipm1AlphasCumprod: table(),
    posteriorMeanCoef1: table(),
    posteriorMeanCoef2: table(),
    posteriorVariance: table(),
  };
  let abar = 1;
  for (let t = 0; t < T; t++) {
    const beta = betaAt(t);
    const alpha = 1 - beta;
    const abarPrev = abar;
    abar *= alpha;
    s.alphasCumprod[t] = abar;
    s.sqrtAlphasCumprod[t] = Math.sqrt(abar);
    s.sqrtOneMinusAlphasCumprod[t] = Math.sqrt(1 - abar);
    s.sqrtRecipAlphasCumprod[t] = Math.sqrt(1 / abar);
    s.sqrtRecipm1AlphasCumprod[t] = Math.sqrt(1 / abar - 1);
    s.posteriorVariance[t] = (beta * (1 - abarPrev)) / (1 - abar);
    s.posteriorMeanCoef1[t] = (beta * Math.sqrt(abarPrev)) / (1 - abar);
    s.posteriorMeanCoef2[t] = ((1 - abarPrev) * Math.sqrt(alpha)) / (1 - abar);
  }
  return s;
}

/**
 * q_sample: picks a timestep t per image, uniform on 0..T-1, and noises the clean images to
 * x_t = sqrt(abar_t) x0 + sqrt(1 − abar_t) eps. The network learns to predict eps from x_t and t.
 * Two draws, one seed each: the timesteps, then the noise.
 */
function diffusionNoising(
  x0: tf.Tensor,
  s: DiffusionSchedule,
  rng: Random,
): { xt: tf.Tensor; t: tf.Tensor; eps: tf.Tensor } {
  const b = x0.shape[0] ?? 1;
  const ts = philoxInts(b, s.T, rng.seed());
  const perSample = [b, ...x0.shape.slice(1).map(() => 1)];
  const a = tf.tensor(
    ts.map((t) => s.sqrtAlphasCumprod[t] ?? 0),
    perSample,
    'float32',
  );
  const c = tf.tensor(
    ts.map((t) => s.sqrtOneMinusAlphasCumprod[t] ?? 0),
    perSample,
    'float32',
  );
  const eps = philoxNormal(x0.shape, rng.seed());
  return { xt: tf.add(tf.mul(x0, a), tf.mul(eps, c)), t: tf.tensor2d(ts, [b, 1], 'float32'), eps };
}

/** eps_theta(x_t, t): the model's estimate of the noise in a batch at one timestep t. */
function predictNoise(net: tf.LayersModel, x: tf.Tensor, t: number): tf.Tensor {
  const y = net.apply([x, tf.fill([x.shape[0] ?? 1, 1], t)], { training: false });
  const eps = Array.isArray(y) ? y[0] : y;
  if (!(eps instanceof tf.Tensor)) throw new Error('the model gave no noise estimate');
  return eps;
}

/** The shape of one image the model denoises, read off its first input. */
function imageShapeOf(net: tf.LayersModel): number[] {
  return (net.inputs[0]?.shape.slice(1) ?? []).map((d) => d ?? 1);
}

/**
 * DDIM sampling (Song et al. 2020, eq. 12): visits `steps` evenly spaced timesteps of the T, each
 * time estimating the clean image and jumping to the next visited step; eta = 0 adds no noise.
 */
function ddimSample(
  net: tf.LayersModel,
  s: DiffusionSchedule,
  o: { batchSize: number; steps: number; eta: number; clipDenoised: boolean },
  rng: Random,
): tf.Tensor {
  const ts = Array.from({ length: o.steps }, (_, i) => Math.floor((i * s.T) / o.steps));
  let x: tf.Tensor = philoxNormal([o.batchSize, ...imageShapeOf(net)], rng.seed());
  for (let i = ts.length - 1; i >= 0; i--) {
    const t = ts[i] ?? 0;
    const toX0 = { a: s.sqrtRecipAlphasCumprod[t]!, b: s.sqrtRecipm1AlphasCumprod[t]! };
    const noised = { a: s.sqrtAlphasCumprod[t]!, b: s.sqrtOneMinusAlphasCumprod[t]! };
    const abar = s.alphasCumprod[t]!;
    const abarPrev = i > 0 ? s.alphasCumprod[ts[i - 1] ?? 0]! : 1;
    const sigma = o.eta * Math.sqrt((1 - abarPrev) / (1 - abar)) * Math.sqrt(1 - abar / abarPrev);
    const toPrev = {
      x0: Math.sqrt(abarPrev),
      eps: Math.sqrt(Math.max(0, 1 - abarPrev - sigma * sigma)),
    };
    const seed = sigma > 0 ? rng.seed() : 0;
    const xt = x;
    x = tf.tidy(() => {
      let eps = predictNoise(net, xt, t);
      let x0 = tf.sub(tf.mul(xt, toX0.a), tf.mul(eps, toX0.b));
      if (o.clipDenoised) {
        x0 = tf.clipByValue(x0, -1, 1);
        // keep eps consistent with the clipped x0, so the step stays on the line through x_t and x0
        eps = tf.div(tf.sub(xt, tf.mul(x0, noised.a)), noised.b);
      }
      const prev = tf.add(tf.mul(x0, toPrev.x0), tf.mul(eps, toPrev.eps));
      return sigma > 0 ? tf.add(prev, philoxNormal(xt.shape, seed, 0, sigma)) : prev;
    });
    xt.dispose();
  }
  return x;
}

/**
 * DDPM ancestral sampling (Ho et al. 2020): from pure noise, T steps from t = T − 1 down to 0, each
 * moving x_t to the posterior mean of x_{t−1} given the predicted clean image, plus fresh noise of
 * variance beta tilde_t (none at the last step).
 */
function ddpmSample(
  net: tf.LayersModel,
  s: DiffusionSchedule,
  batchSize: number,
  clipDenoised: boolean,
  rng: Random,
): tf.Tensor {
  let x: tf.Tensor = philoxNormal([batchSize, ...imageShapeOf(net)], rng.seed());
  for (let t = s.T - 1; t >= 0; t--) {
    const toX0 = { a: s.sqrtRecipAlphasCumprod[t]!, b: s.sqrtRecipm1AlphasCumprod[t]! };
    const coef1 = s.posteriorMeanCoef1[t]!;
    const coef2 = s.posteriorMeanCoef2[t]!;
    const sigma = t === 0 ? 0 : Math.sqrt(s.posteriorVariance[t]!);
    const seed = sigma > 0 ? rng.seed() : 0;
    const xt = x;
    x = tf.tidy(() => {
      const eps = predictNoise(net, xt, t);
      let x0 = tf.sub(tf.mul(xt, toX0.a), tf.mul(eps, toX0.b));
      if (clipDenoised) x0 = tf.clipByValue(x0, -1, 1);
      const mean = tf.add(tf.mul(x0, coef1), tf.mul(xt, coef2));
      return sigma > 0 ? tf.add(mean, philoxNormal(xt.shape, seed, 0, sigma)) : mean;
    });
    // free each x_t as soon as x_{t-1} exists, so memory stays flat over T steps
    xt.dispose();
  }
  return x;
}

// ── Losses ───────────────────────────────────────────────────────────────────────────────────────

/** "mean": the mean of every value. "sumPerSample": each sample's values summed, then averaged. */
type Reduction = 'mean' | 'sumPerSample';

function reduceLoss(perElement: tf.Tensor, reduction: Reduction): tf.Scalar {
  if (reduction === 'mean' || perElement.rank <= 1) return tf.mean(perElement);
  const sampleAxes = Array.from({ length: perElement.rank - 1 }, (_, i) => i + 1);
  return tf.mean(tf.sum(perElement, sampleAxes));
}

/** Squared differences between a prediction and a target, reduced to a scalar. */
function meanSquaredError(pred: tf.Tensor, target: tf.Tensor, reduction: Reduction): tf.Scalar {
  return reduceLoss(tf.squaredDifference(pred, target), reduction);
}

// ── Previews ─────────────────────────────────────────────────────────────────────────────────────

/** The first `count` images of a batch, scaled from `range` to [0, 1] for display. */
function imageGrid(images: tf.Tensor, count: number, range: '[-1,1]' | '[0,1]'): tf.Tensor {
  const first = tf.slice(images, 0, Math.min(count, images.shape[0] ?? 1));
  const scaled = range === '[-1,1]' ? tf.mul(tf.add(first, 1), 0.5) : first;
  return tf.clipByValue(scaled, 0, 1);
}

// ── Training ─────────────────────────────────────────────────────────────────────────────────────

/** The weights an optimizer may change: the trainable weights of its own models, no others. */
function trainableVariables(...models: tf.LayersModel[]): tf.Variable[] {
  return models.flatMap((model) => model.trainableWeights.map((w) => w.read() as tf.Variable));
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
  rng: Random;
  models: { unet: tf.LayersModel };
  /** one optimizer per update, and the weights it may change: its own models' only */
  optimizers: { uNet: tf.Optimizer };
  variables: { uNet: tf.Variable[] };
  data: DataSources;
  /** iterations done */
  step: number;
}

/** A run at its start: the weights drawn from `seed`, fresh optimizers, the stream seeded. */
export function createTraining(seed: number, data: DataSources): Training {
  const rng = new Random(seed);
  const models = { unet: buildUnet(seed, rng) };
  return {
    rng,
    models,
    optimizers: { uNet: tf.train.adam(0.001, 0.9, 0.999, 1e-7) },
    variables: { uNet: trainableVariables(models.unet) },
    data,
    step: 0,
  };
}

/**
 * The loss update "U-Net" minimises over the weights of "unet", evaluated afresh: a new batch, new
 * noise.
 */
function lossForUNet(t: Training): tf.Scalar {
  // x [128, 28, 28, 1], label [128, 10]
  const mnist = t.data.mnist.batch('train', 128, '[-1,1]', t.rng);
  const schedule = diffusionSchedule({
    T: 1000,
    schedule: 'linear',
    betaStart: 0.0001,
    betaEnd: 0.02,
  });
  // xt [128, 28, 28, 1], t [128, 1], eps [128, 28, 28, 1]
  const qSample = diffusionNoising(mnist.x, schedule, t.rng);
  // [128, 28, 28, 1]
  const predictNoise2 = t.models.unet.apply([qSample.xt, qSample.t], {
    training: true,
  }) as tf.Tensor;
  const noiseMSE = meanSquaredError(predictNoise2, qSample.eps, 'mean');
  return noiseMSE;
}

/**
 * One training iteration: update "U-Net" minimises its loss over its own models' weights. Returns
 * the loss of each update by name, from before its step; dispose them once read.
 */
export function trainStep(t: Training): Record<string, tf.Scalar> {
  const uNet = t.optimizers.uNet.minimize(() => lossForUNet(t), true, t.variables.uNet)!;
  t.step++;
  return { 'U-Net': uNet };
}

/** What the preview "DDIM samples" shows, evaluated with training off. */
function previewDdimSamples(t: Training): tf.Tensor {
  const schedule = diffusionSchedule({
    T: 1000,
    schedule: 'linear',
    betaStart: 0.0001,
    betaEnd: 0.02,
  });
  // [64, 28, 28, 1]
  const ddim = ddimSample(
    t.models.unet,
    schedule,
    { batchSize: 64, steps: 50, eta: 0, clipDenoised: true },
    t.rng,
  );
  return imageGrid(ddim, 64, '[-1,1]');
}

/** What the preview "DDPM samples" shows, evaluated with training off. */
function previewDdpmSamples(t: Training): tf.Tensor {
  const schedule = diffusionSchedule({
    T: 1000,
    schedule: 'linear',
    betaStart: 0.0001,
    betaEnd: 0.02,
  });
  const ddpm = ddpmSample(t.models.unet, schedule, 16, true, t.rng); // [16, 28, 28, 1]
  return imageGrid(ddpm, 16, '[-1,1]');
}

/** What the preview "what the U-Net sees" shows, evaluated with training off. */
function previewWhatTheUNetSees(t: Training): tf.Tensor {
  // x [128, 28, 28, 1], label [128, 10]
  const mnist = t.data.mnist.batch('train', 128, '[-1,1]', t.rng);
  const schedule = diffusionSchedule({
    T: 1000,
    schedule: 'linear',
    betaStart: 0.0001,
    betaEnd: 0.02,
  });
  // xt [128, 28, 28, 1], t [128, 1], eps [128, 28, 28, 1]
  const qSample = diffusionNoising(mnist.x, schedule, t.rng);
  return imageGrid(qSample.xt, 16, '[-1,1]');
}

/**
 * What each preview shows now, by name, evaluated with training off; dispose the tensors once
 * drawn.
 */
export function sample(t: Training): Record<string, tf.Tensor> {
  return {
    'DDIM samples': tf.tidy(() => previewDdimSamples(t)),
    'DDPM samples': tf.tidy(() => previewDdpmSamples(t)),
    'what the U-Net sees': tf.tidy(() => previewWhatTheUNetSees(t)),
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
