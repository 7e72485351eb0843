// Seeded random matrices for the metric tests (normal draws by Box-Muller from the runtime's PRNG).
import { Rng } from '../runtime/rng';

export function normals(rng: Rng, count: number): Float64Array {
  const out = new Float64Array(count);
  for (let i = 0; i < count; i += 2) {
    const u = 1 - rng.next(), v = rng.next();
    const r = Math.sqrt(-2 * Math.log(u));
    out[i] = r * Math.cos(2 * Math.PI * v);
    if (i + 1 < count) out[i + 1] = r * Math.sin(2 * Math.PI * v);
  }
  return out;
}

/** A random symmetric positive definite n x n matrix: G Gᵀ / n + ridge·I. */
export function randomSpd(rng: Rng, n: number, ridge = 0.1): Float64Array {
  const g = normals(rng, n * n);
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += g[i * n + k]! * g[j * n + k]!;
      out[i * n + j] = s / n + (i === j ? ridge : 0);
    }
  }
  return out;
}

/** `count` samples of N(mean, L Lᵀ) as a row-major table, L lower-triangular n x n. */
export function gaussianSamples(rng: Rng, count: number, mean: readonly number[], cholesky: readonly number[]): Float64Array {
  const n = mean.length;
  const out = new Float64Array(count * n);
  for (let r = 0; r < count; r++) {
    const z = normals(rng, n);
    for (let i = 0; i < n; i++) {
      let s = mean[i]!;
      for (let k = 0; k <= i; k++) s += cholesky[i * n + k]! * z[k]!;
      out[r * n + i] = s;
    }
  }
  return out;
}
