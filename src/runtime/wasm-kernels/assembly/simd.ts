// Helpers shared by the kernels: flat loops over n float32 values, four at a time, then the rest.

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

// exp without AssemblyScript's Mathf.exp, whose lookup table would be a data segment written into
// tfjs's memory: x = n ln2 + r with |r| <= ln2 / 2, e^r by its Taylor polynomial to r^7 (relative
// error below 2e-7 there), times 2^n built in the exponent bits. Inputs are clamped to where
// float32 e^x is finite and normal; NaN stays NaN.
const LOG2E: f32 = 1.44269504;
const LN2_HI: f32 = 0.693359375;
const LN2_LO: f32 = -2.12194440e-4;

@inline export function exp4(x: v128): v128 {
  const v = f32x4.max(f32x4.min(x, f32x4.splat(88.3762626647949)), f32x4.splat(-87.3365478515625));
  const n = f32x4.nearest(f32x4.mul(v, f32x4.splat(LOG2E)));
  const r = f32x4.sub(f32x4.sub(v, f32x4.mul(n, f32x4.splat(LN2_HI))), f32x4.mul(n, f32x4.splat(LN2_LO)));
  let p = f32x4.splat(1.0 / 5040.0);
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.0 / 720.0));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.0 / 120.0));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.0 / 24.0));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.0 / 6.0));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(0.5));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.0));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.0));
  // 2^n for n in [-126, 127]: the biased exponent moved into place (n = 128 is split in two)
  const half = i32x4.shr_s(i32x4.trunc_sat_f32x4_s(n), 1);
  const rest = i32x4.sub(i32x4.trunc_sat_f32x4_s(n), half);
  const s1 = i32x4.shl(i32x4.add(half, i32x4.splat(127)), 23);
  const s2 = i32x4.shl(i32x4.add(rest, i32x4.splat(127)), 23);
  return f32x4.mul(f32x4.mul(p, s1), s2);
}

@inline export function exp1(x: f32): f32 {
  return f32x4.extract_lane(exp4(f32x4.splat(x)), 0);
}
