// The small MNIST classifier behind FID-LeNet and IS-LeNet: LeNet-5 with ReLU and max-pooling.
// Input: grey 28x28 images with pixels in [0, 1] (white digit on black, as MNIST stores them).
// The classifier outputs logits; `lenetHeads` adds the two views the metrics read: the 84-unit
// penultimate features and the softmax class probabilities. tfjs is passed in, never imported.
import type * as TF from '@tensorflow/tfjs';
import type { TFModule } from '../../nodes/spec';

export const LENET_IMAGE = [28, 28, 1] as const;
export const LENET_PIXELS = 28 * 28;
export const LENET_FEATURES = 84;
export const LENET_CLASSES = 10;
/** the layer whose output is the feature vector (the 84-unit dense layer) */
export const FEATURE_LAYER = 'features';

/** The untrained classifier: conv 6 k5 → pool → conv 16 k5 → pool → dense 120 → dense 84 → dense 10 (logits). */
export function buildLenet(tf: TFModule, seed = 1): TF.Sequential {
  const init = (k: number) => tf.initializers.glorotUniform({ seed: seed * 16 + k });
  return tf.sequential({
    name: 'lenet',
    layers: [
      // 'same' padding stands in for LeNet-5's 32x32 padded input
      tf.layers.conv2d({ name: 'conv1', inputShape: [...LENET_IMAGE], filters: 6, kernelSize: 5, padding: 'same', activation: 'relu', kernelInitializer: init(1) }),
      tf.layers.maxPooling2d({ name: 'pool1', poolSize: 2, strides: 2 }),
      tf.layers.conv2d({ name: 'conv2', filters: 16, kernelSize: 5, padding: 'valid', activation: 'relu', kernelInitializer: init(2) }),
      tf.layers.maxPooling2d({ name: 'pool2', poolSize: 2, strides: 2 }),
      tf.layers.flatten({ name: 'flatten' }),
      tf.layers.dense({ name: 'fc1', units: 120, activation: 'relu', kernelInitializer: init(3) }),
      tf.layers.dense({ name: FEATURE_LAYER, units: LENET_FEATURES, activation: 'relu', kernelInitializer: init(4) }),
      tf.layers.dense({ name: 'logits', units: LENET_CLASSES, kernelInitializer: init(5) }),
    ],
  });
}

/** A model sharing the classifier's weights with two outputs: [features [n, 84], probabilities [n, 10]]. */
export function lenetHeads(tf: TFModule, classifier: TF.LayersModel): TF.LayersModel {
  const features = classifier.getLayer(FEATURE_LAYER).output as TF.SymbolicTensor;
  const logits = classifier.outputs[0]!;
  const probs = tf.layers.activation({ name: 'probs', activation: 'softmax' }).apply(logits) as TF.SymbolicTensor;
  return tf.model({ inputs: classifier.inputs, outputs: [features, probs] });
}

export interface LenetOutputs {
  count: number;
  /** row-major [count, 84] */
  features: Float64Array;
  /** row-major [count, 10], each row sums to 1 */
  probs: Float64Array;
}

/**
 * Features and class probabilities of `count` images given as row-major [count, 28, 28, 1] pixels
 * in [0, 1], run in batches so that 10,000 images never sit on the device at once.
 */
export async function lenetOutputs(tf: TFModule, heads: TF.LayersModel, pixels: Float32Array, count: number, batch = 500): Promise<LenetOutputs> {
  if (pixels.length !== count * LENET_PIXELS) throw new Error(`lenetOutputs: ${pixels.length} values are not ${count} images of 28x28x1`);
  const features = new Float64Array(count * LENET_FEATURES);
  const probs = new Float64Array(count * LENET_CLASSES);
  for (let start = 0; start < count; start += batch) {
    const n = Math.min(batch, count - start);
    const [f, p] = tf.tidy(() => {
      const x = tf.tensor4d(pixels.subarray(start * LENET_PIXELS, (start + n) * LENET_PIXELS), [n, ...LENET_IMAGE]);
      return heads.predict(x) as TF.Tensor[];
    }) as [TF.Tensor, TF.Tensor];
    features.set(await f.data(), start * LENET_FEATURES);
    probs.set(await p.data(), start * LENET_CLASSES);
    tf.dispose([f, p]);
  }
  return { count, features, probs };
}

/** The most probable class of each row of [count, 10] probabilities. */
export function argmaxRows(probs: Float64Array, classes = LENET_CLASSES): number[] {
  const out: number[] = [];
  for (let r = 0; r * classes < probs.length; r++) {
    let best = 0;
    for (let k = 1; k < classes; k++) if (probs[r * classes + k]! > probs[r * classes + best]!) best = k;
    out.push(best);
  }
  return out;
}

/** Fraction of rows whose most probable class is the label. */
export function accuracy(probs: Float64Array, labels: ArrayLike<number>, classes = LENET_CLASSES): number {
  const predicted = argmaxRows(probs, classes);
  let right = 0;
  predicted.forEach((p, i) => {
    if (p === labels[i]) right++;
  });
  return predicted.length ? right / predicted.length : 0;
}
