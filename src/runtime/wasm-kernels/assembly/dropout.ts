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

export function dropout(n: i32, x: usize, out: usize, k0: u32, k1: u32, blockLo: u32, blockHi: u32, lane0: i32, rate: f32, scale: f32, words: usize): void {
  let lo = blockLo, hi = blockHi;
  let i = 0;
  let lane = lane0;
  while (i < n) {
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
