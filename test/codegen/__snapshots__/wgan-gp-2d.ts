// WGAN-GP on a ring
//
// A Wasserstein GAN with gradient penalty (Gulrajani et al. 2017) on points of a ring: the critic
// scores points instead of classifying them, raising real scores and lowering fake ones, while a
// penalty on its gradient between real and generated points keeps it smooth; five critic updates
// per generator update, Adam at 5e-4 (beta1 0.5, beta2 0.9). A Metric charts the penalty.
//
// Exported from Tensorloom: the models, the training step and the previews of the graph in plain
// TensorFlow.js. With the same seed (and the same images) it draws the same random numbers as the
// app on the CPU backend, so it trains to the same losses there; on WebGPU the app's normal draws
// may differ from these in the last bit or two, which training amplifies over many steps.
//
// Use: `await main()`, or createTraining, then trainStep in a loop and sample for the previews.
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

/** A word to a float in [0, 1): its top 24 bits times 2^-24, exact in float32 (and in WGSL's f32). */
function wordToUnit(x: number): number {
  return (x >>> 8) * TWO_POW_M24;
}

/** Uniform floats in [low, high), as float32. With low = 0, high = 1 they are exact multiples of 2^-24. */
function philoxUniform(n: number, seed: number, offset: number, low = 0, high = 1): Float32Array {
  const bits = philoxUint32(n, seed, offset);
  const out = new Float32Array(n);
  const lo = Math.fround(low);
  const scale = Math.fround(high - low);
  for (let i = 0; i < n; i++) out[i] = lo + scale * wordToUnit(bits[i]!);
  return out;
}

/** Uniform float32 values in [low, high) (default [0, 1)), one per element of `shape`. */
function philoxUniformTensor(
  tf: TFModule,
  shape: readonly number[],
  seed: number,
  offset = 0,
  low = 0,
  high = 1,
): TF.Tensor {
  return tf.tensor(
    philoxUniform(checkShape(shape), seed, offset, low, high),
    [...shape],
    'float32',
  );
}

// ── Models ───────────────────────────────────────────────────────────────────────────────────────

/**
 * The model "generator": z [batch, 8] → x [batch, 2]. Layer names match the app's, so weights saved
 * by one load into the other.
 */
export function buildGenerator(seed: number): tf.LayersModel {
  // each layer's initialiser seed derives from the training seed, the model and the node
  const seedOf = (node: string) => hashString(`${seed}/generator/${node}`);
  const z = tf.input({ shape: [8], name: 'generator__z' }); // [batch, 8]
  // [batch, 128]
  const h1 = tf.layers
    .dense({
      name: 'generator__h1',
      units: 128,
      activation: 'relu',
      useBias: true,
      kernelInitializer: tf.initializers.glorotUniform({ seed: seedOf('h1') }),
    })
    .apply(z) as tf.SymbolicTensor;
  // [batch, 128]
  const h2 = tf.layers
    .dense({
      name: 'generator__h2',
      units: 128,
      activation: 'relu',
      useBias: true,
      kernelInitializer: tf.initializers.glorotUniform({ seed: seedOf('h2') }),
    })
    .apply(h1) as tf.SymbolicTensor;
  // [batch, 2]
  const out = tf.layers
    .dense({
      name: 'generator__out',
      units: 2,
      activation: 'linear',
      useBias: true,
      kernelInitializer: tf.initializers.glorotUniform({ seed: seedOf('out') }),
    })
    .apply(h2) as tf.SymbolicTensor;
  return tf.model({ inputs: [z], outputs: [out], name: 'generator' });
}

/**
 * The model "critic": x [batch, 2] → score [batch, 1]. Layer names match the app's, so weights
 * saved by one load into the other.
 */
export function buildCritic(seed: number): tf.LayersModel {
  // each layer's initialiser seed derives from the training seed, the model and the node
  const seedOf = (node: string) => hashString(`${seed}/critic/${node}`);
  const x = tf.input({ shape: [2], name: 'critic__x' }); // [batch, 2]
  // [batch, 128]
  const h1 = tf.layers
    .dense({
      name: 'critic__h1',
      units: 128,
      activation: 'relu',
      useBias: true,
      kernelInitializer: tf.initializers.glorotUniform({ seed: seedOf('h1') }),
    })
    .apply(x) as tf.SymbolicTensor;
  // [batch, 128]
  const h2 = tf.layers
    .dense({
      name: 'critic__h2',
      units: 128,
      activation: 'relu',
      useBias: true,
      kernelInitializer: tf.initializers.glorotUniform({ seed: seedOf('h2') }),
    })
    .apply(h1) as tf.SymbolicTensor;
  // [batch, 1]
  const out = tf.layers
    .dense({
      name: 'critic__out',
      units: 1,
      activation: 'linear',
      useBias: true,
      kernelInitializer: tf.initializers.glorotUniform({ seed: seedOf('out') }),
    })
    .apply(h2) as tf.SymbolicTensor;
  return tf.model({ inputs: [x], outputs: [out], name: 'critic' });
}

// ── Data ─────────────────────────────────────────────────────────────────────────────────────────

type Distribution = 'ring' | 'spiral' | 'moons';

/** radius of the ring, and the outer radius of the spiral */
const TOY_RADIUS = 2;

const SPIRAL_TURNS = 1.5;

/** One noiseless point of a distribution. */
function toyPoint(d: Distribution, modes: number, rng: RandomStream): [number, number] {
  switch (d) {
    case 'ring': {
      // one of `modes` points evenly spaced on a circle (the mixture of Gaussians of Metz et al.)
      const a = (2 * Math.PI * Math.floor(rng.next() * modes)) / modes;
      return [TOY_RADIUS * Math.cos(a), TOY_RADIUS * Math.sin(a)];
    }
    case 'spiral': {
      // r grows with the angle θ up to TOY_RADIUS; θ ∝ √u spreads points evenly along the arm
      const turn = 2 * Math.PI * SPIRAL_TURNS;
      const theta = turn * Math.sqrt(rng.next());
      const r = (TOY_RADIUS * theta) / turn;
      return [r * Math.cos(theta), r * Math.sin(theta)];
    }
    case 'moons': {
      // two interleaved half circles of radius 1, shifted so the mixture's mean is the origin
      const upper = rng.next() < 0.5;
      const t = Math.PI * rng.next();
      return upper
        ? [Math.cos(t) - 0.5, Math.sin(t) - 0.25]
        : [0.5 - Math.cos(t), 0.25 - Math.sin(t)];
    }
  }
}

/** a standard normal draw (Box-Muller); 1 − u keeps the log away from 0 */
function gaussian(rng: RandomStream): number {
  const u = 1 - rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
}

/** `count` 2-D points [count, 2] of a distribution, plus Gaussian noise of std `noise`. */
function toyPoints(
  tf: TFModule,
  rng: RandomStream,
  d: Distribution,
  count: number,
  modes: number,
  noise: number,
): TF.Tensor2D {
  const xy = new Float32Array(count * 2);
  for (let i = 0; i < count; i++) {
    const [x, y] = toyPoint(d, modes, rng);
    xy[2 * i] = x + noise * gaussian(rng);
    xy[2 * i + 1] = y + noise * gaussian(rng);
  }
  return tf.tensor2d(xy, [count, 2], 'float32');
}

// ── Tensor operations ────────────────────────────────────────────────────────────────────────────

/** The shape of one mixing weight per sample: [batch, 1, 1, ...] for inputs of this shape. */
const weightShape = (shape: readonly number[]): number[] => [
  shape[0]!,
  ...shape.slice(1).map(() => 1),
];

/** ε·a + (1 − ε)·b, with ε [batch, 1, ...] broadcast over each sample's values. */
function interpolate(tf: TFModule, a: TF.Tensor, b: TF.Tensor, eps: TF.Tensor): TF.Tensor {
  return tf.add(tf.mul(eps, a), tf.mul(tf.sub(1, eps), b));
}

// ── Losses ───────────────────────────────────────────────────────────────────────────────────────

/** The WGAN loss: "real" −mean(critic) raises the scores, "fake" +mean(critic) lowers them. */
function wassersteinLoss(tf: TFModule, critic: TF.Tensor, sign: 'real' | 'fake'): TF.Scalar {
  const m: TF.Scalar = tf.mean(critic);
  return sign === 'real' ? tf.neg(m) : m;
}

const PENALTIES = ['wgan-gp', 'r1'] as const;

type Penalty = (typeof PENALTIES)[number];

/**
 * `weight` times the batch mean of a function of each sample's gradient of the model's (first)
 * output with respect to its float inputs, all of them together: WGAN-GP (‖∇‖₂ − 1)², R1 ‖∇‖₂².
 * Int32 inputs (class ids) are passed as they are. The norm has 1e-12 under its root, so that a
 * zero gradient does not give an infinite second derivative.
 */
function gradientPenalty(
  tf: TFModule,
  model: TF.LayersModel,
  inputs: readonly TF.Tensor[],
  penalty: Penalty,
  weight: number,
  training: boolean,
): TF.Scalar {
  const floats = inputs.map((t, i) => (t.dtype === 'float32' ? i : -1)).filter((i) => i >= 0);
  const output = (...xs: TF.Tensor[]) => {
    const args = inputs.map((t, i) => (floats.includes(i) ? xs[floats.indexOf(i)]! : t));
    const y = model.apply(args.length === 1 ? args[0]! : args, { training }) as
      TF.Tensor | TF.Tensor[];
    return tf.sum(Array.isArray(y) ? y[0]! : y);
  };
  const grads = tf.grads(output)(floats.map((i) => inputs[i]!));
  const batch = inputs[0]!.shape[0]!;
  const squared = tf.addN(grads.map((g) => tf.sum(tf.square(tf.reshape(g, [batch, -1])), 1)));
  const perSample =
    penalty === 'wgan-gp' ? tf.square(tf.sub(tf.sqrt(tf.add(squared, 1e-12)), 1)) : squared;
  return tf.mul(tf.mean(perSample), weight);
}

// ── Previews ─────────────────────────────────────────────────────────────────────────────────────

/** The first `count` points of a batch of 2-D points, for a scatter plot. */
function firstPoints(tf: TFModule, points: TF.Tensor, count: number): TF.Tensor {
  return tf.slice(points, 0, Math.min(count, points.shape[0] ?? 1));
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

/** Everything a training run holds. */
export interface Training {
  /** the stream every batch, noise tensor and dropout mask draws from */
  rng: Rng;
  /** the run's seed; each metric evaluation seeds a stream of its own from it */
  seed: number;
  models: { generator: tf.LayersModel; critic: tf.LayersModel };
  /** one optimizer per update, and the weights it may change: its own models' only */
  optimizers: { d: tf.Optimizer; g: tf.Optimizer };
  variables: { d: tf.Variable[]; g: tf.Variable[] };
  /** iterations done */
  step: number;
}

/** A run at its start: the weights drawn from `seed`, fresh optimizers, the stream seeded. */
export function createTraining(seed: number): Training {
  const rng = new Rng(seed);
  const models = { generator: buildGenerator(seed), critic: buildCritic(seed) };
  return {
    rng,
    seed,
    models,
    optimizers: {
      d: tf.train.adam(0.0005, 0.5, 0.9, 1e-7),
      g: tf.train.adam(0.0005, 0.5, 0.9, 1e-7),
    },
    variables: { d: trainableVariables(models.critic), g: trainableVariables(models.generator) },
    step: 0,
  };
}

/**
 * The loss update "D" minimises over the weights of "critic", evaluated afresh: a new batch, new
 * noise.
 */
function lossForD(t: Training): tf.Scalar {
  const real = toyPoints(tf, t.rng, 'ring', 128, 8, 0.05); // [128, 2]
  const z = philoxNormalTensor(tf, [128, 8], t.rng.seed()); // [128, 8]
  const dReal = t.models.critic.apply(real, { training: true }) as tf.Tensor; // [128, 1]
  const gen = t.models.generator.apply(z, { training: true }) as tf.Tensor; // [128, 2]
  const realW = wassersteinLoss(tf, dReal, 'real');
  const dFake = t.models.critic.apply(gen, { training: true }) as tf.Tensor; // [128, 1]
  // [128, 2]
  const between = interpolate(
    tf,
    real,
    gen,
    philoxUniformTensor(tf, weightShape(real.shape), t.rng.seed(), 0, 0, 1),
  );
  const fakeW = wassersteinLoss(tf, dFake, 'fake');
  const gradientPenalty2 = gradientPenalty(tf, t.models.critic, [between], 'wgan-gp', 10, true);
  const criticLoss: tf.Scalar = tf.addN([realW, fakeW, gradientPenalty2]);
  return criticLoss;
}

/**
 * The loss update "G" minimises over the weights of "generator", evaluated afresh: a new batch, new
 * noise.
 */
function lossForG(t: Training): tf.Scalar {
  const z = philoxNormalTensor(tf, [128, 8], t.rng.seed()); // [128, 8]
  const gen = t.models.generator.apply(z, { training: true }) as tf.Tensor; // [128, 2]
  const dFake = t.models.critic.apply(gen, { training: true }) as tf.Tensor; // [128, 1]
  const gLoss = wassersteinLoss(tf, dFake, 'real');
  return gLoss;
}

/**
 * One training iteration: updates "D", then "G", each minimising its own loss over its own models'
 * weights. Returns the loss of each update by name, from before its step; dispose them once read.
 */
export function trainStep(t: Training): Record<string, tf.Scalar> {
  // "D" runs 5 times per iteration, each on a fresh batch; the last loss is reported
  let d = t.optimizers.d.minimize(() => lossForD(t), true, t.variables.d)!;
  for (let repeat = 1; repeat < 5; repeat++) {
    d.dispose();
    d = t.optimizers.d.minimize(() => lossForD(t), true, t.variables.d)!;
  }
  const g = t.optimizers.g.minimize(() => lossForG(t), true, t.variables.g)!;
  t.step++;
  return { D: d, G: g };
}

/** What the preview "real" shows, evaluated with training off. */
function previewReal(t: Training): tf.Tensor {
  const real = toyPoints(tf, t.rng, 'ring', 128, 8, 0.05); // [128, 2]
  return firstPoints(tf, real, 512);
}

/** What the preview "generated" shows, evaluated with training off. */
function previewGenerated(t: Training): tf.Tensor {
  const z = philoxNormalTensor(tf, [128, 8], t.rng.seed()); // [128, 8]
  const gen = t.models.generator.apply(z, { training: false }) as tf.Tensor; // [128, 2]
  return firstPoints(tf, gen, 512);
}

/**
 * What each preview shows now, by name, evaluated with training off; dispose the tensors once
 * drawn.
 */
export function sample(t: Training): Record<string, tf.Tensor> {
  return { real: tf.tidy(() => previewReal(t)), generated: tf.tidy(() => previewGenerated(t)) };
}

/** The metric "penalty": the mean of its input, evaluated with training off, drawing from `rng`. */
function metricPenalty(t: Training, rng: Rng): tf.Scalar {
  const real = toyPoints(tf, rng, 'ring', 128, 8, 0.05); // [128, 2]
  const z = philoxNormalTensor(tf, [128, 8], rng.seed()); // [128, 8]
  const gen = t.models.generator.apply(z, { training: false }) as tf.Tensor; // [128, 2]
  // [128, 2]
  const between = interpolate(
    tf,
    real,
    gen,
    philoxUniformTensor(tf, weightShape(real.shape), rng.seed(), 0, 0, 1),
  );
  const gradientPenalty2 = gradientPenalty(tf, t.models.critic, [between], 'wgan-gp', 10, false);
  return tf.mean(tf.cast(gradientPenalty2, 'float32'));
}

/**
 * Every metric from the current weights, by name: as the app charts them before the iteration
 * `t.step`, each averaged over its batches.
 */
export function evaluateMetrics(t: Training): Record<string, number> {
  const values: Record<string, number> = {};
  {
    const rng = new Rng(hashString(`metric ${t.seed} gp_metric ${t.step}`));
    const value = tf.tidy(() => metricPenalty(t, rng));
    values['penalty'] = value.dataSync()[0]!;
    value.dispose();
  }
  return values;
}

/**
 * Trains for `steps` iterations and prints the losses every `logEvery`. Stops with an error
 * naming the update and the iteration when a loss is not finite.
 */
export async function main(steps = 1000, seed = 1, logEvery = 100): Promise<Training> {
  const t = createTraining(seed);
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
  console.log(`metrics after ${t.step} iterations:`, evaluateMetrics(t));
  return t;
}
