// Installs the runtime's fused WebGPU passes and wasm SIMD kernels as the nodes' fast paths
// (nodes/fast-paths.ts, and the hooks of the custom layer classes). Each falls back to the plain
// tfjs work on a backend it does not serve, so installing them is safe on every backend; choosing
// a backend in Node installs them, and so do the model builder and the training program (the
// browser's path), before any node builds or runs.
import type { TFModule } from '../../nodes/spec';
import { fastPaths } from '../../nodes/fast-paths';
import { freshMaskDropoutClass } from '../../nodes/layers/custom/fresh-mask-dropout';
import { groupNormClass } from '../../nodes/layers/custom/group-norm';
import { fusedAdam } from './fused-adam/adam';
import { bceWithLogits } from './fused-loss/bce-logits';
import { fusedBatchNormalization } from './fused-norm/batch-norm';
import { fusedGroupNorm } from './fused-norm/group-norm';
import { gpuDropout, gpuRandomNormal, gpuRandomUniform } from './gpu-random';

export function installFastPaths(tf: TFModule): void {
  Object.assign(fastPaths, {
    batchNormalization: fusedBatchNormalization,
    bceWithLogits,
    adam: fusedAdam,
    randomNormal: gpuRandomNormal,
    randomUniform: gpuRandomUniform,
  } satisfies Required<typeof fastPaths>);
  groupNormClass(tf).fastPath = fusedGroupNorm;
  freshMaskDropoutClass(tf).drop = gpuDropout;
}
