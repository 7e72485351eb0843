import { describe, expect, it } from 'vitest';
import { Rng } from '../runtime/rng';
import { fid, frechetDistance, traceSqrtProduct } from './fid';
import { matMul, symmetricEigen } from './linalg';
import { gaussianStats } from './stats';
import { gaussianSamples, normals, randomSpd } from './test-support';

const table = (data: Float64Array, dim: number) => ({ count: data.length / dim, dim, data });

/** The principal square root of a (non-symmetric) matrix with positive eigenvalues, by the Denman–Beavers iteration: an independent check of traceSqrtProduct. */
function denmanBeaversSqrt(m: Float64Array, n: number): Float64Array {
  const inverse = (a: Float64Array): Float64Array => {
    // Gauss–Jordan with partial pivoting on [a | I]
    const w = 2 * n;
    const g = new Float64Array(n * w);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) g[i * w + j] = a[i * n + j]!;
      g[i * w + n + i] = 1;
    }
    for (let col = 0; col < n; col++) {
      let piv = col;
      for (let r = col + 1; r < n; r++) if (Math.abs(g[r * w + col]!) > Math.abs(g[piv * w + col]!)) piv = r;
      for (let j = 0; j < w; j++) [g[col * w + j], g[piv * w + j]] = [g[piv * w + j]!, g[col * w + j]!];
      const d = g[col * w + col]!;
      for (let j = 0; j < w; j++) g[col * w + j]! /= d;
      for (let r = 0; r < n; r++) {
        if (r === col) continue;
        const f = g[r * w + col]!;
        for (let j = 0; j < w; j++) g[r * w + j]! -= f * g[col * w + j]!;
      }
    }
    return Float64Array.from({ length: n * n }, (_, k) => g[Math.floor(k / n) * w + n + (k % n)]!);
  };
  let y = m.slice();
  let z = Float64Array.from({ length: n * n }, (_, k) => (k % (n + 1) === 0 ? 1 : 0));
  for (let it = 0; it < 60; it++) {
    const yi = inverse(y), zi = inverse(z);
    y = y.map((v, k) => (v + zi[k]!) / 2);
    z = z.map((v, k) => (v + yi[k]!) / 2);
  }
  return y;
}

describe('Fréchet distance', () => {
  it('is 0 between a set and itself (84-d features)', () => {
    const rows = normals(new Rng(1), 600 * 84).map((v, i) => v * (1 + (i % 84) / 10) + (i % 7));
    expect(Math.abs(fid(table(rows, 84), table(rows, 84)))).toBeLessThan(1e-6);
  });

  it('matches the closed form for diagonal covariances', () => {
    const dim = 5;
    const m1 = [0, 1, 2, 3, 4], m2 = [1, 1, 0, 3, -4];
    const v1 = [1, 2, 3, 4, 5], v2 = [5, 0.5, 3, 1, 2];
    const diag = (v: number[]) => Float64Array.from({ length: dim * dim }, (_, k) => (k % (dim + 1) === 0 ? v[k / (dim + 1)]! : 0));
    let expected = 0;
    for (let i = 0; i < dim; i++) expected += (m1[i]! - m2[i]!) ** 2 + v1[i]! + v2[i]! - 2 * Math.sqrt(v1[i]! * v2[i]!);
    const d = frechetDistance({ dim, mean: Float64Array.from(m1), cov: diag(v1) }, { dim, mean: Float64Array.from(m2), cov: diag(v2) });
    expect(d).toBeCloseTo(expected, 10);
  });

  it('matches the closed form for non-diagonal covariances sharing eigenvectors', () => {
    // Σᵢ = Q Dᵢ Qᵀ with one rotation Q: then tr((Σ₁Σ₂)^½) = Σ √(d₁ d₂)
    const dim = 6;
    const q = symmetricEigen(randomSpd(new Rng(2), dim), dim).vectors;
    const d1 = [0.5, 1, 2, 3, 4, 9], d2 = [2, 2, 0.1, 3, 1, 4];
    const rotate = (d: number[]) => {
      const qd = q.map((v, k) => v * d[k % dim]!);
      const qt = Float64Array.from({ length: dim * dim }, (_, k) => q[(k % dim) * dim + Math.floor(k / dim)]!);
      return matMul(qd, qt, dim);
    };
    const mean = new Float64Array(dim);
    const shifted = Float64Array.from({ length: dim }, (_, i) => i / 2);
    let expected = shifted.reduce((s, v) => s + v * v, 0);
    for (let i = 0; i < dim; i++) expected += (Math.sqrt(d1[i]!) - Math.sqrt(d2[i]!)) ** 2;
    expect(frechetDistance({ dim, mean, cov: rotate(d1) }, { dim, mean: shifted, cov: rotate(d2) })).toBeCloseTo(expected, 10);
  });

  it('matches the closed form for 2x2 covariances that do not commute', () => {
    // for a 2x2 matrix M with positive eigenvalues, tr(M^½) = √(tr M + 2 √det M)
    const s1 = [2, 0.8, 0.8, 1], s2 = [1, -0.3, -0.3, 3];
    const m = matMul(s1, s2, 2);
    expect(m[1]).not.toBeCloseTo(matMul(s2, s1, 2)[1]!, 3);
    const trM = m[0]! + m[3]!, detM = m[0]! * m[3]! - m[1]! * m[2]!;
    const expected = 1 ** 2 + 2 ** 2 + (2 + 1) + (1 + 3) - 2 * Math.sqrt(trM + 2 * Math.sqrt(detM));
    const d = frechetDistance({ dim: 2, mean: Float64Array.from([0, 0]), cov: Float64Array.from(s1) }, { dim: 2, mean: Float64Array.from([1, 2]), cov: Float64Array.from(s2) });
    expect(d).toBeCloseTo(expected, 10);
  });

  it('takes tr((Σ₁Σ₂)^½) as the Denman–Beavers square root of the product does (8-d, not commuting)', () => {
    const dim = 8;
    const a = randomSpd(new Rng(3), dim), b = randomSpd(new Rng(4), dim);
    const root = denmanBeaversSqrt(matMul(a, b, dim), dim);
    let tr = 0;
    for (let i = 0; i < dim; i++) tr += root[i * dim + i]!;
    expect(traceSqrtProduct(a, b, dim)).toBeCloseTo(tr, 9);
  });

  it('estimated from samples, approaches the closed form of the Gaussians they come from', () => {
    // 3-d, correlated: Σ = L Lᵀ; the estimate carries sampling error of order dim/√count
    const l1 = [1, 0, 0, 0.5, 1, 0, -0.3, 0.2, 0.7], l2 = [1.5, 0, 0, -0.4, 0.6, 0, 0.1, 0.5, 1.2];
    const m1 = [0, 0, 0], m2 = [1, -1, 0.5];
    const cov = (l: number[]) => matMul(l, Float64Array.from({ length: 9 }, (_, k) => l[(k % 3) * 3 + Math.floor(k / 3)]!), 3);
    const exact = frechetDistance({ dim: 3, mean: Float64Array.from(m1), cov: cov(l1) }, { dim: 3, mean: Float64Array.from(m2), cov: cov(l2) });
    const rng = new Rng(11);
    const est = fid(table(gaussianSamples(rng, 20000, m1, l1), 3), table(gaussianSamples(rng, 20000, m2, l2), 3));
    expect(est).toBeGreaterThan(exact - 0.05);
    expect(est).toBeLessThan(exact + 0.05);
    expect(exact).toBeGreaterThan(2);
  });

  it('is symmetric, for full-rank and for rank-deficient covariances', () => {
    const rng = new Rng(6);
    const dim = 84;
    const a = normals(rng, 300 * dim);
    const b = normals(rng, 300 * dim).map((v, i) => 2 * v + Math.sin(i));
    const ab = fid(table(a, dim), table(b, dim)), ba = fid(table(b, dim), table(a, dim));
    expect(ab).toBeGreaterThan(1);
    expect(Math.abs(ab - ba)).toBeLessThan(1e-9 * ab);
    // 40 samples in 84 dimensions: both covariances are singular (rank 39)
    const c = a.slice(0, 40 * dim), d = b.slice(0, 40 * dim);
    const cd = fid(table(c, dim), table(d, dim)), dc = fid(table(d, dim), table(c, dim));
    expect(Math.abs(cd - dc)).toBeLessThan(1e-8 * cd);
  });

  it('accepts rows as arrays and agrees with the table form', () => {
    const rows = [[1, 2], [3, 1], [0, 0], [2, 5]];
    const other = [[0, 1], [1, 1], [2, 0], [5, 5]];
    const flat = (r: number[][]) => table(Float64Array.from(r.flat()), 2);
    expect(fid(rows, other)).toBeCloseTo(fid(flat(rows), flat(other)), 12);
    expect(gaussianStats(rows).mean).toEqual(Float64Array.from([1.5, 2]));
  });
});
