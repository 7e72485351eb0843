// Faster ways to do a node's work (custom layer classes have their own hooks), installed by the runtime where a backend has them (WGSL passes
// on WebGPU, SIMD kernels on wasm: src/runtime/fast-paths.ts). Node files ask here instead of
// importing those kernels, so the analysis path never loads them and the export copies only the
// plain tfjs work each of these reproduces, which is what runs when none is installed.
import type * as TF from '@tensorflow/tfjs';
import type { BceTarget } from './losses/bce-formula';
import type { TFModule } from './spec';

type LayerArgs = NonNullable<ConstructorParameters<TFModule['layers']['Layer']>[0]>;

export interface FastPaths {
  /** tf.layers.batchNormalization with a fused training pass */
  batchNormalization?(tf: TFModule, args: LayerArgs & { axis: number; momentum: number; epsilon: number }): TF.layers.Layer;
  /** per-element BCE on logits, fused */
  bceWithLogits?(tf: TFModule, x: TF.Tensor, target: BceTarget): TF.Tensor;
  /** tf.train.adam with a fused update */
  adam?(tf: TFModule, learningRate: number, beta1: number, beta2: number, epsilon: number): TF.Optimizer;
  /** the Philox draws of src/runtime/gpu-random/reference.ts, made on the device */
  randomNormal?(tf: TFModule, shape: readonly number[], seed: number, offset?: number, mean?: number, std?: number): TF.Tensor;
  randomUniform?(tf: TFModule, shape: readonly number[], seed: number, offset?: number, low?: number, high?: number): TF.Tensor;
}

/** The installed fast paths; empty until the runtime installs them. */
export const fastPaths: FastPaths = {};
