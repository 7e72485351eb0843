// Conditional DCGAN on MNIST
//
// A class-conditional GAN (Mirza and Osindero 2014) on the DCGAN layout: the generator is asked for
// a digit (a random class id while training) and the discriminator judges whether an image is a
// real example of the digit it claims to be; both embed the class id (an Embedding layer) and
// combine it with their other input. The preview asks for each digit ten times, one row per digit,
// so you can watch every class take shape.
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

/** A stable 32-bit hash of a string (FNV-1a), to derive per-node seeds from the training seed. */
function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

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

/** True only inside a training call: `model.apply(x, { training: true })`. */
const isTraining = (kwargs: Kwargs): boolean => kwargs['training'] === true;

type ConfigDict = TF.serialization.ConfigDict;

/** Registered as 'Tensorloom>ClassName' in saved models. */
const PACKAGE = 'Tensorloom';

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

// ── Models ───────────────────────────────────────────────────────────────────────────────────────

/**
 * The model "generator": z [batch, 100], c [batch] → image [batch, 28, 28, 1]. Layer names match
 * the app's, so weights saved by one load into the other.
 */
export function buildGenerator(seed: number): tf.LayersModel {
  // each layer's initialiser seed derives from the training seed, the model and the node
  const seedOf = (node: string) => hashString(`${seed}/generator/${node}`);
  const z = tf.input({ shape: [100], name: 'generator__z' }); // [batch, 100]
  const c = tf.input({ shape: [], dtype: 'int32', name: 'generator__c' }); // [batch]
  // [batch, 50]
  const embed = tf.layers
    .embedding({
      name: 'generator__embed',
      inputDim: 10,
      outputDim: 50,
      embeddingsInitializer: tf.initializers.randomUniform({
        minval: -0.05,
        maxval: 0.05,
        seed: seedOf('embed'),
      }),
    })
    .apply(c) as tf.SymbolicTensor;
  // [batch, 150]
  const join = tf.layers
    .concatenate({ name: 'generator__join', axis: -1 })
    .apply([z, embed]) as tf.SymbolicTensor;
  // [batch, 12544]
  const project = tf.layers
    .dense({
      name: 'generator__project',
      units: 12544,
      activation: 'linear',
      useBias: false,
      kernelInitializer: tf.initializers.glorotUniform({ seed: seedOf('project') }),
    })
    .apply(join) as tf.SymbolicTensor;
  // [batch, 12544]
  const projectBn = tf.layers
    .batchNormalization({ name: 'generator__project_bn', axis: -1, momentum: 0.99, epsilon: 0.001 })
    .apply(project) as tf.SymbolicTensor;
  // [batch, 12544]
  const projectAct = tf.layers
    .leakyReLU({ name: 'generator__project_act', alpha: 0.2 })
    .apply(projectBn) as tf.SymbolicTensor;
  // [batch, 7, 7, 256]
  const toMap = tf.layers
    .reshape({ name: 'generator__to_map', targetShape: [7, 7, 256] })
    .apply(projectAct) as tf.SymbolicTensor;
  // [batch, 7, 7, 128]
  const up1 = tf.layers
    .conv2dTranspose({
      name: 'generator__up1',
      filters: 128,
      kernelSize: 5,
      strides: 1,
      padding: 'same',
      activation: 'linear',
      useBias: false,
      kernelInitializer: tf.initializers.glorotUniform({ seed: seedOf('up1') }),
    })
    .apply(toMap) as tf.SymbolicTensor;
  // [batch, 7, 7, 128]
  const up1Bn = tf.layers
    .batchNormalization({ name: 'generator__up1_bn', axis: -1, momentum: 0.99, epsilon: 0.001 })
    .apply(up1) as tf.SymbolicTensor;
  // [batch, 7, 7, 128]
  const up1Act = tf.layers
    .leakyReLU({ name: 'generator__up1_act', alpha: 0.2 })
    .apply(up1Bn) as tf.SymbolicTensor;
  // [batch, 14, 14, 64]
  const up2 = tf.layers
    .conv2dTranspose({
      name: 'generator__up2',
      filters: 64,
      kernelSize: 5,
      strides: 2,
      padding: 'same',
      activation: 'linear',
      useBias: false,
      kernelInitializer: tf.initializers.glorotUniform({ seed: seedOf('up2') }),
    })
    .apply(up1Act) as tf.SymbolicTensor;
  // [batch, 14, 14, 64]
  const up2Bn = tf.layers
    .batchNormalization({ name: 'generator__up2_bn', axis: -1, momentum: 0.99, epsilon: 0.001 })
    .apply(up2) as tf.SymbolicTensor;
  // [batch, 14, 14, 64]
  const up2Act = tf.layers
    .leakyReLU({ name: 'generator__up2_act', alpha: 0.2 })
    .apply(up2Bn) as tf.SymbolicTensor;
  // [batch, 28, 28, 1]
  const toPixels = tf.layers
    .conv2dTranspose({
      name: 'generator__to_pixels',
      filters: 1,
      kernelSize: 5,
      strides: 2,
      padding: 'same',
      activation: 'tanh',
      useBias: false,
      kernelInitializer: tf.initializers.glorotUniform({ seed: seedOf('to_pixels') }),
    })
    .apply(up2Act) as tf.SymbolicTensor;
  return tf.model({ inputs: [z, c], outputs: [toPixels], name: 'generator' });
}

/**
 * The model "discriminator": x [batch, 28, 28, 1], c [batch] → logit [batch, 1]. Layer names match
 * the app's, so weights saved by one load into the other. Dropout masks draw their seeds from
 * `rng`, the training stream.
 */
export function buildDiscriminator(seed: number, rng: Rng): tf.LayersModel {
  // each layer's initialiser seed derives from the training seed, the model and the node
  const seedOf = (node: string) => hashString(`${seed}/discriminator/${node}`);
  const x = tf.input({ shape: [28, 28, 1], name: 'discriminator__x' }); // [batch, 28, 28, 1]
  const c = tf.input({ shape: [], dtype: 'int32', name: 'discriminator__c' }); // [batch]
  // [batch, 784]
  const embed = tf.layers
    .embedding({
      name: 'discriminator__embed',
      inputDim: 10,
      outputDim: 784,
      embeddingsInitializer: tf.initializers.randomUniform({
        minval: -0.05,
        maxval: 0.05,
        seed: seedOf('embed'),
      }),
    })
    .apply(c) as tf.SymbolicTensor;
  // [batch, 28, 28, 1]
  const labelMap = tf.layers
    .reshape({ name: 'discriminator__label_map', targetShape: [28, 28, 1] })
    .apply(embed) as tf.SymbolicTensor;
  // [batch, 28, 28, 2]
  const join = tf.layers
    .concatenate({ name: 'discriminator__join', axis: -1 })
    .apply([x, labelMap]) as tf.SymbolicTensor;
  // [batch, 14, 14, 64]
  const conv1 = tf.layers
    .conv2d({
      name: 'discriminator__conv1',
      filters: 64,
      kernelSize: 5,
      strides: 2,
      padding: 'same',
      activation: 'linear',
      useBias: true,
      kernelInitializer: tf.initializers.glorotUniform({ seed: seedOf('conv1') }),
    })
    .apply(join) as tf.SymbolicTensor;
  // [batch, 14, 14, 64]
  const conv1Act = tf.layers
    .leakyReLU({ name: 'discriminator__conv1_act', alpha: 0.2 })
    .apply(conv1) as tf.SymbolicTensor;
  // [batch, 14, 14, 64]
  const conv1Drop = new FreshMaskDropout({
    name: 'discriminator__conv1_drop',
    rate: 0.3,
    seed: seedOf('conv1_drop'),
    nextSeed: () => rng.seed(),
  }).apply(conv1Act) as tf.SymbolicTensor;
  // [batch, 7, 7, 128]
  const conv2 = tf.layers
    .conv2d({
      name: 'discriminator__conv2',
      filters: 128,
      kernelSize: 5,
      strides: 2,
      padding: 'same',
      activation: 'linear',
      useBias: true,
      kernelInitializer: tf.initializers.glorotUniform({ seed: seedOf('conv2') }),
    })
    .apply(conv1Drop) as tf.SymbolicTensor;
  // [batch, 7, 7, 128]
  const conv2Act = tf.layers
    .leakyReLU({ name: 'discriminator__conv2_act', alpha: 0.2 })
    .apply(conv2) as tf.SymbolicTensor;
  // [batch, 7, 7, 128]
  const conv2Drop = new FreshMaskDropout({
    name: 'discriminator__conv2_drop',
    rate: 0.3,
    seed: seedOf('conv2_drop'),
    nextSeed: () => rng.seed(),
  }).apply(conv2Act) as tf.SymbolicTensor;
  // [batch, 6272]
  const flat = tf.layers
    .flatten({ name: 'discriminator__flat' })
    .apply(conv2Drop) as tf.SymbolicTensor;
  // [batch, 1]
  const score = tf.layers
    .dense({
      name: 'discriminator__score',
      units: 1,
      activation: 'linear',
      useBias: true,
      kernelInitializer: tf.initializers.glorotUniform({ seed: seedOf('score') }),
    })
    .apply(flat) as tf.SymbolicTensor;
  return tf.model({ inputs: [x, c], outputs: [score], name: 'discriminator' });
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

/**
 * `count` class ids drawn from the stream, class c with probability weights[c] / Σ weights: one
 * uniform per id, looked up in the running sums, so every backend draws the same ids.
 */
function drawClassIds(
  tf: TFModule,
  rng: RandomStream,
  count: number,
  weights: readonly number[],
): TF.Tensor1D {
  const total = weights.reduce((a, b) => a + b, 0);
  const ids = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    let u = rng.next() * total;
    let c = 0;
    while (c < weights.length - 1 && u >= weights[c]!) u -= weights[c++]!;
    ids[i] = c;
  }
  return tf.tensor1d(ids, 'int32');
}

// ── Losses ───────────────────────────────────────────────────────────────────────────────────────

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

const REDUCTIONS = ['mean', 'sumPerSample'] as const;

type Reduction = (typeof REDUCTIONS)[number];

/** Reduces per-element losses to a scalar: the mean, or per-sample sums averaged over the batch. */
function reduceLoss(tf: TFModule, perElement: TF.Tensor, reduction: Reduction): TF.Scalar {
  if (reduction === 'mean' || perElement.rank <= 1) return tf.mean(perElement);
  const sampleAxes = Array.from({ length: perElement.rank - 1 }, (_, i) => i + 1);
  return tf.mean(tf.sum(perElement, sampleAxes));
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
  models: { generator: tf.LayersModel; discriminator: tf.LayersModel };
  /** one optimizer per update, and the weights it may change: its own models' only */
  optimizers: { d: tf.Optimizer; g: tf.Optimizer };
  variables: { d: tf.Variable[]; g: tf.Variable[] };
  data: DataSources;
  /** iterations done */
  step: number;
}

/** A run at its start: the weights drawn from `seed`, fresh optimizers, the stream seeded. */
export function createTraining(seed: number, data: DataSources): Training {
  const rng = new Rng(seed);
  const models = { generator: buildGenerator(seed), discriminator: buildDiscriminator(seed, rng) };
  return {
    rng,
    models,
    optimizers: {
      d: tf.train.adam(0.0002, 0.5, 0.999, 1e-7),
      g: tf.train.adam(0.0002, 0.5, 0.999, 1e-7),
    },
    variables: {
      d: trainableVariables(models.discriminator),
      g: trainableVariables(models.generator),
    },
    data,
    step: 0,
  };
}

/**
 * The loss update "D" minimises over the weights of "discriminator", evaluated afresh: a new batch,
 * new noise.
 */
function lossForD(t: Training): tf.Scalar {
  // x [64, 28, 28, 1], label [64]
  const real = t.data.mnist.batch('train', 64, '[-1,1]', t.rng, 'class ids');
  const z = philoxNormalTensor(tf, [64, 100], t.rng.seed()); // [64, 100]
  const askedDigit = drawClassIds(tf, t.rng, 64, [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]); // [64]
  // [64, 1]
  const dReal = t.models.discriminator.apply([real.x, real.label], { training: true }) as tf.Tensor;
  // [64, 28, 28, 1]
  const g = t.models.generator.apply([z, askedDigit], { training: true }) as tf.Tensor;
  const dRealLoss = reduceLoss(tf, bceFromLogits(tf, dReal, { constant: 1 }), 'mean');
  // [64, 1]
  const dFake = t.models.discriminator.apply([g, askedDigit], { training: true }) as tf.Tensor;
  const dFakeLoss = reduceLoss(tf, bceFromLogits(tf, dFake, { constant: 0 }), 'mean');
  const dLoss: tf.Scalar = tf.addN([dRealLoss, dFakeLoss]);
  return dLoss;
}

/**
 * The loss update "G" minimises over the weights of "generator", evaluated afresh: a new batch, new
 * noise.
 */
function lossForG(t: Training): tf.Scalar {
  const z = philoxNormalTensor(tf, [64, 100], t.rng.seed()); // [64, 100]
  const askedDigit = drawClassIds(tf, t.rng, 64, [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]); // [64]
  // [64, 28, 28, 1]
  const g = t.models.generator.apply([z, askedDigit], { training: true }) as tf.Tensor;
  // [64, 1]
  const dFake = t.models.discriminator.apply([g, askedDigit], { training: true }) as tf.Tensor;
  const gLoss = reduceLoss(tf, bceFromLogits(tf, dFake, { constant: 1 }), 'mean');
  return gLoss;
}

/**
 * One training iteration: updates "D", then "G", each minimising its own loss over its own models'
 * weights. Returns the loss of each update by name, from before its step; dispose them once read.
 */
export function trainStep(t: Training): Record<string, tf.Scalar> {
  const d = t.optimizers.d.minimize(() => lossForD(t), true, t.variables.d)!;
  const g = t.optimizers.g.minimize(() => lossForG(t), true, t.variables.g)!;
  t.step++;
  return { D: d, G: g };
}

/** What the preview "real" shows, evaluated with training off. */
function previewReal(t: Training): tf.Tensor {
  // x [64, 28, 28, 1], label [64]
  const real = t.data.mnist.batch('train', 64, '[-1,1]', t.rng, 'class ids');
  return imageGrid(tf, real.x, 64, '[-1,1]');
}

/** What the preview "one row per digit" shows, evaluated with training off. */
function previewOneRowPerDigit(t: Training): tf.Tensor {
  const previewZ = philoxNormalTensor(tf, [100, 100], t.rng.seed()); // [100, 100]
  // [100]
  const digits09 = tf.tensor1d(
    [
      0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 3,
      3, 3, 3, 3, 3, 3, 3, 3, 3, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 6, 6,
      6, 6, 6, 6, 6, 6, 6, 6, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 9, 9, 9,
      9, 9, 9, 9, 9, 9, 9,
    ],
    'int32',
  );
  // [100, 28, 28, 1]
  const gRows = t.models.generator.apply([previewZ, digits09], { training: false }) as tf.Tensor;
  return imageGrid(tf, gRows, 100, '[-1,1]');
}

/**
 * What each preview shows now, by name, evaluated with training off; dispose the tensors once
 * drawn.
 */
export function sample(t: Training): Record<string, tf.Tensor> {
  return {
    real: tf.tidy(() => previewReal(t)),
    'one row per digit': tf.tidy(() => previewOneRowPerDigit(t)),
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
