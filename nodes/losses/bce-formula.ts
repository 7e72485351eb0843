// Binary cross-entropy on logits in plain tfjs ops: what every backend computes, what the fused
// WebGPU passes (src/runtime/fused-loss/bce-logits.ts) reproduce, and what the export copies.
import type * as TF from '@tensorflow/tfjs';
import type { TFModule } from '../spec';

/** The target: a constant for every element, or a tensor of the logits' shape. */
export type BceTarget = { constant: number } | { tensor: TF.Tensor; smoothing: number };

/**
 * Binary cross-entropy of sigmoid(x) against the target per element, in tfjs ops (every backend;
 * what the WGSL passes compute): max(x, 0) − x·z + log(1 + e^−|x|), exact where the sigmoid would
 * round to 0 or 1.
 */
export function bceFromLogits(tf: TFModule, x: TF.Tensor, target: BceTarget): TF.Tensor {
  const z = 'constant' in target ? target.constant : tf.add(tf.mul(target.tensor, 1 - target.smoothing), target.smoothing / 2);
  return tf.add(tf.sub(tf.relu(x), tf.mul(x, z)), tf.log1p(tf.exp(tf.neg(tf.abs(x)))));
}
