// The WGSL of the fused Adam update. tfjs programs have one output and read-only inputs, so one
// Adam step of a variable is three passes: the new first moment, the new second moment, the new
// value. Stock tfjs spends fourteen element-wise passes and eight uploaded scalars on the same step.
//
// Each pass repeats the arithmetic of tfjs's AdamOptimizer in the same order, in float32:
//   m' = m * beta1 + g * (1 - beta1)
//   v' = v * beta2 + (g * g) * (1 - beta2)
//   x' = (m' / (1 - accBeta1)) / (sqrt(v' / (1 - accBeta2)) + epsilon) * -learningRate + x
// accBeta1 and accBeta2 (beta^t) stay on the device as one-element inputs: reading them back
// would stall the queue.
import { flatProgram, type WebGpuProgram } from '../webgpu-programs';

export type MomentKind = 'first' | 'second';

/** m' or v' for a variable of `shape`; inputs: the moment, the gradient; uniforms: beta, 1 - beta. */
export function momentProgram(kind: MomentKind, shape: readonly number[]): WebGpuProgram {
  const g = kind === 'first' ? 'gradient[index]' : '(gradient[index] * gradient[index])';
  return flatProgram(
    `tensorloomAdamMoment_${kind}`,
    shape,
    ['moment', 'gradient'],
    'beta : f32, oneMinusBeta : f32,',
    `result[index] = moment[index] * uniforms.beta + ${g} * uniforms.oneMinusBeta;`,
  );
}

/** x' for a variable of `shape`; inputs: x, m', v', accBeta1, accBeta2; uniforms: learning rate, epsilon. */
export function valueProgram(shape: readonly number[]): WebGpuProgram {
  return flatProgram(
    'tensorloomAdamValue',
    shape,
    ['value', 'first', 'second', 'accBeta1', 'accBeta2'],
    'learningRate : f32, epsilon : f32,',
    `let mHat = first[index] / (1.0 - accBeta1[0]);
    let vHat = second[index] / (1.0 - accBeta2[0]);
    result[index] = mHat / (sqrt(vHat) + uniforms.epsilon) * -uniforms.learningRate + value[index];`,
  );
}
