// Binary cross-entropy on logits, per element: max(x, 0) - x z + log(1 + e^-|x|), with the target
// z either a constant or a tensor t moved towards 0.5 by label smoothing s: z = t (1 - s) + s / 2.
//
// On WebGPU (with the fused kernels on) one WGSL pass computes it and one pass its gradient,
// dy (sigmoid(x) - z), plus one for a tensor target, -dy x (1 - s). Stock tfjs spends eight
// element-wise programs forward (ten with a tensor target) and about twelve backward. Elsewhere
// the same formula runs as tfjs ops, as it always has.
//
// The WGSL log and exp need only be accurate to about 2^-21 absolute, so the WebGPU losses may
// differ from the CPU's by a few 1e-7 per element (test/webgpu/fused-bce-logits.test.ts).
import type * as TF from '@tensorflow/tfjs';
import type { TFModule } from '../../../nodes/spec';
import { bceFromLogits, type BceTarget } from '../../../nodes/losses/bce-formula';
import { activeWebGpu, flatProgram, runFlat, type WebGpuProgram } from '../webgpu-programs';

export type { BceTarget };

/** How each kind of target reaches the WGSL: its inputs after the logits, its uniforms, z. */
const TARGETS = {
  constant: { inputs: [], uniforms: 'z : f32,', z: 'uniforms.z' },
  tensor: { inputs: ['labels'], uniforms: 'keep : f32, half : f32,', z: 'labels[index] * uniforms.keep + uniforms.half' },
} as const;

function forwardProgram(shape: readonly number[], target: keyof typeof TARGETS): WebGpuProgram {
  const t = TARGETS[target];
  return flatProgram(
    `tensorloomBceLogits_${target}`,
    shape,
    ['logits', ...t.inputs],
    t.uniforms,
    `let x = logits[index];
    let z = ${t.z};
    result[index] = max(x, 0.0) - x * z + log(1.0 + exp(-abs(x)));`,
  );
}

function gradLogitsProgram(shape: readonly number[], target: keyof typeof TARGETS): WebGpuProgram {
  const t = TARGETS[target];
  return flatProgram(
    `tensorloomBceLogitsGradX_${target}`,
    shape,
    ['dy', 'logits', ...t.inputs],
    t.uniforms,
    `let x = logits[index];
    result[index] = dy[index] * (1.0 / (1.0 + exp(-x)) - (${t.z}));`,
  );
}

function gradTargetProgram(shape: readonly number[]): WebGpuProgram {
  return flatProgram('tensorloomBceLogitsGradTarget', shape, ['dy', 'logits'], 'keep : f32,', 'result[index] = -dy[index] * logits[index] * uniforms.keep;');
}

/** Per-element binary cross-entropy of sigmoid(x) against the target; differentiable in x and a tensor target. */
export function bceWithLogits(tf: TFModule, x: TF.Tensor, target: BceTarget): TF.Tensor {
  const gpu = activeWebGpu(tf);
  const tensorTarget = 'tensor' in target ? target.tensor : undefined;
  if (!gpu || x.dtype !== 'float32' || (tensorTarget && (tensorTarget.dtype !== 'float32' || !tf.util.arraysEqual(tensorTarget.shape, x.shape)))) {
    return bceFromLogits(tf, x, target);
  }
  if (!tensorTarget) {
    const z = [{ f32: (target as { constant: number }).constant }];
    const op = tf.customGrad((xIn, save) => {
      const logits = xIn as TF.Tensor;
      (save as (ts: TF.Tensor[]) => void)([logits]);
      return {
        value: runFlat(tf, gpu, forwardProgram(logits.shape, 'constant'), [logits], z),
        gradFunc: (dy: TF.Tensor, [sx]: TF.Tensor[]) => runFlat(tf, gpu, gradLogitsProgram(sx!.shape, 'constant'), [dy, sx!], z),
      };
    });
    return op(x);
  }
  const s = (target as { smoothing: number }).smoothing;
  const smoothing = [{ f32: 1 - s }, { f32: s / 2 }];
  const op = tf.customGrad((xIn, tIn, save) => {
    const [logits, t] = [xIn, tIn] as TF.Tensor[];
    (save as (ts: TF.Tensor[]) => void)([logits!, t!]);
    return {
      value: runFlat(tf, gpu, forwardProgram(logits!.shape, 'tensor'), [logits!, t!], smoothing),
      gradFunc: (dy: TF.Tensor, [sx, st]: TF.Tensor[]) => [
        runFlat(tf, gpu, gradLogitsProgram(sx!.shape, 'tensor'), [dy, sx!, st!], smoothing),
        runFlat(tf, gpu, gradTargetProgram(sx!.shape), [dy, sx!], [{ f32: 1 - s }]),
      ],
    };
  });
  return op(x, tensorTarget);
}
