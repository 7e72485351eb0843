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
// timestep embedding (top row) to its features: the same weights handle every noise level. The
// residual blocks are models of their own (res32, res64, res64_skip, res32_skip: open one to see
// its layers), which the U-Net runs with weights of their own at each level: one recipe, eight
// blocks. Samples start as blobs; it takes a few thousand iterations before they look like digits.
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

type TFModule = typeof TF;

/** A seeded stream of random numbers; the one source of randomness in training (resumable). */
interface RandomStream {
  /** uniform in [0, 1) */
  next(): number;
  /** an integer seed for a tfjs random op */
  seed(): number;
}

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

function checkRate(rate: number): void {
  if (!(rate >= 0 && rate < 1))
    throw new Error(`gpu-random: dropout rate must be in [0, 1), got ${rate}`);
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

/** the float32 scale of kept values */
function dropoutScale(rate: number): number {
  return Math.fround(1 / (1 - rate));
}

/** 2^-24: the spacing of the uniform floats made from the top 24 bits of a word */
const TWO_POW_M24 = 1 / 16777216;

/** A word to a float in [0, 1): its top 24 bits times 2^-24, exact in float32 (and in WGSL's f32). */
function wordToUnit(x: number): number {
  return (x >>> 8) * TWO_POW_M24;
}

/**
 * An inverted-dropout mask: 1 / (1 - rate) where the uniform value is at least `rate` (so kept
 * with probability 1 - rate), else 0. Exactly the same on every device: the uniforms are exact and
 * the comparison is against the float32 rate.
 */
function philoxDropoutMask(n: number, seed: number, offset: number, rate: number): Float32Array {
  checkRate(rate);
  const bits = philoxUint32(n, seed, offset);
  const out = new Float32Array(n);
  const r = Math.fround(rate);
  const keep = dropoutScale(rate);
  for (let i = 0; i < n; i++) out[i] = wordToUnit(bits[i]!) >= r ? keep : 0;
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

/** An inverted-dropout mask: 1 / (1 - rate) with probability 1 - rate, else 0. */
function philoxDropoutMaskTensor(
  tf: TFModule,
  shape: readonly number[],
  rate: number,
  seed: number,
  offset = 0,
): TF.Tensor {
  return tf.tensor(philoxDropoutMask(checkShape(shape), seed, offset, rate), [...shape], 'float32');
}

/** Inverted dropout of `x`: x times the mask of philoxDropoutMaskTensor, float32; the gradient is dy times the mask. */
function philoxDropout(
  tf: TFModule,
  x: TF.Tensor,
  rate: number,
  seed: number,
  offset = 0,
): TF.Tensor {
  checkRate(rate);
  return tf.tidy(() => {
    const asFloat = x.dtype === 'float32' ? x : tf.cast(x, 'float32');
    return rate === 0
      ? asFloat.clone()
      : tf.mul(asFloat, philoxDropoutMaskTensor(tf, x.shape, rate, seed, offset));
  });
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

/** A stable 32-bit hash of a string (FNV-1a), to derive per-node seeds from the training seed. */
function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

function checkIntRange(maxExclusive: number): void {
  if (!Number.isInteger(maxExclusive) || maxExclusive < 1 || maxExclusive > 2 ** 31) {
    throw new Error(
      `gpu-random: the upper bound must be a whole number in [1, 2^31], got ${maxExclusive}`,
    );
  }
}

/** A word to an integer in [0, n): floor(x * n / 2^32) (bias below n / 2^32). */
function wordToInt(x: number, n: number): number {
  return mulhi32(x, n);
}

/** Whole numbers in [0, maxExclusive), as int32. */
function philoxInt(n: number, seed: number, offset: number, maxExclusive: number): Int32Array {
  checkIntRange(maxExclusive);
  const bits = philoxUint32(n, seed, offset);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = wordToInt(bits[i]!, maxExclusive);
  return out;
}

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

/** Normal noise of a shape from one seed (mean 0): how samplers draw, whoever makes the numbers. */
type NormalNoise = (shape: readonly number[], seed: number, std?: number) => TF.Tensor;

/** NormalNoise made here, on the CPU, for any backend. */
function philoxNoise(tf: TFModule): NormalNoise {
  return (shape, seed, std = 1) => philoxNormalTensor(tf, shape, seed, 0, 0, std);
}

// ── Custom layers ────────────────────────────────────────────────────────────────────────────────

/** Memoises a factory per tfjs module: made (and registered) once, however often it is asked for. */
function perTfModule<T>(make: (tf: TFModule) => T): (tf: TFModule) => T {
  const made = new WeakMap<TFModule, T>();
  return (tf) => {
    let value = made.get(tf);
    if (value === undefined) {
      value = make(tf);
      made.set(tf, value);
    }
    return value;
  };
}

/** The constructor args every tfjs layer takes (name, trainable, dtype, ...). */
type LayerArgs = NonNullable<ConstructorParameters<TFModule['layers']['Layer']>[0]>;

interface GroupNormArgs extends LayerArgs {
  groups: number;
  epsilon?: number;
}

type LayerShape = (number | null)[];

function onlyShape(inputShape: LayerShape | LayerShape[]): LayerShape {
  const first = inputShape[0];
  return Array.isArray(first) ? first : (inputShape as LayerShape);
}

/** Keyword args of Layer.call: `training` is the one these layers read. */
type Kwargs = Parameters<TF.layers.Layer['call']>[1];

/** These layers take one input; tfjs may hand it over wrapped in an array. */
function onlyTensor(inputs: TF.Tensor | TF.Tensor[]): TF.Tensor {
  const x = Array.isArray(inputs) ? inputs[0] : inputs;
  if (!x) throw new Error('expected one input tensor');
  return x;
}

type ConfigDict = TF.serialization.ConfigDict;

/** Registered as 'Tensorloom>ClassName' in saved models. */
const PACKAGE = 'Tensorloom';

const groupNormClass = perTfModule((tf) => {
  class GroupNorm extends tf.layers.Layer {
    static className = 'GroupNorm';
    /** A faster GroupNorm that a runtime installs for backends that have one; undefined where it does not apply. */
    static fastPath:
      | ((
          tf: TFModule,
          x: TF.Tensor,
          gamma: TF.Tensor,
          beta: TF.Tensor,
          groups: number,
          epsilon: number,
        ) => TF.Tensor | undefined)
      | undefined;
    readonly groups: number;
    readonly epsilon: number;
    private gamma: TF.LayerVariable | null = null;
    private beta: TF.LayerVariable | null = null;

    constructor(args: GroupNormArgs) {
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

    override call(inputs: TF.Tensor | TF.Tensor[], _kwargs: Kwargs): TF.Tensor {
      const { gamma, beta } = this;
      if (!gamma || !beta) throw new Error('GroupNorm: call before build');
      return tf.tidy(() => {
        const x = onlyTensor(inputs);
        // six fused WGSL programs on WebGPU, three SIMD kernels on wasm, instead of about 35 tfjs ops
        const fused = GroupNorm.fastPath?.(
          tf,
          x,
          gamma.read(),
          beta.read(),
          this.groups,
          this.epsilon,
        );
        if (fused) return fused;
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

    override getConfig(): ConfigDict {
      return { ...super.getConfig(), groups: this.groups, epsilon: this.epsilon };
    }
  }
  tf.serialization.registerClass(GroupNorm, PACKAGE);
  return GroupNorm;
});

const GroupNorm = groupNormClass(tf);

interface TimestepEmbeddingArgs extends LayerArgs {
  /** output size; even (half sines, half cosines) */
  dim: number;
  /** longest period of the sinusoids, in timesteps */
  maxPeriod?: number;
}

/** The frequencies f_i = maxPeriod ^ (-i / half), from 1 down towards 1 / maxPeriod. */
function timestepFrequencies(dim: number, maxPeriod: number): number[] {
  const half = dim / 2;
  return Array.from({ length: half }, (_, i) => Math.exp((-Math.log(maxPeriod) * i) / half));
}

const timestepEmbeddingClass = perTfModule((tf) => {
  class TimestepEmbedding extends tf.layers.Layer {
    static className = 'TimestepEmbedding';
    readonly dim: number;
    readonly maxPeriod: number;

    constructor(args: TimestepEmbeddingArgs) {
      super(args);
      if (!Number.isInteger(args.dim) || args.dim < 2 || args.dim % 2 !== 0) {
        throw new Error(
          `TimestepEmbedding: dim must be an even whole number >= 2, got ${args.dim}`,
        );
      }
      this.dim = args.dim;
      this.maxPeriod = args.maxPeriod ?? 10000;
    }

    override computeOutputShape(inputShape: LayerShape | LayerShape[]): LayerShape {
      return [onlyShape(inputShape)[0] ?? null, this.dim];
    }

    override call(inputs: TF.Tensor | TF.Tensor[], _kwargs: Kwargs): TF.Tensor {
      return tf.tidy(() => {
        // [b, 1] timesteps times [half] frequencies broadcast to [b, half] angles
        const t = tf.reshape(tf.cast(onlyTensor(inputs), 'float32'), [-1, 1]);
        const angles = tf.mul(t, tf.tensor1d(timestepFrequencies(this.dim, this.maxPeriod)));
        return tf.concat([tf.sin(angles), tf.cos(angles)], -1);
      });
    }

    override getConfig(): ConfigDict {
      return { ...super.getConfig(), dim: this.dim, maxPeriod: this.maxPeriod };
    }
  }
  tf.serialization.registerClass(TimestepEmbedding, PACKAGE);
  return TimestepEmbedding;
});

const TimestepEmbedding = timestepEmbeddingClass(tf);

interface FreshMaskDropoutArgs extends LayerArgs {
  /** fraction of values set to zero while training */
  rate: number;
  /**
   * Seeds an own stream of mask seeds when `nextSeed` is not given (a model loaded from disk, or
   * emitted code). Saved with the model. Without either, masks come from tfjs's unseeded random.
   */
  seed?: number;
  /** the training's seed stream; not saved, as a function cannot be */
  nextSeed?: () => number;
}

/** True only inside a training call: `model.apply(x, { training: true })`. */
const isTraining = (kwargs: Kwargs): boolean => kwargs['training'] === true;

const freshMaskDropoutClass = perTfModule((tf) => {
  class FreshMaskDropout extends tf.layers.Layer {
    static className = 'FreshMaskDropout';
    /**
     * How a mask is drawn and applied: the Philox mask of one seed, made on the CPU; a runtime
     * that can make the same mask on the device installs its own.
     */
    static drop: (tf: TFModule, x: TF.Tensor, rate: number, seed: number) => TF.Tensor =
      philoxDropout;
    readonly rate: number;
    readonly seed: number | undefined;
    private readonly nextSeed: (() => number) | undefined;

    constructor(args: FreshMaskDropoutArgs) {
      super(args);
      if (!(args.rate >= 0 && args.rate < 1))
        throw new Error(`FreshMaskDropout: rate must be in [0, 1), got ${args.rate}`);
      this.rate = args.rate;
      this.seed = args.seed;
      const ownStream = args.seed === undefined ? undefined : new Rng(args.seed);
      this.nextSeed = args.nextSeed ?? (ownStream && (() => ownStream.seed()));
    }

    override computeOutputShape(inputShape: LayerShape | LayerShape[]): LayerShape {
      return onlyShape(inputShape);
    }

    override call(inputs: TF.Tensor | TF.Tensor[], kwargs: Kwargs): TF.Tensor {
      const x = onlyTensor(inputs);
      if (!isTraining(kwargs) || this.rate === 0) return x;
      // keeps each value with probability 1 - rate and scales it by 1 / (1 - rate), so the
      // expected output equals the input and inference needs no rescaling
      const seed = this.nextSeed?.();
      if (seed === undefined) return tf.tidy(() => tf.dropout(x, this.rate));
      return FreshMaskDropout.drop(tf, x, this.rate, seed);
    }

    override getConfig(): ConfigDict {
      const config: ConfigDict = { ...super.getConfig(), rate: this.rate };
      if (this.seed !== undefined) config['seed'] = this.seed;
      return config;
    }
  }
  tf.serialization.registerClass(FreshMaskDropout, PACKAGE);
  return FreshMaskDropout;
});

const FreshMaskDropout = freshMaskDropoutClass(tf);

/** The learned 1x1 projections: dense over the channels of each pixel. */
type Projection = 'query' | 'key' | 'value' | 'output';

type Weights = Record<Projection, { kernel: TF.LayerVariable; bias: TF.LayerVariable | null }>;

interface SelfAttention2DArgs extends LayerArgs {
  /** attention heads; must divide the channels */
  heads: number;
  /** seeds the Glorot initialisers of the four projections, so runs repeat */
  seed?: number;
}

/**
 * The Glorot-uniform initialiser of the k-th kernel of a layer with several kernels (attention's
 * query, key, value, output): one seed each, or all kernels would start out identical.
 */
function kthKernelInitializer(tf: TFModule, seed: number | undefined, k: number) {
  return tf.initializers.glorotUniform(seed === undefined ? {} : { seed: seed + k });
}

const selfAttention2DClass = perTfModule((tf) => {
  class SelfAttention2D extends tf.layers.Layer {
    static className = 'SelfAttention2D';
    readonly heads: number;
    readonly seed: number | undefined;
    private weightsByRole: Weights | null = null;

    constructor(args: SelfAttention2DArgs) {
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
      const projection = (role: Projection, k: number) => ({
        kernel: this.addWeight(
          `${role}_kernel`,
          [channels, channels],
          'float32',
          kthKernelInitializer(tf, this.seed, k),
        ),
        // no key bias: it adds the same q.b to all of a query's scores, which softmax cancels,
        // so it would get no gradient and never learn
        bias:
          role === 'key'
            ? null
            : this.addWeight(`${role}_bias`, [channels], 'float32', tf.initializers.zeros()),
      });
      this.weightsByRole = {
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

    override call(inputs: TF.Tensor | TF.Tensor[], _kwargs: Kwargs): TF.Tensor {
      const w = this.weightsByRole;
      if (!w) throw new Error('SelfAttention2D: call before build');
      return tf.tidy(() => {
        const x = onlyTensor(inputs);
        const [b = 0, h = 0, wd = 0, c = 0] = x.shape;
        const n = h * wd;
        const d = c / this.heads;
        const pixels = tf.reshape(x, [b * n, c]);
        const project = (t: TF.Tensor, role: Projection) => {
          const { kernel, bias } = w[role];
          const product = tf.matMul(t, kernel.read());
          return bias ? tf.add(product, bias.read()) : product;
        };
        // [b*n, c] → [b*heads, n, d]: each head attends within its own slice of the channels
        const splitHeads = (t: TF.Tensor) =>
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

    override getConfig(): ConfigDict {
      const config: ConfigDict = { ...super.getConfig(), heads: this.heads };
      if (this.seed !== undefined) config['seed'] = this.seed;
      return config;
    }
  }
  tf.serialization.registerClass(SelfAttention2D, PACKAGE);
  return SelfAttention2D;
});

const SelfAttention2D = selfAttention2DClass(tf);

// ── Models ───────────────────────────────────────────────────────────────────────────────────────

/**
 * The model "unet": x [batch, 28, 28, 1], t [batch, 1] → eps [batch, 28, 28, 1]. Layer names match
 * the app's, so weights saved by one load into the other. Dropout masks draw their seeds from
 * `rng`, the training stream.
 */
export function buildUnet(seed: number, rng: Rng): tf.LayersModel {
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

type ScheduleKind = 'linear' | 'cosine';

interface ScheduleOptions {
  /** number of diffusion steps T */
  T: number;
  schedule: ScheduleKind;
  /** linear schedule only: beta at the first and the last step (Ho et al.: 1e-4 and 0.02 for T = 1000) */
  betaStart: number;
  betaEnd: number;
}

/** Every table a forward or reverse step needs, each of length T, indexed by timestep t. */
interface DiffusionSchedule {
  T: number;
  /** beta_t: the variance of the noise added at step t */
  betas: Float64Array;
  /** alpha_t = 1 - beta_t */
  alphas: Float64Array;
  /** abar_t = prod_{s<=t} alpha_s: how much of x0 is left in x_t */
  alphasCumprod: Float64Array;
  /** abar_{t-1}, with abar_{-1} = 1 (nothing has been noised before the first step) */
  alphasCumprodPrev: Float64Array;
  /** q_sample: x_t = sqrt(abar_t) x0 + sqrt(1 - abar_t) eps */
  sqrtAlphasCumprod: Float64Array;
  sqrtOneMinusAlphasCumprod: Float64Array;
  /** x0 from x_t and eps: x0 = sqrt(1/abar_t) x_t - sqrt(1/abar_t - 1) eps */
  sqrtRecipAlphasCumprod: Float64Array;
  sqrtRecipm1AlphasCumprod: Float64Array;
  /** beta tilde_t = beta_t (1 - abar_{t-1}) / (1 - abar_t): the variance of q(x_{t-1} | x_t, x0) */
  posteriorVariance: Float64Array;
  /** mean of q(x_{t-1} | x_t, x0) = coef1 x0 + coef2 x_t (Ho et al. eq. 7) */
  posteriorMeanCoef1: Float64Array;
  posteriorMeanCoef2: Float64Array;
}

const cache = new Map<string, DiffusionSchedule>();

function checkT(T: number) {
  if (!Number.isInteger(T) || T < 1)
    throw new RangeError(`T must be a whole number >= 1, got ${T}`);
}

const at = (a: Float64Array, i: number): number => a[i] as number;

/** All tables of a schedule from its betas. */
function scheduleFromBetas(betas: Float64Array): DiffusionSchedule {
  const T = betas.length;
  checkT(T);
  const table = () => new Float64Array(T);
  const s: DiffusionSchedule = {
    T,
    betas: Float64Array.from(betas),
    alphas: table(),
    alphasCumprod: table(),
    alphasCumprodPrev: table(),
    sqrtAlphasCumprod: table(),
    sqrtOneMinusAlphasCumprod: table(),
    sqrtRecipAlphasCumprod: table(),
    sqrtRecipm1AlphasCumprod: table(),
    posteriorVariance: table(),
    posteriorMeanCoef1: table(),
    posteriorMeanCoef2: table(),
  };
  let abar = 1;
  for (let t = 0; t < T; t++) {
    const beta = at(betas, t);
    const alpha = 1 - beta;
    const abarPrev = abar;
    abar *= alpha;
    s.alphas[t] = alpha;
    s.alphasCumprod[t] = abar;
    s.alphasCumprodPrev[t] = abarPrev;
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

/** Offset s of the cosine schedule: keeps beta_0 from being vanishingly small (Nichol & Dhariwal). */
const COSINE_S = 0.008;

/** Betas are clipped here so the last steps do not become singular near t = T. */
const COSINE_MAX_BETA = 0.999;

/**
 * Nichol & Dhariwal eq. 17: abar(t) = f(t) / f(0), f(t) = cos(((t/T + s) / (1 + s)) * pi/2)^2, and
 * beta_t = min(1 - abar(t+1) / abar(t), 0.999). Destroys information more evenly than the linear one.
 */
function cosineBetas(T: number, s = COSINE_S, maxBeta = COSINE_MAX_BETA): Float64Array {
  checkT(T);
  const f = (t: number) => Math.cos(((t / T + s) / (1 + s)) * (Math.PI / 2)) ** 2;
  const betas = new Float64Array(T);
  for (let t = 0; t < T; t++) betas[t] = Math.min(1 - f(t + 1) / f(t), maxBeta);
  return betas;
}

/** Ho et al.: betas rising linearly from betaStart to betaEnd. */
function linearBetas(T: number, betaStart: number, betaEnd: number): Float64Array {
  checkT(T);
  if (!(betaStart > 0 && betaEnd < 1 && betaStart <= betaEnd)) {
    throw new RangeError(
      `linear schedule needs 0 < betaStart <= betaEnd < 1, got ${betaStart} and ${betaEnd}`,
    );
  }
  const betas = new Float64Array(T);
  for (let t = 0; t < T; t++)
    betas[t] = T === 1 ? betaStart : betaStart + ((betaEnd - betaStart) * t) / (T - 1);
  return betas;
}

function makeBetas(o: ScheduleOptions): Float64Array {
  return o.schedule === 'cosine' ? cosineBetas(o.T) : linearBetas(o.T, o.betaStart, o.betaEnd);
}

/**
 * The schedule for these options. Memoised (a sampler asks on every evaluation); callers must not
 * write into the tables they get.
 */
function makeSchedule(o: ScheduleOptions): DiffusionSchedule {
  const key =
    o.schedule === 'cosine' ? `cosine/${o.T}` : `linear/${o.T}/${o.betaStart}/${o.betaEnd}`;
  let s = cache.get(key);
  if (!s) {
    s = scheduleFromBetas(makeBetas(o));
    if (cache.size > 32) cache.clear();
    cache.set(key, s);
  }
  return s;
}

/**
 * q_sample (Ho et al. 2020): noises clean images x0 to x_t = sqrt(abar_t) x0 + sqrt(1 − abar_t) eps
 * at one timestep per image. The caller draws the timesteps (whole numbers in [0, T)) and the noise.
 */
function diffusionNoising(
  tf: TFModule,
  x0: TF.Tensor,
  s: DiffusionSchedule,
  ts: readonly number[],
  eps: TF.Tensor,
): { xt: TF.Tensor; t: TF.Tensor; eps: TF.Tensor } {
  const b = ts.length;
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
  return {
    xt: tf.add(tf.mul(x0, a), tf.mul(eps, c)),
    t: tf.tensor2d([...ts], [b, 1], 'float32'),
    eps,
  };
}

/** The strided timesteps DDIM visits, ascending: floor(i T / steps) for i < steps (Song et al.'s "uniform" skip). */
function ddimTimesteps(T: number, steps: number): number[] {
  checkT(T);
  if (!Number.isInteger(steps) || steps < 1 || steps > T)
    throw new RangeError(`DDIM needs 1 <= steps <= T (${T}), got ${steps}`);
  return Array.from({ length: steps }, (_, i) => Math.floor((i * T) / steps));
}

/** The shape of one image a noise-prediction model denoises, read off its first input. */
function imageShapeOf(net: TF.LayersModel): number[] {
  return (net.inputs[0]?.shape.slice(1) ?? []).map((d) => d ?? 1);
}

function checkStep(s: DiffusionSchedule, t: number) {
  if (!Number.isInteger(t) || t < 0 || t >= s.T)
    throw new RangeError(`timestep ${t} is outside [0, ${s.T})`);
}

/** The clean image implied by x_t and a noise estimate: x0 = a x_t - b eps (Ho et al. eq. 4 solved for x0). */
function predictX0Coefficients(s: DiffusionSchedule, t: number): { a: number; b: number } {
  checkStep(s, t);
  return { a: at(s.sqrtRecipAlphasCumprod, t), b: at(s.sqrtRecipm1AlphasCumprod, t) };
}

/** q_sample(x0, t, eps) = a x0 + b eps. */
function qSampleCoefficients(s: DiffusionSchedule, t: number): { a: number; b: number } {
  checkStep(s, t);
  return { a: at(s.sqrtAlphasCumprod, t), b: at(s.sqrtOneMinusAlphasCumprod, t) };
}

/**
 * One DDIM step from t to tPrev (tPrev < t, or -1 for the final step to abar = 1), Song et al.
 * eq. 12: x_prev = sqrt(abar_prev) x0_hat + sqrt(1 - abar_prev - sigma^2) eps + sigma z, with
 * sigma = eta sqrt((1 - abar_prev) / (1 - abar_t)) sqrt(1 - abar_t / abar_prev). eta = 0 is the
 * deterministic DDIM; eta = 1 on every step is DDPM's ancestral sampling.
 */
function ddimCoefficients(
  s: DiffusionSchedule,
  t: number,
  tPrev: number,
  eta: number,
): { x0: number; eps: number; sigma: number } {
  checkStep(s, t);
  if (!Number.isInteger(tPrev) || tPrev < -1 || tPrev >= t)
    throw new RangeError(`DDIM step needs -1 <= tPrev < t, got t=${t}, tPrev=${tPrev}`);
  const abar = at(s.alphasCumprod, t);
  const abarPrev = tPrev < 0 ? 1 : at(s.alphasCumprod, tPrev);
  const sigma = eta * Math.sqrt((1 - abarPrev) / (1 - abar)) * Math.sqrt(1 - abar / abarPrev);
  // rounding can push 1 - abar_prev - sigma^2 a hair below 0 when eta = 1 and abar_prev = 1
  return {
    x0: Math.sqrt(abarPrev),
    eps: Math.sqrt(Math.max(0, 1 - abarPrev - sigma * sigma)),
    sigma,
  };
}

/** eps_theta(x_t, t) for a whole batch at one timestep t. */
function predictNoise(tf: TFModule, net: TF.LayersModel, x: TF.Tensor, t: number): TF.Tensor {
  const y = net.apply([x, tf.fill([x.shape[0] ?? 1, 1], t)], { training: false });
  const eps = Array.isArray(y) ? y[0] : y;
  if (!(eps instanceof tf.Tensor)) throw new Error('the model gave no noise estimate');
  return eps;
}

/**
 * DDIM sampling (Song et al. 2020, eq. 12): visits `steps` evenly spaced timesteps of the T, each
 * time estimating the clean image and jumping to the next visited step; eta = 0 adds no noise.
 */
function ddimSample(
  tf: TFModule,
  net: TF.LayersModel,
  s: DiffusionSchedule,
  o: { batchSize: number; steps: number; eta: number; clipDenoised: boolean },
  rng: RandomStream,
  noise: NormalNoise,
): TF.Tensor {
  const ts = ddimTimesteps(s.T, o.steps);
  let x: TF.Tensor = noise([o.batchSize, ...imageShapeOf(net)], rng.seed());
  for (let i = ts.length - 1; i >= 0; i--) {
    const t = ts[i] ?? 0;
    const toX0 = predictX0Coefficients(s, t);
    const noised = qSampleCoefficients(s, t);
    const c = ddimCoefficients(s, t, i > 0 ? (ts[i - 1] ?? 0) : -1, o.eta);
    const seed = c.sigma > 0 ? rng.seed() : 0;
    const xt = x;
    const next = tf.tidy(() => {
      let eps = predictNoise(tf, net, xt, t);
      let x0 = tf.sub(tf.mul(xt, toX0.a), tf.mul(eps, toX0.b));
      if (o.clipDenoised) {
        x0 = tf.clipByValue(x0, -1, 1);
        // keep eps consistent with the clipped x0, so the step stays on the line through x_t and x0
        eps = tf.div(tf.sub(xt, tf.mul(x0, noised.a)), noised.b);
      }
      const prev = tf.add(tf.mul(x0, c.x0), tf.mul(eps, c.eps));
      return c.sigma > 0 ? tf.add(prev, noise(xt.shape, seed, c.sigma)) : prev;
    });
    // free each x_t as soon as the next one exists, so memory stays flat over the steps
    xt.dispose();
    x = next;
  }
  return x;
}

/**
 * One DDPM ancestral step: x_{t-1} = coef1 x0_hat + coef2 x_t + sigma z, where x0_hat is the clean
 * image predicted from the model's eps (optionally clipped) and sigma^2 = beta tilde_t, the posterior
 * variance ("fixed small" in Ho et al.); sigma is 0 at t = 0, so the last step adds no noise.
 */
function pSampleCoefficients(
  s: DiffusionSchedule,
  t: number,
): { coef1: number; coef2: number; sigma: number } {
  checkStep(s, t);
  return {
    coef1: at(s.posteriorMeanCoef1, t),
    coef2: at(s.posteriorMeanCoef2, t),
    sigma: t === 0 ? 0 : Math.sqrt(at(s.posteriorVariance, t)),
  };
}

/**
 * DDPM ancestral sampling (Ho et al. 2020): from pure noise, T steps from t = T − 1 down to 0, each
 * moving x_t to the posterior mean of x_{t−1} given the predicted clean image, plus fresh noise of
 * variance beta tilde_t (none at the last step). One seed from `rng` per noise draw.
 */
function ddpmSample(
  tf: TFModule,
  net: TF.LayersModel,
  s: DiffusionSchedule,
  o: { batchSize: number; clipDenoised: boolean },
  rng: RandomStream,
  noise: NormalNoise,
): TF.Tensor {
  let x: TF.Tensor = noise([o.batchSize, ...imageShapeOf(net)], rng.seed());
  for (let t = s.T - 1; t >= 0; t--) {
    const toX0 = predictX0Coefficients(s, t);
    const step = pSampleCoefficients(s, t);
    const seed = step.sigma > 0 ? rng.seed() : 0;
    const xt = x;
    const next = tf.tidy(() => {
      const eps = predictNoise(tf, net, xt, t);
      let x0 = tf.sub(tf.mul(xt, toX0.a), tf.mul(eps, toX0.b));
      if (o.clipDenoised) x0 = tf.clipByValue(x0, -1, 1);
      const mean = tf.add(tf.mul(x0, step.coef1), tf.mul(xt, step.coef2));
      return step.sigma > 0 ? tf.add(mean, noise(xt.shape, seed, step.sigma)) : mean;
    });
    // free each x_t as soon as x_{t-1} exists, so memory stays flat over T steps
    xt.dispose();
    x = next;
  }
  return x;
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

/** Squared differences between a prediction and a target, reduced to a scalar. */
function meanSquaredError(
  tf: TFModule,
  pred: TF.Tensor,
  target: TF.Tensor,
  reduction: Reduction,
): TF.Scalar {
  return reduceLoss(tf, tf.squaredDifference(pred, target), reduction);
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
  const rng = new Rng(seed);
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
  // x [128, 28, 28, 1], label [128]
  const mnist = t.data.mnist.batch('train', 128, '[-1,1]', t.rng, 'class ids');
  const schedule = makeSchedule({ T: 1000, schedule: 'linear', betaStart: 0.0001, betaEnd: 0.02 });
  const timesteps = Array.from(philoxInt(mnist.x.shape[0] ?? 1, t.rng.seed(), 0, schedule.T));
  // xt [128, 28, 28, 1], t [128, 1], eps [128, 28, 28, 1]
  const qSample2 = diffusionNoising(
    tf,
    mnist.x,
    schedule,
    timesteps,
    philoxNormalTensor(tf, mnist.x.shape, t.rng.seed()),
  );
  // [128, 28, 28, 1]
  const predictNoise2 = t.models.unet.apply([qSample2.xt, qSample2.t], {
    training: true,
  }) as tf.Tensor;
  const noiseMSE = meanSquaredError(tf, predictNoise2, qSample2.eps, 'mean');
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
  const schedule = makeSchedule({ T: 1000, schedule: 'linear', betaStart: 0.0001, betaEnd: 0.02 });
  // [64, 28, 28, 1]
  const ddim = ddimSample(
    tf,
    t.models.unet,
    schedule,
    { batchSize: 64, steps: 50, eta: 0, clipDenoised: true },
    t.rng,
    philoxNoise(tf),
  );
  return imageGrid(tf, ddim, 64, '[-1,1]');
}

/** What the preview "DDPM samples" shows, evaluated with training off. */
function previewDdpmSamples(t: Training): tf.Tensor {
  const schedule = makeSchedule({ T: 1000, schedule: 'linear', betaStart: 0.0001, betaEnd: 0.02 });
  // [16, 28, 28, 1]
  const ddpm = ddpmSample(
    tf,
    t.models.unet,
    schedule,
    { batchSize: 16, clipDenoised: true },
    t.rng,
    philoxNoise(tf),
  );
  return imageGrid(tf, ddpm, 16, '[-1,1]');
}

/** What the preview "what the U-Net sees" shows, evaluated with training off. */
function previewWhatTheUNetSees(t: Training): tf.Tensor {
  // x [128, 28, 28, 1], label [128]
  const mnist = t.data.mnist.batch('train', 128, '[-1,1]', t.rng, 'class ids');
  const schedule = makeSchedule({ T: 1000, schedule: 'linear', betaStart: 0.0001, betaEnd: 0.02 });
  const timesteps = Array.from(philoxInt(mnist.x.shape[0] ?? 1, t.rng.seed(), 0, schedule.T));
  // xt [128, 28, 28, 1], t [128, 1], eps [128, 28, 28, 1]
  const qSample2 = diffusionNoising(
    tf,
    mnist.x,
    schedule,
    timesteps,
    philoxNormalTensor(tf, mnist.x.shape, t.rng.seed()),
  );
  return imageGrid(tf, qSample2.xt, 16, '[-1,1]');
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
