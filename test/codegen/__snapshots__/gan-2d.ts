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

// ── Random numbers ───────────────────────────────────────────────────────────────────────────────

/** A stable 32-bit hash of a string (FNV-1a): each layer's initialiser seed derives from it. */
function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

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

/** A standard normal draw (Box-Muller); 1 − u keeps the log away from 0. */
function gaussian(rng: Random): number {
  const u = 1 - rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
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

/** `count` 2-D points [count, 2]: points from `point` plus Gaussian noise of std `noise`. */
function toyPoints(
  rng: Random,
  count: number,
  noise: number,
  point: () => [number, number],
): tf.Tensor2D {
  const xy = new Float32Array(count * 2);
  for (let i = 0; i < count; i++) {
    const [x, y] = point();
    xy[2 * i] = x + noise * gaussian(rng);
    xy[2 * i + 1] = y + noise * gaussian(rng);
  }
  return tf.tensor2d(xy, [count, 2], 'float32');
}

/** Points around `modes` centres evenly spaced on a circle of radius 2 (a ring of Gaussians). */
function ringPoints(rng: Random, count: number, modes: number, noise: number): tf.Tensor2D {
  return toyPoints(rng, count, noise, () => {
    const angle = (2 * Math.PI * Math.floor(rng.next() * modes)) / modes;
    return [2 * Math.cos(angle), 2 * Math.sin(angle)];
  });
}

// ── Losses ───────────────────────────────────────────────────────────────────────────────────────

/** "mean": the mean of every value. "sumPerSample": each sample's values summed, then averaged. */
type Reduction = 'mean' | 'sumPerSample';

function reduceLoss(perElement: tf.Tensor, reduction: Reduction): tf.Scalar {
  if (reduction === 'mean' || perElement.rank <= 1) return tf.mean(perElement);
  const sampleAxes = Array.from({ length: perElement.rank - 1 }, (_, i) => i + 1);
  return tf.mean(tf.sum(perElement, sampleAxes));
}

/**
 * Binary cross-entropy between sigmoid(logits) and targets in [0, 1], computed from the logits as
 * max(x, 0) − x·z + log(1 + e^−|x|), which stays exact where the sigmoid would round to 0 or 1.
 */
function bceWithLogits(
  logits: tf.Tensor,
  targets: tf.Tensor | number,
  reduction: Reduction,
): tf.Scalar {
  const x = logits;
  const perElement = tf.add(
    tf.sub(tf.relu(x), tf.mul(x, targets)),
    tf.log1p(tf.exp(tf.neg(tf.abs(x)))),
  );
  return reduceLoss(perElement, reduction);
}

// ── Previews ─────────────────────────────────────────────────────────────────────────────────────

/** The first `count` points of a batch of 2-D points, for a scatter plot. */
function firstPoints(points: tf.Tensor, count: number): tf.Tensor {
  return tf.slice(points, 0, Math.min(count, points.shape[0] ?? 1));
}

// ── Training ─────────────────────────────────────────────────────────────────────────────────────

/** The weights an optimizer may change: the trainable weights of its own models, no others. */
function trainableVariables(...models: tf.LayersModel[]): tf.Variable[] {
  return models.flatMap((model) => model.trainableWeights.map((w) => w.read() as tf.Variable));
}

/** Everything a training run holds. */
export interface Training {
  /** the stream every batch, noise tensor and dropout mask draws from */
  rng: Random;
  models: { generator: tf.LayersModel; discriminator: tf.LayersModel };
  /** one optimizer per update, and the weights it may change: its own models' only */
  optimizers: { d: tf.Optimizer; g: tf.Optimizer };
  variables: { d: tf.Variable[]; g: tf.Variable[] };
  /** iterations done */
  step: number;
}

/** A run at its start: the weights drawn from `seed`, fresh optimizers, the stream seeded. */
export function createTraining(seed: number): Training {
  const rng = new Random(seed);
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
  const real = ringPoints(t.rng, 128, 8, 0.05); // [128, 2]
  const noise = philoxNormal([128, 8], t.rng.seed()); // [128, 8]
  const dReal = t.models.discriminator.apply(real, { training: true }) as tf.Tensor; // [128, 1]
  const gen = t.models.generator.apply(noise, { training: true }) as tf.Tensor; // [128, 2]
  const realLoss = bceWithLogits(dReal, 1, 'mean');
  const dFake = t.models.discriminator.apply(gen, { training: true }) as tf.Tensor; // [128, 1]
  const fakeLoss = bceWithLogits(dFake, 0, 'mean');
  const dLoss: tf.Scalar = tf.addN([realLoss, fakeLoss]);
  return dLoss;
}

/**
 * The loss update "G" minimises over the weights of "generator", evaluated afresh: a new batch, new
 * noise.
 */
function lossForG(t: Training): tf.Scalar {
  const noise = philoxNormal([128, 8], t.rng.seed()); // [128, 8]
  const gen = t.models.generator.apply(noise, { training: true }) as tf.Tensor; // [128, 2]
  const dFake = t.models.discriminator.apply(gen, { training: true }) as tf.Tensor; // [128, 1]
  const gLoss = bceWithLogits(dFake, 1, 'mean');
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
  const real = ringPoints(t.rng, 128, 8, 0.05); // [128, 2]
  return firstPoints(real, 512);
}

/** What the preview "fake_points" shows, evaluated with training off. */
function previewFakePoints(t: Training): tf.Tensor {
  const noise = philoxNormal([128, 8], t.rng.seed()); // [128, 8]
  const gen = t.models.generator.apply(noise, { training: false }) as tf.Tensor; // [128, 2]
  return firstPoints(gen, 512);
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
