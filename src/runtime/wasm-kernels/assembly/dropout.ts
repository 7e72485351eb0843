// Inverted dropout with Philox masks, drawn and applied in one pass: the same words as the
// product's Philox4x32-10 (src/runtime/gpu-random/philox.ts, and its WGSL), so the same masks on
// every backend, bit for bit. Value i of a draw at stream offset `offset` is word i of the stream:
// block b = floor(offset / 4) + (lane0 + i) / 4 (counter (b mod 2^32, b / 2^32, 0, 0), key = the
// seed's two words), lane (lane0 + i) mod 4. out = x * (unit >= rate ? scale : 0), unit = the
// word's top 24 bits times 2^-24.
import { at } from './simd';

const M0: u64 = 0xd2511f53;
const M1: u64 = 0xcd9e8d57;
const W0: u32 = 0x9e3779b9;
const W1: u32 = 0xbb67ae85;

/** the four words of block (blockLo, blockHi) under key (k0, k1), at out .. out + 15 */
@inline function block(blockLo: u32, blockHi: u32, k0: u32, k1: u32, out: usize): void {
  let x0 = blockLo, x1 = blockHi, x2: u32 = 0, x3: u32 = 0;
  let key0 = k0, key1 = k1;
  for (let r = 0; r < 10; r++) {
    if (r > 0) {
      key0 += W0;
      key1 += W1;
    }
    const p0 = M0 * <u64>x0;
    const p1 = M1 * <u64>x2;
    x0 = <u32>(p1 >> 32) ^ x1 ^ key0;
    x1 = <u32>p1;
    x2 = <u32>(p0 >> 32) ^ x3 ^ key1;
    x3 = <u32>p0;
  }
  store<u32>(out, x0);
  store<u32>(out + 4, x1);
  store<u32>(out + 8, x2);
  store<u32>(out + 12, x3);
}

/** applies the 16 words of blocks (lo + 0..3, with carry into hi) to x[0, 16) at out: Philox four blocks at a time */
@inline function apply4(lo: u32, hi: u32, k0: u32, k1: u32, x: usize, out: usize, rate: v128, scale: v128): void {
  const los = i32x4.add(i32x4.splat(lo), i32x4(0, 1, 2, 3));
  // a lane whose low word wrapped carries one into its high word (the mask is -1 there)
  const his = i32x4.sub(i32x4.splat(hi), i32x4.lt_u(los, i32x4.splat(lo)));
  let x0 = los, x1 = his, x2 = i32x4.splat(0), x3 = i32x4.splat(0);
  let key0 = k0, key1 = k1;
  const m0 = i32x4.splat(<i32>M0), m1 = i32x4.splat(<i32>M1);
  for (let r = 0; r < 10; r++) {
    if (r > 0) {
      key0 += W0;
      key1 += W1;
    }
    // the four 64-bit products of each multiplier, as their low and high words
    const p0a = i64x2.extmul_low_i32x4_u(x0, m0), p0b = i64x2.extmul_high_i32x4_u(x0, m0);
    const p1a = i64x2.extmul_low_i32x4_u(x2, m1), p1b = i64x2.extmul_high_i32x4_u(x2, m1);
    const p0lo = v128.shuffle<i32>(p0a, p0b, 0, 2, 4, 6), p0hi = v128.shuffle<i32>(p0a, p0b, 1, 3, 5, 7);
    const p1lo = v128.shuffle<i32>(p1a, p1b, 0, 2, 4, 6), p1hi = v128.shuffle<i32>(p1a, p1b, 1, 3, 5, 7);
    x0 = v128.xor(v128.xor(p1hi, x1), i32x4.splat(key0));
    x1 = p1lo;
    x2 = v128.xor(v128.xor(p0hi, x3), i32x4.splat(key1));
    x3 = p0lo;
  }
  // block k's words are lane k of x0..x3: transposed, each vector holds one block's four words in stream order
  const t0 = v128.shuffle<i32>(x0, x1, 0, 4, 1, 5), t1 = v128.shuffle<i32>(x2, x3, 0, 4, 1, 5);
  const t2 = v128.shuffle<i32>(x0, x1, 2, 6, 3, 7), t3 = v128.shuffle<i32>(x2, x3, 2, 6, 3, 7);
  const w0 = v128.shuffle<i64>(t0, t1, 0, 2), w1 = v128.shuffle<i64>(t0, t1, 1, 3);
  const w2 = v128.shuffle<i64>(t2, t3, 0, 2), w3 = v128.shuffle<i64>(t2, t3, 1, 3);
  maskFour(w0, x, out, rate, scale);
  maskFour(w1, x + 16, out + 16, rate, scale);
  maskFour(w2, x + 32, out + 32, rate, scale);
  maskFour(w3, x + 48, out + 48, rate, scale);
}

/** out[0, 4) = x[0, 4) * (unit >= rate ? scale : 0), unit = each word's top 24 bits times 2^-24 (as the scalar loop) */
@inline function maskFour(words: v128, x: usize, out: usize, rate: v128, scale: v128): void {
  const unit = f32x4.mul(f32x4.convert_i32x4_u(i32x4.shr_u(words, 8)), f32x4.splat(<f32>5.9604644775390625e-8));
  v128.store(out, f32x4.mul(v128.load(x), v128.and(scale, f32x4.ge(unit, rate))));
}

export function dropout(n: i32, x: usize, out: usize, k0: u32, k1: u32, blockLo: u32, blockHi: u32, lane0: i32, rate: f32, scale: f32, words: usize): void {
  let lo = blockLo, hi = blockHi;
  let i = 0;
  let lane = lane0;
  // whole groups of four blocks once the draw is at a block's first word
  const vrate = f32x4.splat(rate), vscale = f32x4.splat(scale);
  while (i < n) {
    if (lane == 0 && i + 16 <= n) {
      apply4(lo, hi, k0, k1, at(x, i), at(out, i), vrate, vscale);
      i += 16;
      const next = lo + 4;
      if (next < lo) hi += 1;
      lo = next;
      continue;
    }
    block(lo, hi, k0, k1, words);
    for (; lane < 4 && i < n; lane++, i++) {
      const unit = <f32>(load<u32>(words + (<usize>lane << 2)) >>> 8) * <f32>5.9604644775390625e-8;
      store<f32>(at(out, i), load<f32>(at(x, i)) * (unit >= rate ? scale : <f32>0));
    }
    lane = 0;
    lo += 1;
    if (lo == 0) hi += 1;
  }
}
