// The Inception Score (Salimans et al. 2016, "Improved Techniques for Training GANs") from class
// probabilities p(y|x) of generated images: IS = exp(E_x[KL(p(y|x) ‖ p(y))]) with p(y) the mean of
// p(y|x) over the set. It runs from 1 (every image gets the same class distribution) to the number
// of classes (each image confidently one class, all classes equally often). "IS-LeNet" takes
// p(y|x) from the MNIST LeNet's softmax (./lenet.ts): at most 10. Pure float64, no tfjs.
import { asTable, type FeatureTable } from './stats';

/** Mean over rows of KL(row ‖ marginal), with 0·log 0 = 0. */
function meanKl(data: ArrayLike<number>, start: number, end: number, classes: number): number {
  const marginal = new Float64Array(classes);
  for (let r = start; r < end; r++) for (let k = 0; k < classes; k++) marginal[k]! += data[r * classes + k]!;
  for (let k = 0; k < classes; k++) marginal[k]! /= end - start;
  let total = 0;
  for (let r = start; r < end; r++) {
    for (let k = 0; k < classes; k++) {
      const p = data[r * classes + k]!;
      if (p > 0) total += p * Math.log(p / marginal[k]!);
    }
  }
  return total / (end - start);
}

function checked(probs: readonly (readonly number[])[] | FeatureTable): FeatureTable {
  const t = asTable(probs);
  if (t.count < 1) throw new Error('inceptionScore: no probability rows');
  for (let r = 0; r < t.count; r++) {
    let sum = 0;
    for (let k = 0; k < t.dim; k++) {
      const p = t.data[r * t.dim + k]!;
      if (!(p >= 0)) throw new Error(`inceptionScore: row ${r} holds ${p}, not a probability`);
      sum += p;
    }
    // float32 softmax rows sum to 1 within ~1e-6
    if (Math.abs(sum - 1) > 1e-3) throw new Error(`inceptionScore: row ${r} sums to ${sum}, not 1`);
  }
  return t;
}

/** IS over the whole set of rows (`dim` = number of classes). */
export function inceptionScore(probs: readonly (readonly number[])[] | FeatureTable): number {
  const t = checked(probs);
  return Math.exp(meanKl(t.data, 0, t.count, t.dim));
}

/**
 * IS the way the original code reports it: the set cut into `splits` equal parts, one score per part,
 * their mean and (population) standard deviation. Parts are smaller, so the mean is a little lower
 * than inceptionScore of the whole set.
 */
export function inceptionScoreSplits(probs: readonly (readonly number[])[] | FeatureTable, splits = 10): { mean: number; std: number } {
  const t = checked(probs);
  if (!(splits >= 1 && splits <= t.count)) throw new Error(`inceptionScoreSplits: cannot cut ${t.count} rows into ${splits} parts`);
  const scores: number[] = [];
  for (let s = 0; s < splits; s++) {
    const start = Math.floor((s * t.count) / splits), end = Math.floor(((s + 1) * t.count) / splits);
    scores.push(Math.exp(meanKl(t.data, start, end, t.dim)));
  }
  const mean = scores.reduce((a, b) => a + b, 0) / splits;
  const std = Math.sqrt(scores.reduce((a, b) => a + (b - mean) ** 2, 0) / splits);
  return { mean, std };
}
