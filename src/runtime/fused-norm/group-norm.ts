// GroupNorm on WebGPU in six programs (group-program.ts): two forward, four for the gradient; on
// wasm in three calls of the SIMD kernels (wasm-kernels/assembly/group-norm.ts). The GroupNorm
// layer (nodes/layers/custom/group-norm.ts) calls it first; where neither applies (another
// backend, the fused kernels off) it gets undefined and runs its tfjs ops.
import type * as TF from '@tensorflow/tfjs';
import type { TFModule } from '../../../nodes/spec';
import { activeWasmKernels } from '../wasm-kernels/kernels';
import { activeWebGpu, runFlat } from '../webgpu-programs';
import { groupDgammaProgram, groupDxProgram, groupNormalizeProgram, groupStatsProgram, groupSumsProgram } from './group-program';
import { sumsProgram } from './program';

type Gpu = NonNullable<ReturnType<typeof activeWebGpu>>;

/**
 * Normalises each (sample, group of channels) of x ([B, ..., C]), then scales and shifts per
 * channel, on the fused path of the active backend; undefined where there is none.
 */
export function fusedGroupNorm(tf: TFModule, x: TF.Tensor, gamma: TF.Tensor, beta: TF.Tensor, groups: number, epsilon: number): TF.Tensor | undefined {
  if (x.dtype !== 'float32' || x.rank < 2 || x.size === 0) return undefined;
  const gpu = activeWebGpu(tf);
  if (gpu) return webgpuGroupNorm(tf, gpu, x, gamma, beta, groups, epsilon);
  return activeWasmKernels(tf) ? wasmGroupNorm(tf, x, gamma, beta, groups, epsilon) : undefined;
}

function wasmGroupNorm(tf: TFModule, x: TF.Tensor, gamma: TF.Tensor, beta: TF.Tensor, groups: number, epsilon: number): TF.Tensor {
  const run = (name: string, inputs: TF.NamedTensorMap) => tf.engine().runKernel(`TensorloomGroupNorm${name}`, inputs, { groups, epsilon });
  const op = tf.customGrad((xIn, gammaIn, betaIn, save) => {
    const [input, g, b] = [xIn, gammaIn, betaIn] as TF.Tensor[];
    const stats = run('Stats', { x: input! }) as TF.Tensor;
    (save as (ts: TF.Tensor[]) => void)([input!, g!, stats]);
    return {
      value: run('Normalize', { x: input!, stats, gamma: g!, beta: b! }) as TF.Tensor,
      gradFunc: (dy: TF.Tensor, [sx, sg, sstats]: TF.Tensor[]) => run('Grads', { dy, x: sx!, stats: sstats!, gamma: sg! }) as TF.Tensor[],
    };
  });
  return op(x, gamma, beta);
}

function webgpuGroupNorm(tf: TFModule, gpu: Gpu, x: TF.Tensor, gamma: TF.Tensor, beta: TF.Tensor, groups: number, epsilon: number): TF.Tensor {
  const batch = x.shape[0]!;
  const channels = x.shape[x.rank - 1]!;
  const positions = x.size / (batch * channels);
  const pairs = batch * groups;
  const u = [{ i32: channels }, { i32: groups }, { i32: channels / groups }, { i32: positions }, { f32: epsilon }];
  const op = tf.customGrad((xIn, gammaIn, betaIn, save) => {
    const [input, g, b] = [xIn, gammaIn, betaIn] as TF.Tensor[];
    const stats = runFlat(tf, gpu, groupStatsProgram(pairs), [input!], u);
    (save as (ts: TF.Tensor[]) => void)([input!, g!, stats]);
    return {
      value: runFlat(tf, gpu, groupNormalizeProgram(input!.shape), [input!, stats, g!, b!], [...u, { i32: pairs }]),
      gradFunc: (dy: TF.Tensor, saved: TF.Tensor[]) => {
        const [sx, sg, sstats] = saved as [TF.Tensor, TF.Tensor, TF.Tensor];
        const dbeta = runFlat(tf, gpu, sumsProgram('dy', channels), [dy], [{ i32: channels }, { i32: batch * positions }, { f32: epsilon }]);
        const dgamma = runFlat(tf, gpu, groupDgammaProgram(channels), [dy, sx, sstats], [...u, { i32: pairs }, { i32: batch }]);
        const sums = runFlat(tf, gpu, groupSumsProgram(pairs), [dy, sx, sstats, sg], u);
        const dx = runFlat(tf, gpu, groupDxProgram(sx.shape), [dy, sx, sstats, sg, sums], [...u, { i32: pairs }]);
        sums.dispose();
        return [dx, dgamma, dbeta];
      },
    };
  });
  return op(x, gamma, beta);
}
