// GroupNorm on WebGPU in six programs (group-program.ts): two forward, four for the gradient.
// The GroupNorm layer (nodes/layers/custom/group-norm.ts) calls it when the fused kernels are on
// and the webgpu backend is active; elsewhere it runs its tfjs ops.
import type * as TF from '@tensorflow/tfjs';
import type { TFModule } from '../../../nodes/spec';
import { activeWebGpu, runFlat } from '../webgpu-programs';
import { groupDgammaProgram, groupDxProgram, groupNormalizeProgram, groupStatsProgram, groupSumsProgram } from './group-program';
import { sumsProgram } from './program';

type Gpu = NonNullable<ReturnType<typeof activeWebGpu>>;

/** The webgpu backend when GroupNorm of `x` can take the fused path, else undefined. */
export function fusedGroupNormBackend(tf: TFModule, x: TF.Tensor): Gpu | undefined {
  return x.dtype === 'float32' && x.rank >= 2 && x.size > 0 ? activeWebGpu(tf) : undefined;
}

/** Normalises each (sample, group of channels) of x ([B, ..., C]), then scales and shifts per channel. */
export function fusedGroupNorm(tf: TFModule, gpu: Gpu, x: TF.Tensor, gamma: TF.Tensor, beta: TF.Tensor, groups: number, epsilon: number): TF.Tensor {
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
