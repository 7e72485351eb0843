// Philox4x32-10 (Salmon, Moraes, Dror, Shaw: "Parallel random numbers: as easy as 1, 2, 3", SC 2011)
// in plain TypeScript: the reference the WGSL program is checked against, and the CPU path of the
// gpu-random ops. Pure: no tfjs, no state.
//
// The generator is a keyed bijection on 128-bit counters: block(counter, key) gives four uint32s.
// A seed picks the key; value number p of the seed's stream is lane p % 4 of block floor(p / 4).
// So any value can be computed on its own, in any order, on any device, and a draw of n values at
// offset o is exactly values o .. o + n - 1 of the stream.

/** the round multipliers */
export const PHILOX_M0 = 0xd2511f53;
export const PHILOX_M1 = 0xcd9e8d57;
/** the key increments (Weyl sequence): golden ratio and sqrt(3) - 1, as 32-bit fractions */
export const PHILOX_W0 = 0x9e3779b9;
export const PHILOX_W1 = 0xbb67ae85;
export const PHILOX_ROUNDS = 10;

/** the largest seed or offset accepted: both travel as two 32-bit words */
export const MAX_SAFE_WORD_PAIR = Number.MAX_SAFE_INTEGER;

const TWO_POW_32 = 4294967296;
/** 2^-24: the spacing of the uniform floats made from the top 24 bits of a word */
const TWO_POW_M24 = 1 / 16777216;
const TWO_POW_M23 = 1 / 8388608;

/**
 * The high 32 bits of the 64-bit product of two uint32s, from four 16x16-bit products. Written the
 * way the WGSL version must be (WGSL has no 64-bit integers); every partial sum is below 2^34, so
 * it is exact in doubles.
 */
export function mulhi32(a: number, b: number): number {
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

/**
 * One Philox4x32-10 block into `out[at .. at + 3]`. Ten rounds; the key is bumped by (W0, W1)
 * before every round but the first.
 */
export function philoxBlockInto(c0: number, c1: number, c2: number, c3: number, k0: number, k1: number, out: Uint32Array, at: number): void {
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

/** Philox4x32-10 of one counter and key, as in the Random123 known-answer vectors. */
export function philox4x32(counter: readonly [number, number, number, number], key: readonly [number, number]): [number, number, number, number] {
  const out = new Uint32Array(4);
  philoxBlockInto(counter[0], counter[1], counter[2], counter[3], key[0], key[1], out, 0);
  return [out[0]!, out[1]!, out[2]!, out[3]!];
}

/** A non-negative safe integer split into its low and high 32-bit words. */
export function splitWords(value: number, what: string): [number, number] {
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`gpu-random: ${what} must be a whole number in [0, 2^53), got ${value}`);
  return [value % TWO_POW_32 >>> 0, Math.floor(value / TWO_POW_32) >>> 0];
}

/**
 * Values `offset .. offset + n - 1` of the uint32 stream of `seed`. The counter of block b is
 * (b mod 2^32, floor(b / 2^32), 0, 0); the key is (seed mod 2^32, floor(seed / 2^32)).
 */
export function philoxUint32(n: number, seed: number, offset: number): Uint32Array {
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

/** A word to a float in [0, 1): its top 24 bits times 2^-24, exact in float32 (and in WGSL's f32). */
export function wordToUnit(x: number): number {
  return (x >>> 8) * TWO_POW_M24;
}

/** A word to a float in (0, 1]: never 0, so its logarithm is finite. */
export function wordToUnitOpen(x: number): number {
  return ((x >>> 8) + 1) * TWO_POW_M24;
}

/** A word to a float in [-1, 1), exact in float32. */
export function wordToSigned(x: number): number {
  return (x >>> 8) * TWO_POW_M23 - 1;
}

/** A word to an integer in [0, n): floor(x * n / 2^32) (bias below n / 2^32). */
export function wordToInt(x: number, n: number): number {
  return mulhi32(x, n);
}

/** Uniform floats in [low, high), as float32. With low = 0, high = 1 they are exact multiples of 2^-24. */
export function philoxUniform(n: number, seed: number, offset: number, low = 0, high = 1): Float32Array {
  const bits = philoxUint32(n, seed, offset);
  const out = new Float32Array(n);
  const lo = Math.fround(low);
  const scale = Math.fround(high - low);
  for (let i = 0; i < n; i++) out[i] = lo + scale * wordToUnit(bits[i]!);
  return out;
}

/**
 * Normal floats (Box-Muller) with the given mean and standard deviation, as float32. Within each
 * block, words 0 and 1 give values 0 and 1 (r cos a, r sin a), words 2 and 3 give values 2 and 3;
 * r = sqrt(-2 ln u) with u in (0, 1], a = pi v with v in [-1, 1) (the range where WGSL's cos and
 * sin are most accurate).
 */
export function philoxNormal(n: number, seed: number, offset: number, mean = 0, std = 1): Float32Array {
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

/** Whole numbers in [0, maxExclusive), as int32. */
export function philoxInt(n: number, seed: number, offset: number, maxExclusive: number): Int32Array {
  checkIntRange(maxExclusive);
  const bits = philoxUint32(n, seed, offset);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = wordToInt(bits[i]!, maxExclusive);
  return out;
}

/**
 * An inverted-dropout mask: 1 / (1 - rate) where the uniform value is at least `rate` (so kept
 * with probability 1 - rate), else 0. Exactly the same on every device: the uniforms are exact and
 * the comparison is against the float32 rate.
 */
export function philoxDropoutMask(n: number, seed: number, offset: number, rate: number): Float32Array {
  checkRate(rate);
  const bits = philoxUint32(n, seed, offset);
  const out = new Float32Array(n);
  const r = Math.fround(rate);
  const keep = dropoutScale(rate);
  for (let i = 0; i < n; i++) out[i] = wordToUnit(bits[i]!) >= r ? keep : 0;
  return out;
}

/** the float32 scale of kept values */
export function dropoutScale(rate: number): number {
  return Math.fround(1 / (1 - rate));
}

export function checkRate(rate: number): void {
  if (!(rate >= 0 && rate < 1)) throw new Error(`gpu-random: dropout rate must be in [0, 1), got ${rate}`);
}

export function checkIntRange(maxExclusive: number): void {
  if (!Number.isInteger(maxExclusive) || maxExclusive < 1 || maxExclusive > 2 ** 31) {
    throw new Error(`gpu-random: the upper bound must be a whole number in [1, 2^31], got ${maxExclusive}`);
  }
}

/** How far a stream's offset moves for a draw of `shape`: one value per element. */
export function valuesIn(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}
