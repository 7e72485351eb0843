// The seeded random stream of the exported program: the same generator as src/runtime/rng.ts
// (sfc32 seeded through splitmix32) and the same derived draws, and the Philox4x32-10 generator of
// src/runtime/gpu-random/philox.ts for noise, timesteps and dropout masks, so that the exported
// program draws exactly the numbers the app draws for the same seed.
//
// The export has only the TypeScript path of gpu-random: it computes the Philox numbers on the CPU
// and uploads them, on whichever backend tfjs picked (it depends on @tensorflow/tfjs alone, so it
// has no WGSL program). On the CPU backend these are the app's numbers bit for bit; against the
// app on WebGPU, whole numbers, masks and [0, 1) uniforms are too, the rest within float32
// rounding.
import { snippet } from '../snippet';

export const randomClass = snippet(
  'Random',
  'random',
  `
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
`,
);

export const hashString = snippet(
  'hashString',
  'random',
  `
/** A stable 32-bit hash of a string (FNV-1a): each layer's initialiser seed derives from it. */
function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}
`,
);

export const gaussianNumber = snippet(
  'gaussian',
  'random',
  `
/** A standard normal draw (Box-Muller); 1 − u keeps the log away from 0. */
function gaussian(rng: Random): number {
  const u = 1 - rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
}
`,
  [randomClass],
);

export const philoxWords = snippet(
  'philoxWords',
  'random',
  `
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
`,
  [],
  ['mulhi', 'unitOf'],
);

export const philoxUniform = snippet(
  'philoxUniform',
  'random',
  `
/** Uniform float32 values in [low, high): low + (high − low) u. */
function philoxUniform(shape: readonly number[], seed: number, low: number, high: number): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const words = philoxWords(n, seed);
  const [lo, scale] = [Math.fround(low), Math.fround(high - low)];
  const values = new Float32Array(n);
  for (let i = 0; i < n; i++) values[i] = lo + scale * unitOf(words[i]!);
  return tf.tensor(values, [...shape], 'float32');
}
`,
  [philoxWords],
);

export const philoxNormal = snippet(
  'philoxNormal',
  'random',
  `
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
`,
  [philoxWords],
);

export const philoxInts = snippet(
  'philoxInts',
  'random',
  `
/** n whole numbers in [0, count): the high word of word · count, floor(word · count / 2^32). */
function philoxInts(n: number, count: number, seed: number): number[] {
  const words = philoxWords(n, seed);
  return Array.from({ length: n }, (_, i) => mulhi(words[i]!, count));
}
`,
  [philoxWords],
);

export const philoxDropout = snippet(
  'philoxDropout',
  'random',
  `
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
`,
  [philoxWords],
);
