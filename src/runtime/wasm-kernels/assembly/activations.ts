// Activations and their gradients, elementwise over n values, with tfjs's results bit for bit
// (the CPU backend's formulas; NaN in, NaN out):
//   leakyRelu      x < 0 ? x * alpha : x
//   leakyReluGrad  x > 0 ? dy : dy * alpha            (where(greater(x, 0), dy, dy * alpha))
//   reluGrad       dy * step(x), step(NaN) = NaN      (mul(dy, cast(step(x))))
//   swish          sigmoid(x * alpha) * x, and its gradient dy * (s + x * alpha * s * (1 - s)),
//                  with the sigmoid of simd.ts (its exp within 2e-7 relative of the exact value)
import { at, sigmoid4 } from './simd';

// alpha stays a float64 here, as the CPU backend's JavaScript multiplies by it (the gradient's
// alpha is a float32 tensor in tfjs)
export function leakyRelu(n: i32, x: usize, alpha: f64, out: usize): void {
  const a = f64x2.splat(alpha), zero = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const v = v128.load(at(x, i));
    const lo = f32x4.demote_f64x2_zero(f64x2.mul(f64x2.promote_low_f32x4(v), a));
    const hi = f32x4.demote_f64x2_zero(f64x2.mul(f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1)), a));
    const scaled = v128.shuffle<f32>(lo, hi, 0, 1, 4, 5);
    v128.store(at(out, i), v128.bitselect(scaled, v, f32x4.lt(v, zero)));
  }
  for (; i < n; i++) {
    const v = load<f32>(at(x, i));
    store<f32>(at(out, i), v < 0 ? <f32>(<f64>v * alpha) : v);
  }
}

export function leakyReluGrad(n: i32, dy: usize, x: usize, alpha: f32, out: usize): void {
  const a = f32x4.splat(alpha), zero = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const g = v128.load(at(dy, i));
    v128.store(at(out, i), v128.bitselect(g, f32x4.mul(g, a), f32x4.gt(v128.load(at(x, i)), zero)));
  }
  for (; i < n; i++) {
    const g = load<f32>(at(dy, i));
    store<f32>(at(out, i), load<f32>(at(x, i)) > 0 ? g : g * alpha);
  }
}

export function reluGrad(n: i32, dy: usize, x: usize, out: usize): void {
  const zero = f32x4.splat(0), one = f32x4.splat(1);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const v = v128.load(at(x, i));
    // step: 1 above 0, 0 at or below, NaN (the value itself) for NaN
    const step = v128.bitselect(v, v128.bitselect(one, zero, f32x4.gt(v, zero)), f32x4.ne(v, v));
    v128.store(at(out, i), f32x4.mul(v128.load(at(dy, i)), step));
  }
  for (; i < n; i++) {
    const v = load<f32>(at(x, i));
    const step: f32 = v != v ? v : v > 0 ? 1 : 0;
    store<f32>(at(out, i), load<f32>(at(dy, i)) * step);
  }
}

@inline function sigmoid(v: f32): f32 {
  return f32x4.extract_lane(sigmoid4(f32x4.splat(v)), 0);
}

export function swish(n: i32, x: usize, alpha: f32, out: usize): void {
  const a = f32x4.splat(alpha);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const v = v128.load(at(x, i));
    v128.store(at(out, i), f32x4.mul(sigmoid4(f32x4.mul(v, a)), v));
  }
  for (; i < n; i++) {
    const v = load<f32>(at(x, i));
    store<f32>(at(out, i), sigmoid(v * alpha) * v);
  }
}

export function swishGrad(n: i32, dy: usize, x: usize, alpha: f32, out: usize): void {
  const a = f32x4.splat(alpha), one = f32x4.splat(1);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const v = v128.load(at(x, i));
    const s = sigmoid4(f32x4.mul(v, a));
    const d = f32x4.add(s, f32x4.mul(f32x4.mul(f32x4.mul(v, a), s), f32x4.sub(one, s)));
    v128.store(at(out, i), f32x4.mul(v128.load(at(dy, i)), d));
  }
  for (; i < n; i++) {
    const v = load<f32>(at(x, i));
    const s = sigmoid(v * alpha);
    store<f32>(at(out, i), load<f32>(at(dy, i)) * (s + v * alpha * s * (<f32>1 - s)));
  }
}

/** relu: max(0, x) as tfjs's CPU backend (Math.max): NaN stays NaN, -0 becomes 0 */
export function relu(n: i32, x: usize, out: usize): void {
  const zero = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(at(out, i), f32x4.max(v128.load(at(x, i)), zero));
  for (; i < n; i++) store<f32>(at(out, i), Mathf.max(load<f32>(at(x, i)), 0));
}

/** out[r, c] = a[r, c] + b[c] for r < rows, c < cols: a sum of equal shapes (rows 1) or a bias add */
export function addRows(rows: i32, cols: i32, a: usize, b: usize, out: usize): void {
  for (let r = 0; r < rows; r++) {
    const row = at(a, r * cols), o = at(out, r * cols);
    let c = 0;
    for (; c + 4 <= cols; c += 4) v128.store(at(o, c), f32x4.add(v128.load(at(row, c)), v128.load(at(b, c))));
    for (; c < cols; c++) store<f32>(at(o, c), load<f32>(at(row, c)) + load<f32>(at(b, c)));
  }
}
