// GroupNorm, channels last: x is [B, S, C] (S positions per sample), the C channels in G groups of
// Cg = C / G; each (sample, group) is normalised over its M = S * Cg values, with the formulas of
// src/runtime/fused-norm/group-program.ts (the WebGPU kernels):
//   stats [2BG]  mean_bg, then var_bg (biased)
//   y = (x - mean) * invstd * gamma_c + beta_c
//   dgamma_c = sum of dy * xhat, dbeta_c = sum of dy (over samples and positions)
//   per (b, g): P = sum of dy * gamma_c, Q = sum of dy * gamma_c * xhat
//   dx = invstd / M * (M dy gamma_c - P - xhat Q)
// Sums accumulate in float64. Scratch: acc holds 4C float64, tmp 5C + 2G float32.
import { accumulate, at, clear, normalizeRow } from './simd';

@inline function f64At(base: usize, i: i32): usize {
  return base + (<usize>i << 3);
}

/** tmp[0, C) = the mean of each channel's group in sample b, tmp[C, 2C) = its invstd */
@inline function channelStats(b: i32, B: i32, C: i32, G: i32, stats: usize, eps: f32, tmp: usize): void {
  const Cg = C / G;
  for (let c = 0; c < C; c++) {
    const bg = b * G + c / Cg;
    store<f32>(at(tmp, c), load<f32>(at(stats, bg)));
    store<f32>(at(tmp, C + c), <f32>1 / Mathf.sqrt(load<f32>(at(stats, B * G + bg)) + eps));
  }
}

export function gnStats(B: i32, S: i32, C: i32, G: i32, x: usize, out: usize, acc: usize, tmp: usize): void {
  const Cg = C / G;
  const M = <f64>(S * Cg);
  for (let b = 0; b < B; b++) {
    clear(acc, C);
    for (let s = 0; s < S; s++) accumulate(acc, at(x, (b * S + s) * C), C);
    for (let g = 0; g < G; g++) {
      let total: f64 = 0;
      for (let k = 0; k < Cg; k++) total += load<f64>(f64At(acc, g * Cg + k));
      store<f32>(at(out, b * G + g), <f32>(total / M));
    }
    for (let c = 0; c < C; c++) store<f32>(at(tmp, c), load<f32>(at(out, b * G + c / Cg)));
    clear(acc, C);
    for (let s = 0; s < S; s++) {
      const row = at(x, (b * S + s) * C);
      for (let c = 0; c < C; c++) {
        const d = load<f32>(at(row, c)) - load<f32>(at(tmp, c));
        const a = f64At(acc, c);
        store<f64>(a, load<f64>(a) + <f64>(d * d));
      }
    }
    for (let g = 0; g < G; g++) {
      let total: f64 = 0;
      for (let k = 0; k < Cg; k++) total += load<f64>(f64At(acc, g * Cg + k));
      store<f32>(at(out, B * G + b * G + g), <f32>(total / M));
    }
  }
}

export function gnNormalize(B: i32, S: i32, C: i32, G: i32, x: usize, stats: usize, gamma: usize, beta: usize, eps: f32, out: usize, tmp: usize): void {
  for (let b = 0; b < B; b++) {
    channelStats(b, B, C, G, stats, eps, tmp);
    for (let s = 0; s < S; s++) {
      normalizeRow(C, at(x, (b * S + s) * C), tmp, gamma, beta, at(out, (b * S + s) * C));
    }
  }
}

export function gnGrads(
  B: i32, S: i32, C: i32, G: i32, dy: usize, x: usize, stats: usize, gamma: usize, eps: f32,
  dx: usize, dgamma: usize, dbeta: usize, acc: usize, tmp: usize,
): void {
  const Cg = C / G;
  const M = <f32>(S * Cg);
  const totals = acc; // [0, C) dgamma, [C, 2C) dbeta, float64
  const perSample = f64At(acc, 2 * C); // [0, C) sum of dy, [C, 2C) sum of dy * xhat
  const prod = at(tmp, 2 * C);
  const P = at(tmp, 3 * C), Q = at(tmp, 3 * C + G);
  clear(totals, 2 * C);
  for (let b = 0; b < B; b++) {
    channelStats(b, B, C, G, stats, eps, tmp);
    clear(perSample, 2 * C);
    for (let s = 0; s < S; s++) {
      const g = at(dy, (b * S + s) * C), row = at(x, (b * S + s) * C);
      accumulate(perSample, g, C);
      let c = 0;
      for (; c + 4 <= C; c += 4) {
        v128.store(at(prod, c), f32x4.mul(v128.load(at(g, c)), f32x4.mul(f32x4.sub(v128.load(at(row, c)), v128.load(at(tmp, c))), v128.load(at(tmp, C + c)))));
      }
      for (; c < C; c++) {
        store<f32>(at(prod, c), load<f32>(at(g, c)) * ((load<f32>(at(row, c)) - load<f32>(at(tmp, c))) * load<f32>(at(tmp, C + c))));
      }
      accumulate(f64At(perSample, C), prod, C);
    }
    for (let grp = 0; grp < G; grp++) {
      let p: f64 = 0, q: f64 = 0;
      for (let k = 0; k < Cg; k++) {
        const c = grp * Cg + k;
        const gc = <f64>load<f32>(at(gamma, c));
        p += gc * load<f64>(f64At(perSample, c));
        q += gc * load<f64>(f64At(perSample, C + c));
      }
      store<f32>(at(P, grp), <f32>p);
      store<f32>(at(Q, grp), <f32>q);
    }
    for (let c = 0; c < C; c++) {
      store<f64>(f64At(totals, c), load<f64>(f64At(totals, c)) + load<f64>(f64At(perSample, C + c)));
      store<f64>(f64At(totals, C + c), load<f64>(f64At(totals, C + c)) + load<f64>(f64At(perSample, c)));
    }
    // per channel: k1 = invstd / M, and P and Q of its group, so the pass over the values is SIMD
    const k1 = at(tmp, 2 * C), pc = at(tmp, 3 * C + 2 * G), qc = at(tmp, 4 * C + 2 * G);
    for (let c = 0; c < C; c++) {
      store<f32>(at(k1, c), load<f32>(at(tmp, C + c)) / M);
      store<f32>(at(pc, c), load<f32>(at(P, c / Cg)));
      store<f32>(at(qc, c), load<f32>(at(Q, c / Cg)));
    }
    const vm = f32x4.splat(M);
    for (let s = 0; s < S; s++) {
      const g = at(dy, (b * S + s) * C), row = at(x, (b * S + s) * C), o = at(dx, (b * S + s) * C);
      let c = 0;
      for (; c + 4 <= C; c += 4) {
        const xhat = f32x4.mul(f32x4.sub(v128.load(at(row, c)), v128.load(at(tmp, c))), v128.load(at(tmp, C + c)));
        const inner = f32x4.sub(f32x4.sub(f32x4.mul(f32x4.mul(vm, v128.load(at(g, c))), v128.load(at(gamma, c))), v128.load(at(pc, c))), f32x4.mul(xhat, v128.load(at(qc, c))));
        v128.store(at(o, c), f32x4.mul(v128.load(at(k1, c)), inner));
      }
      for (; c < C; c++) {
        const xhat = (load<f32>(at(row, c)) - load<f32>(at(tmp, c))) * load<f32>(at(tmp, C + c));
        store<f32>(at(o, c), load<f32>(at(k1, c)) * (M * load<f32>(at(g, c)) * load<f32>(at(gamma, c)) - load<f32>(at(pc, c)) - xhat * load<f32>(at(qc, c))));
      }
    }
  }
  for (let c = 0; c < C; c++) {
    store<f32>(at(dgamma, c), <f32>load<f64>(f64At(totals, c)));
    store<f32>(at(dbeta, c), <f32>load<f64>(f64At(totals, C + c)));
  }
}
