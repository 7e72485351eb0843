import { describe, expect, it } from 'vitest';
import { Rng } from '../runtime/rng';
import { matMul, sqrtPsd, symmetricEigen, trace } from './linalg';
import { randomSpd } from './test-support';

const maxAbs = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
};

describe('symmetric eigen-decomposition (Jacobi)', () => {
  it('finds the eigenvalues of a small matrix with known ones', () => {
    const { values } = symmetricEigen([2, 1, 0, 1, 2, 0, 0, 0, 5], 3);
    expect([...values].sort((a, b) => a - b)).toEqual([expect.closeTo(1, 12), expect.closeTo(3, 12), expect.closeTo(5, 12)]);
  });

  it('rebuilds an 84x84 matrix from orthonormal eigenvectors', () => {
    const n = 84;
    const a = randomSpd(new Rng(5), n);
    const { values, vectors } = symmetricEigen(a, n);
    const vt = new Float64Array(n * n);
    const vd = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      vt[i * n + j] = vectors[j * n + i]!;
      vd[i * n + j] = vectors[i * n + j]! * values[j]!;
    }
    const identity = Float64Array.from({ length: n * n }, (_, k) => (k % (n + 1) === 0 ? 1 : 0));
    expect(maxAbs(matMul(vt, vectors, n), identity)).toBeLessThan(1e-12);
    expect(maxAbs(matMul(vd, vt, n), a)).toBeLessThan(1e-11);
    expect(values.reduce((s, l) => s + l, 0)).toBeCloseTo(trace(a, n), 9);
  });

  it('square root of a PSD matrix squares back to it, also when it is singular', () => {
    const n = 10;
    const full = randomSpd(new Rng(9), n);
    const r = sqrtPsd(full, n);
    expect(maxAbs(matMul(r, r, n), full)).toBeLessThan(1e-12);
    // rank 1: v vᵀ
    const v = Array.from({ length: n }, (_, i) => i - 4.5);
    const rank1 = Float64Array.from({ length: n * n }, (_, k) => v[Math.floor(k / n)]! * v[k % n]!);
    const r1 = sqrtPsd(rank1, n);
    expect(maxAbs(matMul(r1, r1, n), rank1)).toBeLessThan(1e-10);
  });
});
