// Helpers shared by the kernels: flat loops over n float32 values, four at a time, then the rest.
import { MADD } from './madd';

/** byte offset of element i of a float32 array */
@inline export function at(base: usize, i: i32): usize {
  return base + (<usize>i << 2);
}

/** adds a row of n float32 values to n float64 accumulators (the sums stay accurate over many rows) */
@inline export function accumulate(acc: usize, row: usize, n: i32): void {
  let c = 0;
  for (; c + 4 <= n; c += 4) {
    const v = v128.load(at(row, c));
    const a = acc + (<usize>c << 3);
    v128.store(a, f64x2.add(v128.load(a), f64x2.promote_low_f32x4(v)));
    v128.store(a + 16, f64x2.add(v128.load(a + 16), f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1))));
  }
  for (; c < n; c++) {
    const a = acc + (<usize>c << 3);
    store<f64>(a, load<f64>(a) + <f64>load<f32>(at(row, c)));
  }
}

/** o[c] = (row[c] - mean[c]) * invstd[c] * gamma[c] + beta[c], mean at tmp[0, C), invstd at tmp[C, 2C) */
@inline export function normalizeRow(C: i32, row: usize, tmp: usize, gamma: usize, beta: usize, o: usize): void {
  let c = 0;
  for (; c + 4 <= C; c += 4) {
    const xhat = f32x4.mul(f32x4.sub(v128.load(at(row, c)), v128.load(at(tmp, c))), v128.load(at(tmp, C + c)));
    v128.store(at(o, c), f32x4.add(f32x4.mul(xhat, v128.load(at(gamma, c))), v128.load(at(beta, c))));
  }
  for (; c < C; c++) {
    const xhat = (load<f32>(at(row, c)) - load<f32>(at(tmp, c))) * load<f32>(at(tmp, C + c));
    store<f32>(at(o, c), xhat * load<f32>(at(gamma, c)) + load<f32>(at(beta, c)));
  }
}

/** n float64 accumulators set to 0 */
@inline export function clear(acc: usize, n: i32): void {
  memory.fill(acc, 0, <usize>n << 3);
}

// e^u for u <= 0 (what a sigmoid needs, as e^-|x|), without AssemblyScript's Mathf.exp, whose
// lookup table would be a data segment written into tfjs's memory: u = n ln2 + r with |r| <= ln2 / 2,
// e^r by its Taylor polynomial to r^7 (relative error below 2e-7 there), times 2^n built in the
// exponent bits. n comes from adding 1.5 * 2^23, which rounds u log2(e) to an integer that then
// sits in the sum's low bits (no float-to-int conversion: V8's saturating one is a long sequence).
// u is clamped at -87.34, where e^u is still a normal float32, so 2^n is one multiply; NaN stays NaN.
// The multiply-adds fuse in the relaxed-SIMD build (MADD).
const LOG2E: f32 = 1.44269504;
const LN2_HI: f32 = 0.693359375;
const LN2_LO: f32 = -2.12194440e-4;
const ROUNDER: f32 = 12582912.0;

@inline export function expNonPositive4(u: v128): v128 {
  const v = f32x4.max(u, f32x4.splat(-87.3365478515625));
  const t = MADD(v, f32x4.splat(LOG2E), f32x4.splat(ROUNDER));
  const n = f32x4.sub(t, f32x4.splat(ROUNDER));
  const r = MADD(n, f32x4.splat(-LN2_LO), MADD(n, f32x4.splat(-LN2_HI), v));
  let p = f32x4.splat(1.0 / 5040.0);
  p = MADD(p, r, f32x4.splat(1.0 / 720.0));
  p = MADD(p, r, f32x4.splat(1.0 / 120.0));
  p = MADD(p, r, f32x4.splat(1.0 / 24.0));
  p = MADD(p, r, f32x4.splat(1.0 / 6.0));
  p = MADD(p, r, f32x4.splat(0.5));
  p = MADD(p, r, f32x4.splat(1.0));
  p = MADD(p, r, f32x4.splat(1.0));
  // t's bits are ROUNDER's plus n: the biased exponent n + 127, moved into place
  const scale = i32x4.shl(i32x4.add(t, i32x4.splat(127 - 0x4b400000)), 23);
  return f32x4.mul(p, scale);
}

/** 1 / (1 + e^-x) on four lanes, from e^-|x| (no overflow at either end) */
@inline export function sigmoid4(x: v128): v128 {
  const e = expNonPositive4(f32x4.neg(f32x4.abs(x)));
  const d = f32x4.div(f32x4.splat(1), f32x4.add(f32x4.splat(1), e));
  return v128.bitselect(d, f32x4.mul(e, d), f32x4.ge(x, f32x4.splat(0)));
}
