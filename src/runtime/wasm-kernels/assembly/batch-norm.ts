// BatchNorm in training mode, channels last: x is [count, C] (every axis but the last flattened),
// with the formulas of src/runtime/fused-norm/program.ts (the WebGPU kernels):
//   stats [2C]  mean_c, then var_c = mean of (x - mean_c)^2 (biased, as tf.moments)
//   y = (x - mean_c) * invstd_c * gamma_c + beta_c,  invstd_c = 1 / sqrt(var_c + eps)
//   moving: m - (m - stat_c) * decay
//   sums: dbeta_c = sum of dy, dgamma_c = sum of dy * xhat
//   dx = gamma_c * invstd_c / count * (count dy - dbeta_c - xhat dgamma_c)
// Sums accumulate in float64 in `acc` (scratch of 2C float64); `tmp` is scratch of 4C float32.
import { accumulate, at, clear, normalizeRow } from './simd';

/** tmp[0, C) = mean, tmp[C, 2C) = invstd */
@inline function meanAndInvStd(C: i32, stats: usize, eps: f32, tmp: usize): void {
  for (let c = 0; c < C; c++) {
    store<f32>(at(tmp, c), load<f32>(at(stats, c)));
    store<f32>(at(tmp, C + c), <f32>1 / Mathf.sqrt(load<f32>(at(stats, C + c)) + eps));
  }
}

export function bnStats(count: i32, C: i32, x: usize, out: usize, acc: usize): void {
  clear(acc, C);
  for (let r = 0; r < count; r++) accumulate(acc, at(x, r * C), C);
  for (let c = 0; c < C; c++) store<f32>(at(out, c), <f32>(load<f64>(acc + (<usize>c << 3)) / <f64>count));
  clear(acc, C);
  for (let r = 0; r < count; r++) {
    const row = at(x, r * C);
    let c = 0;
    for (; c + 4 <= C; c += 4) {
      const d = f32x4.sub(v128.load(at(row, c)), v128.load(at(out, c)));
      const sq = f32x4.mul(d, d);
      const a = acc + (<usize>c << 3);
      v128.store(a, f64x2.add(v128.load(a), f64x2.promote_low_f32x4(sq)));
      v128.store(a + 16, f64x2.add(v128.load(a + 16), f64x2.promote_low_f32x4(v128.shuffle<f32>(sq, sq, 2, 3, 0, 1))));
    }
    for (; c < C; c++) {
      const d = load<f32>(at(row, c)) - load<f32>(at(out, c));
      const a = acc + (<usize>c << 3);
      store<f64>(a, load<f64>(a) + <f64>(d * d));
    }
  }
  for (let c = 0; c < C; c++) store<f32>(at(out, C + c), <f32>(load<f64>(acc + (<usize>c << 3)) / <f64>count));
}

export function bnNormalize(count: i32, C: i32, x: usize, stats: usize, gamma: usize, beta: usize, eps: f32, out: usize, tmp: usize): void {
  meanAndInvStd(C, stats, eps, tmp);
  for (let r = 0; r < count; r++) {
    normalizeRow(C, at(x, r * C), tmp, gamma, beta, at(out, r * C));
  }
}

export function bnMoving(C: i32, moving: usize, stat: usize, decay: f32, out: usize): void {
  for (let c = 0; c < C; c++) {
    const m = load<f32>(at(moving, c));
    store<f32>(at(out, c), m - (m - load<f32>(at(stat, c))) * decay);
  }
}

export function bnSums(count: i32, C: i32, dy: usize, x: usize, stats: usize, eps: f32, dbeta: usize, dgamma: usize, acc: usize, tmp: usize): void {
  meanAndInvStd(C, stats, eps, tmp);
  clear(acc, 2 * C);
  const accG = acc + (<usize>C << 3);
  // the rows of dy * xhat go through tmp[2C, 3C) on their way into the float64 sums
  const prod = at(tmp, 2 * C);
  for (let r = 0; r < count; r++) {
    const g = at(dy, r * C), row = at(x, r * C);
    accumulate(acc, g, C);
    let c = 0;
    for (; c + 4 <= C; c += 4) {
      const xhat = f32x4.mul(f32x4.sub(v128.load(at(row, c)), v128.load(at(tmp, c))), v128.load(at(tmp, C + c)));
      v128.store(at(prod, c), f32x4.mul(v128.load(at(g, c)), xhat));
    }
    for (; c < C; c++) {
      store<f32>(at(prod, c), load<f32>(at(g, c)) * ((load<f32>(at(row, c)) - load<f32>(at(tmp, c))) * load<f32>(at(tmp, C + c))));
    }
    accumulate(accG, prod, C);
  }
  for (let c = 0; c < C; c++) {
    store<f32>(at(dbeta, c), <f32>load<f64>(acc + (<usize>c << 3)));
    store<f32>(at(dgamma, c), <f32>load<f64>(accG + (<usize>c << 3)));
  }
}

export function bnDx(count: i32, C: i32, dy: usize, x: usize, stats: usize, gamma: usize, dbeta: usize, dgamma: usize, eps: f32, out: usize, tmp: usize): void {
  meanAndInvStd(C, stats, eps, tmp);
  const n = <f32>count;
  // tmp[2C, 3C) = gamma * invstd / n
  for (let c = 0; c < C; c++) store<f32>(at(tmp, 2 * C + c), load<f32>(at(gamma, c)) * load<f32>(at(tmp, C + c)) / n);
  const vn = f32x4.splat(n);
  for (let r = 0; r < count; r++) {
    const g = at(dy, r * C), row = at(x, r * C), o = at(out, r * C);
    let c = 0;
    for (; c + 4 <= C; c += 4) {
      const xhat = f32x4.mul(f32x4.sub(v128.load(at(row, c)), v128.load(at(tmp, c))), v128.load(at(tmp, C + c)));
      const inner = f32x4.sub(f32x4.sub(f32x4.mul(vn, v128.load(at(g, c))), v128.load(at(dbeta, c))), f32x4.mul(xhat, v128.load(at(dgamma, c))));
      v128.store(at(o, c), f32x4.mul(v128.load(at(tmp, 2 * C + c)), inner));
    }
    for (; c < C; c++) {
      const xhat = (load<f32>(at(row, c)) - load<f32>(at(tmp, c))) * load<f32>(at(tmp, C + c));
      store<f32>(at(o, c), load<f32>(at(tmp, 2 * C + c)) * (n * load<f32>(at(g, c)) - load<f32>(at(dbeta, c)) - xhat * load<f32>(at(dgamma, c))));
    }
  }
}
