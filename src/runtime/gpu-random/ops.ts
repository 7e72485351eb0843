// The gpu-random ops: tensors of Philox4x32-10 random numbers for a (seed, offset). On the tfjs
// webgpu backend they run the WGSL program (one dispatch, nothing uploaded); on any other backend
// they compute the same values with the TypeScript reference and upload them. Either way, the same
// seed and offset give the same numbers (bit for bit for bits, ints, unit uniforms and dropout
// masks; within float32 rounding of log/cos/sin for normals).
import type * as TF from '@tensorflow/tfjs';
import type { TFModule } from '../../../nodes/spec';
import { checkIntRange, checkRate, dropoutScale, splitWords, valuesIn } from './philox';
import { checkShape, type NormalNoise, philoxBitsTensor, philoxDropout, philoxDropoutMaskTensor, philoxIntTensor, philoxNormalTensor, philoxUniformTensor } from './reference';
import { activeWasmKernels } from '../wasm-kernels/kernels';
import { webgpuBackend, type WebGpuBackendLike } from '../webgpu-programs';
import { outputDtype, type PhiloxKind, PhiloxProgram } from './program';

/** Where the numbers of an op are made: 'webgpu' (the WGSL program) or 'reference' (TypeScript). */
export type GpuRandomPath = 'webgpu' | 'reference';

/** Which path the ops take on the active backend. */
export function gpuRandomPath(tf: TFModule): GpuRandomPath {
  return webgpuBackend(tf) ? 'webgpu' : 'reference';
}

function runProgram(
  tf: TFModule,
  backend: WebGpuBackendLike,
  kind: PhiloxKind,
  shape: readonly number[],
  seed: number,
  offset: number,
  p0: number,
  p1: number,
  n: number,
  input?: TF.Tensor,
): TF.Tensor {
  const size = checkShape(shape);
  const [seedLo, seedHi] = splitWords(seed, 'seed');
  splitWords(offset, 'offset');
  const firstBlock = Math.floor(offset / 4);
  const [blockLo, blockHi] = splitWords(firstBlock, 'offset');
  const lane0 = offset % 4;
  const program = new PhiloxProgram(kind, size, lane0);
  const uniforms: Parameters<WebGpuBackendLike['runWebGPUProgram']>[3] = [
    { type: 'uint32', data: [seedLo] },
    { type: 'uint32', data: [seedHi] },
    { type: 'uint32', data: [blockLo] },
    { type: 'uint32', data: [blockHi] },
    { type: 'uint32', data: [lane0] },
    { type: 'uint32', data: [program.threads] },
    { type: 'float32', data: [p0] },
    { type: 'float32', data: [p1] },
    { type: 'uint32', data: [n] },
  ];
  const info = backend.runWebGPUProgram(program, input ? [input] : [], outputDtype(kind), uniforms);
  const flat = tf.engine().makeTensorFromTensorInfo(info);
  if (shape.length === 1) return flat;
  // a reshape only relabels the buffer
  const shaped = tf.reshape(flat, [...shape]);
  flat.dispose();
  return shaped;
}

/**
 * The raw uint32 words `offset .. offset + size - 1` of the stream of `seed`, as int32 (read them
 * back with `>>> 0`). For tests and for building other distributions.
 */
export function gpuRandomBits(tf: TFModule, shape: readonly number[], seed: number, offset = 0): TF.Tensor {
  const gpu = webgpuBackend(tf);
  if (gpu) return runProgram(tf, gpu, 'bits', shape, seed, offset, 0, 0, 0);
  return philoxBitsTensor(tf, shape, seed, offset);
}

/** Uniform float32 values in [low, high) (default [0, 1)), one per element of `shape`. */
export function gpuRandomUniform(tf: TFModule, shape: readonly number[], seed: number, offset = 0, low = 0, high = 1): TF.Tensor {
  const gpu = webgpuBackend(tf);
  if (gpu) return runProgram(tf, gpu, 'uniform', shape, seed, offset, Math.fround(low), Math.fround(high - low), 0);
  return philoxUniformTensor(tf, shape, seed, offset, low, high);
}

/** Normal float32 values (Box-Muller) with the given mean and standard deviation (default 0, 1). */
export function gpuRandomNormal(tf: TFModule, shape: readonly number[], seed: number, offset = 0, mean = 0, std = 1): TF.Tensor {
  const gpu = webgpuBackend(tf);
  if (gpu) return runProgram(tf, gpu, 'normal', shape, seed, offset, mean, std, 0);
  return philoxNormalTensor(tf, shape, seed, offset, mean, std);
}

/** Whole numbers in [0, maxExclusive) as int32, e.g. diffusion timesteps. */
export function gpuRandomInt(tf: TFModule, shape: readonly number[], maxExclusive: number, seed: number, offset = 0): TF.Tensor {
  checkIntRange(maxExclusive);
  const gpu = webgpuBackend(tf);
  if (gpu) return runProgram(tf, gpu, 'int', shape, seed, offset, 0, 0, maxExclusive);
  return philoxIntTensor(tf, shape, maxExclusive, seed, offset);
}

/**
 * An inverted-dropout mask: 1 / (1 - rate) with probability 1 - rate, else 0; the same on every
 * backend, bit for bit.
 */
export function gpuDropoutMask(tf: TFModule, shape: readonly number[], rate: number, seed: number, offset = 0): TF.Tensor {
  checkRate(rate);
  const gpu = webgpuBackend(tf);
  if (gpu) return runProgram(tf, gpu, 'dropoutMask', shape, seed, offset, Math.fround(rate), dropoutScale(rate), 0);
  return philoxDropoutMaskTensor(tf, shape, rate, seed, offset);
}

/**
 * Inverted dropout of `x` with the mask of `gpuDropoutMask(tf, x.shape, rate, seed, offset)`:
 * x * mask, float32, differentiable (the gradient is dy * mask). On webgpu one dispatch draws the
 * mask and multiplies, forward and backward alike: no mask tensor is kept between them.
 */
export function gpuDropout(tf: TFModule, x: TF.Tensor, rate: number, seed: number, offset = 0): TF.Tensor {
  checkRate(rate);
  const asFloat = (t: TF.Tensor): TF.Tensor => (t.dtype === 'float32' ? t : tf.cast(t, 'float32'));
  if (rate === 0) return x.dtype === 'float32' ? x.clone() : asFloat(x);
  const gpu = webgpuBackend(tf);
  if (!gpu && activeWasmKernels(tf)) {
    // the same masks in one SIMD-kernel pass (wasm-kernels/assembly/dropout.ts), forward and back
    const [k0, k1] = splitWords(seed, 'seed');
    const [blockLo, blockHi] = splitWords(Math.floor(offset / 4), 'offset');
    const attrs = { k0, k1, blockLo, blockHi, lane0: offset % 4, rate: Math.fround(rate), scale: dropoutScale(rate) };
    const apply = (t: TF.Tensor): TF.Tensor => tf.engine().runKernel('TensorloomDropout', { x: t }, attrs) as TF.Tensor;
    const op = tf.customGrad((input) => ({ value: apply(input as TF.Tensor), gradFunc: (dy: TF.Tensor) => apply(dy) }));
    return tf.tidy(() => op(asFloat(x)));
  }
  if (!gpu) return philoxDropout(tf, x, rate, seed, offset);
  const fused = (t: TF.Tensor): TF.Tensor =>
    tf.tidy(() => runProgram(tf, gpu, 'dropout', t.shape, seed, offset, Math.fround(rate), dropoutScale(rate), 0, tf.reshape(t, [t.size])));
  const op = tf.customGrad((input) => {
    const t = input as TF.Tensor;
    return { value: fused(t), gradFunc: (dy: TF.Tensor) => fused(dy) };
  });
  return tf.tidy(() => op(asFloat(x)));
}

/** NormalNoise made on the GPU under WebGPU (the same numbers as philoxNoise). */
export function gpuNoise(tf: TFModule): NormalNoise {
  return (shape, seed, std = 1) => gpuRandomNormal(tf, shape, seed, 0, 0, std);
}

/**
 * A (seed, offset) pair that moves on by the number of values each draw takes: successive draws
 * never share a value. Its whole state is two numbers, so a checkpoint can keep it.
 */
export class GpuRandomStream {
  constructor(
    readonly seed: number,
    public offset = 0,
  ) {
    splitWords(seed, 'seed');
    splitWords(offset, 'offset');
  }

  private take(shape: readonly number[]): number {
    const at = this.offset;
    this.offset += valuesIn(shape);
    return at;
  }

  uniform(tf: TFModule, shape: readonly number[], low = 0, high = 1): TF.Tensor {
    return gpuRandomUniform(tf, shape, this.seed, this.take(shape), low, high);
  }

  normal(tf: TFModule, shape: readonly number[], mean = 0, std = 1): TF.Tensor {
    return gpuRandomNormal(tf, shape, this.seed, this.take(shape), mean, std);
  }

  int(tf: TFModule, shape: readonly number[], maxExclusive: number): TF.Tensor {
    return gpuRandomInt(tf, shape, maxExclusive, this.seed, this.take(shape));
  }

  dropoutMask(tf: TFModule, shape: readonly number[], rate: number): TF.Tensor {
    return gpuDropoutMask(tf, shape, rate, this.seed, this.take(shape));
  }

  state(): { seed: number; offset: number } {
    return { seed: this.seed, offset: this.offset };
  }
}
