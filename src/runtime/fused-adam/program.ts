// The WGSL of the fused Adam update, as tfjs WebGPU programs (the same shape as gpu-random's
// PhiloxProgram). tfjs programs have one output and read-only inputs, so one Adam step of a
// variable is three passes: the new first moment, the new second moment, the new value. Stock
// tfjs spends fourteen element-wise passes and eight uploaded scalars on the same step.
//
// Each pass repeats the arithmetic of tfjs's AdamOptimizer in the same order, in float32:
//   m' = m * beta1 + g * (1 - beta1)
//   v' = v * beta2 + (g * g) * (1 - beta2)
//   x' = (m' / (1 - accBeta1)) / (sqrt(v' / (1 - accBeta2)) + epsilon) * -learningRate + x
// accBeta1 and accBeta2 (beta^t) stay on the device as one-element inputs: reading them back
// would stall the queue.

const WORKGROUP = 64;

export type MomentKind = 'first' | 'second';

interface ElementwiseProgram {
  readonly variableNames: string[];
  readonly outputShape: number[];
  readonly workgroupSize: [number, number, number];
  readonly dispatchLayout: { x: number[] };
  dispatch: [number, number, number];
  shaderKey: string;
  readonly uniforms: string;
  readonly size: true;
  getUserCode(): string;
}

function elementwise(shape: readonly number[], variableNames: string[], uniforms: string, shaderKey: string, body: string): ElementwiseProgram {
  const n = shape.reduce((a, b) => a * b, 1);
  return {
    variableNames,
    outputShape: [...shape],
    workgroupSize: [WORKGROUP, 1, 1],
    dispatchLayout: { x: shape.map((_, i) => i) },
    dispatch: [Math.ceil(n / WORKGROUP), 1, 1],
    shaderKey,
    uniforms,
    size: true,
    getUserCode: () => `
fn main(index : i32) {
  if (index < uniforms.size) {
    ${body}
  }
}
`,
  };
}

/** m' or v' for a variable of `shape`; inputs: the moment, the gradient; uniforms: beta, 1 - beta. */
export function momentProgram(kind: MomentKind, shape: readonly number[]): ElementwiseProgram {
  const g = kind === 'first' ? 'gradient[index]' : '(gradient[index] * gradient[index])';
  return elementwise(
    shape,
    ['moment', 'gradient'],
    'beta : f32, oneMinusBeta : f32,',
    `tensorloomAdamMoment_${kind}`,
    `result[index] = moment[index] * uniforms.beta + ${g} * uniforms.oneMinusBeta;`,
  );
}

/** x' for a variable of `shape`; inputs: x, m', v', accBeta1, accBeta2; uniforms: learning rate, epsilon. */
export function valueProgram(shape: readonly number[]): ElementwiseProgram {
  return elementwise(
    shape,
    ['value', 'first', 'second', 'accBeta1', 'accBeta2'],
    'learningRate : f32, epsilon : f32,',
    'tensorloomAdamValue',
    `let mHat = first[index] / (1.0 - accBeta1[0]);
    let vHat = second[index] / (1.0 - accBeta2[0]);
    result[index] = mHat / (sqrt(vHat) + uniforms.epsilon) * -uniforms.learningRate + value[index];`,
  );
}
