// GroupNorm, channels last: x is [B, S, C] (S positions per sample), the C channels in G groups of
// Cg = C / G; each (sample, group) is normalised over its M = S * Cg values, with the formulas of
// src/runtime/fused-norm/group-program.ts (the WebGPU kernels):
//   stats [2BG]  mean_bg, then var_bg (biased)
//   y = (x - mean) * invstd * gamma_c + beta_c
//   dgamma_c = sum of dy * xhat, dbeta_c = sum of dy (over samples and positions)
//   per (b, g): P = sum of dy * gamma_c, Q = sum of dy * gamma_c * xhat
//   dx = invstd / M * (M dy gamma_c - P - xhat Q)
// Sums accumulate in float64. Scratch: acc holds 4C float64, tmp 5C + 2G float32 (gnStats: 2C).
import { accumulate, at, clear, normalizeRow } from './simd';
import { word } from './job';

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
  gnStatsRange(0, B, B, S, C, G, x, out, acc, tmp);
}

/** gnStats for samples [b0, b1) of B; tmp: 2C float32 */
function gnStatsRange(b0: i32, b1: i32, B: i32, S: i32, C: i32, G: i32, x: usize, out: usize, acc: usize, tmp: usize): void {
  const Cg = C / G;
  const M = <f64>(S * Cg);
  const squares = at(tmp, C);
  for (let b = b0; b < b1; b++) {
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
      // (x - mean)^2 in float32, four at a time, then added in float64 as before
      const row = at(x, (b * S + s) * C);
      let c = 0;
      for (; c + 4 <= C; c += 4) {
        const d = f32x4.sub(v128.load(at(row, c)), v128.load(at(tmp, c)));
        v128.store(at(squares, c), f32x4.mul(d, d));
      }
      for (; c < C; c++) {
        const d = load<f32>(at(row, c)) - load<f32>(at(tmp, c));
        store<f32>(at(squares, c), d * d);
      }
      accumulate(acc, squares, C);
    }
    for (let g = 0; g < G; g++) {
      let total: f64 = 0;
      for (let k = 0; k < Cg; k++) total += load<f64>(f64At(acc, g * Cg + k));
      store<f32>(at(out, B * G + b * G + g), <f32>(total / M));
    }
  }
}

export function gnNormalize(B: i32, S: i32, C: i32, G: i32, x: usize, stats: usize, gamma: usize, beta: usize, eps: f32, out: usize, tmp: usize): void {
  gnNormalizeRange(0, B, B, S, C, G, x, stats, gamma, beta, eps, out, tmp);
}

function gnNormalizeRange(b0: i32, b1: i32, B: i32, S: i32, C: i32, G: i32, x: usize, stats: usize, gamma: usize, beta: usize, eps: f32, out: usize, tmp: usize): void {
  for (let b = b0; b < b1; b++) {
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
  clear(acc, 2 * C);
  gnGradsRange(0, B, B, S, C, G, dy, x, stats, gamma, eps, dx, acc, tmp);
  writeTotals(C, acc, dgamma, dbeta);
}

/** dgamma and dbeta (float32) from the float64 totals at acc: [0, C) dgamma, [C, 2C) dbeta */
@inline function writeTotals(C: i32, acc: usize, dgamma: usize, dbeta: usize): void {
  for (let c = 0; c < C; c++) {
    store<f32>(at(dgamma, c), <f32>load<f64>(f64At(acc, c)));
    store<f32>(at(dbeta, c), <f32>load<f64>(f64At(acc, C + c)));
  }
}

/** dx for samples [b0, b1), their dgamma and dbeta added to the float64 totals at acc (not cleared here) */
function gnGradsRange(
  b0: i32, b1: i32, B: i32, S: i32, C: i32, G: i32, dy: usize, x: usize, stats: usize, gamma: usize, eps: f32,
  dx: usize, acc: usize, tmp: usize,
): void {
  const Cg = C / G;
  const M = <f32>(S * Cg);
  const totals = acc; // [0, C) dgamma, [C, 2C) dbeta, float64
  const perSample = f64At(acc, 2 * C); // [0, C) sum of dy, [C, 2C) sum of dy * xhat
  const prod = at(tmp, 2 * C);
  const P = at(tmp, 3 * C), Q = at(tmp, 3 * C + G);
  for (let b = b0; b < b1; b++) {
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
}

// ── GroupNorm as a job of the pool (KIND 4): the threads take ranges of samples. i32 words
// (src/runtime/wasm-kernels/group-norm.ts GROUP_NORM_FIELDS writes them); word 0 is KIND = 4 ──
const OP = 1;
const NB = 2;
const NS = 3;
const NC = 4;
const NG = 5;
const X = 6;
const DY = 7;
const STATS = 8;
const GAMMA = 9;
const BETA = 10;
// float32 bits
const EPS = 11;
const OUT = 12;
const SCRATCH = 13;
const SCRATCH_BYTES = 14;
// the operations
const STATS_OP = 0;
const NORMALIZE_OP = 1;
const GRADS_OP = 2;

/**
 * Thread t's samples of a GroupNorm job. Its scratch: 4C float64 (for the gradients, the first 2C
 * are the thread's dgamma and dbeta totals, which gnTotals adds up after the job), then 5C + 2G float32.
 */
export function groupNormJob(job: usize, t: i32, threads: i32): void {
  const B = word(job, NB), S = word(job, NS), C = word(job, NC), G = word(job, NG);
  const share = (B + threads - 1) / threads;
  const b0 = min(B, t * share), b1 = min(B, b0 + share);
  const acc = <usize>word(job, SCRATCH) + <usize>t * <usize>word(job, SCRATCH_BYTES);
  const tmp = f64At(acc, 4 * C);
  const x = <usize>word(job, X), stats = <usize>word(job, STATS), out = <usize>word(job, OUT);
  const eps = load<f32>(job + (<usize>EPS << 2));
  const op = word(job, OP);
  if (op == GRADS_OP) clear(acc, 2 * C);
  if (b0 >= b1) return;
  if (op == STATS_OP) gnStatsRange(b0, b1, B, S, C, G, x, out, acc, tmp);
  else if (op == NORMALIZE_OP) gnNormalizeRange(b0, b1, B, S, C, G, x, stats, <usize>word(job, GAMMA), <usize>word(job, BETA), eps, out, tmp);
  else if (op == GRADS_OP) gnGradsRange(b0, b1, B, S, C, G, <usize>word(job, DY), x, stats, <usize>word(job, GAMMA), eps, out, acc, tmp);
}

/** After a gradients job: the threads' dgamma and dbeta totals added up in thread order, as float32. */
export function gnTotals(threads: i32, C: i32, scratch: usize, scratchBytes: i32, dgamma: usize, dbeta: usize): void {
  const sum = scratch;
  for (let t = 1; t < threads; t++) {
    const part = scratch + <usize>t * <usize>scratchBytes;
    for (let i = 0; i < 2 * C; i++) store<f64>(f64At(sum, i), load<f64>(f64At(sum, i)) + load<f64>(f64At(part, i)));
  }
  writeTotals(C, sum, dgamma, dbeta);
}
