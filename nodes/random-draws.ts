// The random tensors the nodes draw: the Philox numbers of src/runtime/gpu-random/reference.ts,
// made on the device where the runtime installed that fast path, else on the CPU; the same
// numbers either way.
import type * as TF from '@tensorflow/tfjs';
import { type NormalNoise, philoxNormalTensor, philoxUniformTensor } from '../src/runtime/gpu-random/reference';
import { fastPaths } from './fast-paths';
import type { TFModule } from './spec';

export function randomNormal(tf: TFModule, shape: readonly number[], seed: number, offset = 0, mean = 0, std = 1): TF.Tensor {
  return (fastPaths.randomNormal ?? philoxNormalTensor)(tf, shape, seed, offset, mean, std);
}

export function randomUniform(tf: TFModule, shape: readonly number[], seed: number, offset = 0, low = 0, high = 1): TF.Tensor {
  return (fastPaths.randomUniform ?? philoxUniformTensor)(tf, shape, seed, offset, low, high);
}

/** NormalNoise for the samplers' loops. */
export const randomNoise = (tf: TFModule): NormalNoise => (shape, seed, std = 1) => randomNormal(tf, shape, seed, 0, 0, std);
