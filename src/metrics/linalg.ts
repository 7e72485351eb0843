// Dense symmetric linear algebra in float64 for the Fréchet distance: a cyclic Jacobi
// eigen-decomposition and the square root of a positive semi-definite matrix. Matrices are
// row-major n x n Float64Arrays. Jacobi is slow for big n (O(n^3) per sweep, ~10 sweeps) but exact
// to rounding and simple; the LeNet features are 84-dimensional, so it takes milliseconds.

export interface SymmetricEigen {
  /** eigenvalues, in the order of the columns of `vectors` (not sorted) */
  values: Float64Array;
  /** row-major n x n; column j is the unit eigenvector of values[j] */
  vectors: Float64Array;
}

function checkSquare(a: ArrayLike<number>, n: number, what: string): void {
  if (a.length !== n * n) throw new Error(`${what}: expected ${n}x${n} = ${n * n} values, got ${a.length}`);
}

/** Eigenvalues and eigenvectors of a symmetric matrix (only its upper triangle is read). */
export function symmetricEigen(matrix: ArrayLike<number>, n: number, maxSweeps = 100): SymmetricEigen {
  checkSquare(matrix, n, 'symmetricEigen');
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = i; j < n; j++) a[i * n + j] = a[j * n + i] = matrix[i * n + j]!;
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  let total = 0;
  for (let i = 0; i < n * n; i++) total += a[i]! * a[i]!;
  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p * n + q]! * a[p * n + q]!;
    // converged when what is left off the diagonal is rounding noise next to the whole matrix
    if (off <= 1e-30 * total || off === 0) break;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q]!;
        if (apq === 0) continue;
        // the rotation angle that zeroes a[p][q]: t = tan(angle), the smaller root, for stability
        const theta = (a[q * n + q]! - a[p * n + p]!) / (2 * apq);
        const t = Math.abs(theta) > 1e150 ? 1 / (2 * theta) : Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        // A ← Jᵀ A J: columns p and q, then rows p and q; V ← V J
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p]!, akq = a[k * n + q]!;
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k]!, aqk = a[q * n + k]!;
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p]!, vkq = v[k * n + q]!;
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = a[i * n + i]!;
  return { values, vectors: v };
}

/** V diag(f(λ)) Vᵀ for a symmetric matrix: a function applied to its eigenvalues. */
export function symmetricFunction(matrix: ArrayLike<number>, n: number, f: (lambda: number) => number): Float64Array {
  const { values, vectors } = symmetricEigen(matrix, n);
  const fl = values.map(f);
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let sum = 0;
      for (let k = 0; k < n; k++) sum += vectors[i * n + k]! * fl[k]! * vectors[j * n + k]!;
      out[i * n + j] = out[j * n + i] = sum;
    }
  }
  return out;
}

/**
 * The symmetric square root of a positive semi-definite matrix. Eigenvalues a hair below zero
 * (rounding, or a rank-deficient covariance) are taken as zero.
 */
export function sqrtPsd(matrix: ArrayLike<number>, n: number): Float64Array {
  return symmetricFunction(matrix, n, (l) => Math.sqrt(Math.max(l, 0)));
}

/** Product of two n x n row-major matrices. */
export function matMul(a: ArrayLike<number>, b: ArrayLike<number>, n: number): Float64Array {
  checkSquare(a, n, 'matMul');
  checkSquare(b, n, 'matMul');
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < n; k++) {
      const aik = a[i * n + k]!;
      if (aik === 0) continue;
      for (let j = 0; j < n; j++) out[i * n + j]! += aik * b[k * n + j]!;
    }
  }
  return out;
}

export function trace(a: ArrayLike<number>, n: number): number {
  let t = 0;
  for (let i = 0; i < n; i++) t += a[i * n + i]!;
  return t;
}
