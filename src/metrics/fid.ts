// The Fréchet distance between two Gaussians fitted to feature vectors (Heusel et al. 2017, "GANs
// Trained by a Two Time-Scale Update Rule Converge to a Local Nash Equilibrium"):
//   d² = |μ₁ − μ₂|² + tr(Σ₁ + Σ₂ − 2 (Σ₁ Σ₂)^½)
// "FID-LeNet" is this distance between the 84-d penultimate features of the MNIST LeNet
// (./lenet.ts) on generated and on real images. Its values are not comparable with the usual
// Inception-v3 FID. Pure float64 arithmetic, no tfjs.
import { sqrtPsd, symmetricEigen, matMul, trace } from './linalg';
import { gaussianStats, type FeatureTable, type GaussianStats } from './stats';

/**
 * tr((Σ₁ Σ₂)^½). Σ₁ Σ₂ is not symmetric, but it has the eigenvalues of the symmetric PSD matrix
 * Σ₁^½ Σ₂ Σ₁^½ (AB and BA share eigenvalues; take A = Σ₁^½, B = Σ₁^½ Σ₂), so the trace of its
 * principal square root is the sum of the square roots of those eigenvalues. Tiny negative
 * eigenvalues from rounding count as zero.
 */
export function traceSqrtProduct(cov1: ArrayLike<number>, cov2: ArrayLike<number>, dim: number): number {
  const root1 = sqrtPsd(cov1, dim);
  const inner = matMul(matMul(root1, cov2, dim), root1, dim);
  const { values } = symmetricEigen(inner, dim);
  let sum = 0;
  for (const l of values) sum += Math.sqrt(Math.max(l, 0));
  return sum;
}

/** The Fréchet distance between N(mean1, cov1) and N(mean2, cov2). May be a hair below 0 by rounding when they are equal. */
export function frechetDistance(a: Pick<GaussianStats, 'dim' | 'mean' | 'cov'>, b: Pick<GaussianStats, 'dim' | 'mean' | 'cov'>): number {
  if (a.dim !== b.dim) throw new Error(`frechetDistance: ${a.dim}-dimensional and ${b.dim}-dimensional statistics`);
  const n = a.dim;
  let meanTerm = 0;
  for (let i = 0; i < n; i++) meanTerm += (a.mean[i]! - b.mean[i]!) ** 2;
  return meanTerm + trace(a.cov, n) + trace(b.cov, n) - 2 * traceSqrtProduct(a.cov, b.cov, n);
}

/** FID between two sets of feature vectors (rows), each summarised by its mean and unbiased covariance. */
export function fid(a: readonly (readonly number[])[] | FeatureTable, b: readonly (readonly number[])[] | FeatureTable): number {
  return frechetDistance(gaussianStats(a), gaussianStats(b));
}
