// 2-D GAN on a ring of Gaussians
//
// A small GAN that learns to place points on a ring of 8 Gaussians. Trains in seconds on any
// machine: watch the generator's points spread from a blob to the 8 modes (and sometimes miss some:
// mode collapse).
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
  const xy = tf.layers
    .dense({
      name: 'generator__xy',
      units: 2,
      activation: 'linear',
      useBias: true,
      kernelInitializer: tf.initializers.glorotUniform({ seed: seedOf('xy') }),
    })
    .apply(h2) as tf.SymbolicTensor;
  return tf.model({ inputs: [z], outputs: [xy], name: 'generator' });
}

/**
 * The model "discriminator": x [batch, 2] → logit [batch, 1]. Layer names match the app's, so
 * weights saved by one load into the other.
 */
export function buildDiscriminator(seed: number): tf.LayersModel {
  // each layer's initialiser seed derives from the training seed, the model and the node
  const seedOf = (node: string) => hashString(`${seed}/discriminator/${node}`);
  const x = tf.input({ shape: [2], name: 'discriminator__x' }); // [batch, 2]
  // [batch, 128]
  const h1 = tf.layers
    .dense({
      name: 'discriminator__h1',
      units: 128,
      activation: 'relu',
      useBias: true,
      kernelInitializer: tf.initializers.glorotUniform({ seed: seedOf('h1') }),
    })
    .apply(x) as tf.SymbolicTensor;
  // [batch, 128]
  const h2 = tf.layers
    .dense({
      name: 'discriminator__h2',
      units: 128,
      activation: 'relu',
      useBias: true,
      kernelInitializer: tf.initializers.glorotUniform({ seed: seedOf('h2') }),
    })
    .apply(h1) as tf.SymbolicTensor;
  // [batch, 1]
  const score = tf.layers
    .dense({
      name: 'discriminator__score',
      units: 1,
      activation: 'linear',
      useBias: true,
      kernelInitializer: tf.initializers.glorotUniform({ seed: seedOf('score') }),
    })
    .apply(h2) as tf.SymbolicTensor;
  return tf.model({ inputs: [x], outputs: [score], name: 'discriminator' });
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
  models: { generator: tf.LayersModel; discriminator: tf.LayersModel };
  /** one optimizer per update, and the weights it may change: its own models' only */
  optimizers: { d: tf.Optimizer; g: tf.Optimizer };
  variables: { d: tf.Variable[]; g: tf.Variable[] };
  /** iterations done */
  step: number;
}

/** A run at its start: the weights drawn from `seed`, fresh optimizers, the stream seeded. */
export function createTraining(seed: number): Training {
  const rng = new Rng(seed);
  const models = { generator: buildGenerator(seed), discriminator: buildDiscriminator(seed) };
  return {
    rng,
    models,
    optimizers: {
      d: tf.train.adam(0.001, 0.5, 0.999, 1e-7),
      g: tf.train.adam(0.001, 0.5, 0.999, 1e-7),
    },
    variables: {
      d: trainableVariables(models.discriminator),
      g: trainableVariables(models.generator),
    },
    step: 0,
  };
}

/**
 * The loss update "D" minimises over the weights of "discriminator", evaluated afresh: a new batch,
 * new noise.
 */
function lossForD(t: Training): tf.Scalar {
  const real = toyPoints(tf, t.rng, 'ring', 128, 8, 0.05); // [128, 2]
  const noise = philoxNormalTensor(tf, [128, 8], t.rng.seed()); // [128, 8]
  const dReal = t.models.discriminator.apply(real, { training: true }) as tf.Tensor; // [128, 1]
  const gen = t.models.generator.apply(noise, { training: true }) as tf.Tensor; // [128, 2]
  const realLoss = reduceLoss(tf, bceFromLogits(tf, dReal, { constant: 1 }), 'mean');
  const dFake = t.models.discriminator.apply(gen, { training: true }) as tf.Tensor; // [128, 1]
  const fakeLoss = reduceLoss(tf, bceFromLogits(tf, dFake, { constant: 0 }), 'mean');
  const dLoss: tf.Scalar = tf.addN([realLoss, fakeLoss]);
  return dLoss;
}

/**
 * The loss update "G" minimises over the weights of "generator", evaluated afresh: a new batch, new
 * noise.
 */
function lossForG(t: Training): tf.Scalar {
  const noise = philoxNormalTensor(tf, [128, 8], t.rng.seed()); // [128, 8]
  const gen = t.models.generator.apply(noise, { training: true }) as tf.Tensor; // [128, 2]
  const dFake = t.models.discriminator.apply(gen, { training: true }) as tf.Tensor; // [128, 1]
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

/** What the preview "real_points" shows, evaluated with training off. */
function previewRealPoints(t: Training): tf.Tensor {
  const real = toyPoints(tf, t.rng, 'ring', 128, 8, 0.05); // [128, 2]
  return firstPoints(tf, real, 512);
}

/** What the preview "fake_points" shows, evaluated with training off. */
function previewFakePoints(t: Training): tf.Tensor {
  const noise = philoxNormalTensor(tf, [128, 8], t.rng.seed()); // [128, 8]
  const gen = t.models.generator.apply(noise, { training: false }) as tf.Tensor; // [128, 2]
  return firstPoints(tf, gen, 512);
}

/**
 * What each preview shows now, by name, evaluated with training off; dispose the tensors once
 * drawn.
 */
export function sample(t: Training): Record<string, tf.Tensor> {
  return {
    real_points: tf.tidy(() => previewRealPoints(t)),
    fake_points: tf.tidy(() => previewFakePoints(t)),
  };
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
  return t;
}
