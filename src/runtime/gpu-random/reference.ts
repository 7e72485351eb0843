// The TypeScript path of the gpu-random ops as tensors: the Philox numbers of ./philox computed
// here and uploaded. The ops (./ops) take it on every backend but WebGPU, and the TypeScript
// export draws its noise, timesteps and dropout masks through these same functions, so both draw
// the same numbers for the same seed.
import type * as TF from '@tensorflow/tfjs';
import type { TFModule } from '../../../nodes/spec';
import { checkRate, philoxDropoutMask, philoxInt, philoxNormal, philoxUint32, philoxUniform, valuesIn } from './philox';

/** Normal noise of a shape from one seed (mean 0): how samplers draw, whoever makes the numbers. */
export type NormalNoise = (shape: readonly number[], seed: number, std?: number) => TF.Tensor;

/** NormalNoise made here, on the CPU, for any backend. */
export function philoxNoise(tf: TFModule): NormalNoise {
  return (shape, seed, std = 1) => philoxNormalTensor(tf, shape, seed, 0, 0, std);
}

/** The number of values of a draw of `shape`; throws for a shape that is not whole numbers >= 0. */
export function checkShape(shape: readonly number[]): number {
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) throw new Error(`gpu-random: shape must hold whole numbers >= 0, got [${shape.join(', ')}]`);
  }
  const n = valuesIn(shape);
  // the WGSL indexes values with i32
  if (n > 2 ** 31 - 8) throw new Error(`gpu-random: at most 2^31 - 8 values per draw, asked for ${n}`);
  return n;
}

/** The raw uint32 words `offset ..` of the stream of `seed`, as int32 (read them back with `>>> 0`). */
export function philoxBitsTensor(tf: TFModule, shape: readonly number[], seed: number, offset = 0): TF.Tensor {
  return tf.tensor(new Int32Array(philoxUint32(checkShape(shape), seed, offset).buffer), [...shape], 'int32');
}

/** Uniform float32 values in [low, high) (default [0, 1)), one per element of `shape`. */
export function philoxUniformTensor(tf: TFModule, shape: readonly number[], seed: number, offset = 0, low = 0, high = 1): TF.Tensor {
  return tf.tensor(philoxUniform(checkShape(shape), seed, offset, low, high), [...shape], 'float32');
}

/** Normal float32 values (Box-Muller) with the given mean and standard deviation (default 0, 1). */
export function philoxNormalTensor(tf: TFModule, shape: readonly number[], seed: number, offset = 0, mean = 0, std = 1): TF.Tensor {
  return tf.tensor(philoxNormal(checkShape(shape), seed, offset, mean, std), [...shape], 'float32');
}

/** Whole numbers in [0, maxExclusive) as int32. */
export function philoxIntTensor(tf: TFModule, shape: readonly number[], maxExclusive: number, seed: number, offset = 0): TF.Tensor {
  return tf.tensor(philoxInt(checkShape(shape), seed, offset, maxExclusive), [...shape], 'int32');
}

/** An inverted-dropout mask: 1 / (1 - rate) with probability 1 - rate, else 0. */
export function philoxDropoutMaskTensor(tf: TFModule, shape: readonly number[], rate: number, seed: number, offset = 0): TF.Tensor {
  return tf.tensor(philoxDropoutMask(checkShape(shape), seed, offset, rate), [...shape], 'float32');
}

/** Inverted dropout of `x`: x times the mask of philoxDropoutMaskTensor, float32; the gradient is dy times the mask. */
export function philoxDropout(tf: TFModule, x: TF.Tensor, rate: number, seed: number, offset = 0): TF.Tensor {
  checkRate(rate);
  return tf.tidy(() => {
    const asFloat = x.dtype === 'float32' ? x : tf.cast(x, 'float32');
    return rate === 0 ? asFloat.clone() : tf.mul(asFloat, philoxDropoutMaskTensor(tf, x.shape, rate, seed, offset));
  });
}
