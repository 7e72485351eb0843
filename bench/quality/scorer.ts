// FID-LeNet and IS-LeNet of sets of images: the committed LeNet (assets/lenet) turns images with
// pixels in [0, 1] into 84-d features and class probabilities; the reference statistics are those
// of the MNIST test split.
import type * as TF from '@tensorflow/tfjs';
import type { Dataset, TFModule } from '../../nodes/spec';
import { frechetDistance } from '../../src/metrics/fid';
import { datasetPixels, range } from '../../src/metrics/images';
import { inceptionScore, inceptionScoreSplits } from '../../src/metrics/is';
import { accuracy, lenetHeads, lenetOutputs, LENET_CLASSES, LENET_FEATURES, type LenetOutputs } from '../../src/metrics/lenet';
import { loadModelDir } from '../../src/metrics/lenet-files';
import { gaussianStats, type GaussianStats } from '../../src/metrics/stats';
import { Rng } from '../../src/runtime/rng';

export interface Scores {
  count: number;
  fid: number;
  /** IS over the whole set */
  is: number;
  /** IS over 10 equal parts: mean ± std, as the original IS code reports it */
  isSplits: { mean: number; std: number };
}

export interface Scorer {
  tf: TFModule;
  heads: TF.LayersModel;
  /** Gaussian of the LeNet features of the real test images */
  testStats: GaussianStats;
  /** the real test images' own scores (FID 0 by definition) and the classifier's accuracy on them */
  test: { outputs: LenetOutputs; accuracy: number };
}

export async function createScorer(tf: TFModule, lenetDir: string, test: Dataset, count: number): Promise<Scorer> {
  const heads = lenetHeads(tf, await loadModelDir(tf, lenetDir));
  const idx = range(Math.min(count, test.count));
  const outputs = await lenetOutputs(tf, heads, datasetPixels(test, idx), idx.length);
  const testStats = gaussianStats({ count: outputs.count, dim: LENET_FEATURES, data: outputs.features });
  return { tf, heads, testStats, test: { outputs, accuracy: accuracy(outputs.probs, idx.map((i) => test.labels[i]!)) } };
}

export function scoresOf(s: Scorer, out: LenetOutputs): Scores {
  const probs = { count: out.count, dim: LENET_CLASSES, data: out.probs };
  const stats = gaussianStats({ count: out.count, dim: LENET_FEATURES, data: out.features });
  return {
    count: out.count,
    fid: frechetDistance(stats, s.testStats),
    is: inceptionScore(probs),
    isSplits: inceptionScoreSplits(probs, Math.min(10, out.count)),
  };
}

/** Scores of `count` images, row-major [count, 28, 28, 1], pixels in [0, 1]. */
export async function scoreImages(s: Scorer, pixels: Float32Array, count: number): Promise<Scores> {
  return scoresOf(s, await lenetOutputs(s.tf, s.heads, pixels, count));
}

/** The reference rows: real test images against themselves, and `count` random training images against the test images. */
export async function referenceScores(s: Scorer, train: Dataset, count: number, seed: number): Promise<{ test: Scores; train: Scores }> {
  const rng = new Rng(seed);
  const picked = new Set<number>();
  while (picked.size < Math.min(count, train.count)) picked.add(rng.int(train.count));
  const idx = [...picked];
  return { test: scoresOf(s, s.test.outputs), train: await scoreImages(s, datasetPixels(train, idx), idx.length) };
}
