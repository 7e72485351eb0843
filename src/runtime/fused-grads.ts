// The gradients of ReLU and LeakyReLU in one WGSL pass each on WebGPU (with the fused kernels on),
// registered in tfjs's gradient registry over tfjs's own: those spend three programs on LeakyReLU
// (greater, mul, where: plus an uploaded alpha) and three on ReLU (step, cast, mul). On any other
// backend the stock gradient runs, unchanged. At a NaN input, as in tfjs: ReLU's gradient is NaN
// (step(NaN) is NaN), LeakyReLU's dy * alpha (NaN > 0 is false).
import type * as TF from '@tensorflow/tfjs';
import type { TFModule } from '../../nodes/spec';
import { activeWebGpu, flatProgram, runFlat } from './webgpu-programs';

type GradConfig = ReturnType<TFModule['getGradient']>;

// NaN by its bits: compilers may assume that v != v is false
const BODIES = {
  Relu: 'select(select(0.0, dy[index], v > 0.0), v, (bitcast<u32>(v) & 0x7fffffffu) > 0x7f800000u)',
  LeakyRelu: 'select(dy[index] * uniforms.alpha, dy[index], v > 0.0)',
} as const;
type Kernel = keyof typeof BODIES;

function gradProgram(kernel: Kernel, shape: readonly number[]) {
  return flatProgram(
    `tensorloomGrad_${kernel}`,
    shape,
    ['dy', 'x'],
    'alpha : f32,',
    `let v = x[index];
    result[index] = ${BODIES[kernel]};`,
  );
}

const registered = new WeakSet<TFModule>();

/** Puts the fused gradients in `tf`'s registry (once per tfjs module). */
export function registerFusedGradients(tf: TFModule): void {
  if (registered.has(tf)) return;
  registered.add(tf);
  for (const kernel of Object.keys(BODIES) as Kernel[]) {
    const stock: GradConfig = tf.getGradient(kernel);
    tf.registerGradient({
      ...stock,
      gradFunc: (dy: TF.Tensor | TF.Tensor[], saved: TF.Tensor[], attrs: TF.NamedAttrMap) => {
        const gpu = activeWebGpu(tf);
        const x = saved[0]!;
        const grad = Array.isArray(dy) ? dy[0]! : dy;
        if (!gpu || grad.dtype !== 'float32' || x.dtype !== 'float32' || !tf.util.arraysEqual(grad.shape, x.shape)) return stock.gradFunc(dy, saved, attrs);
        const alpha = kernel === 'LeakyRelu' ? Number((attrs as { alpha?: number }).alpha ?? 0.2) : 0;
        return { x: () => runFlat(tf, gpu, gradProgram(kernel, x.shape), [grad, x], [{ f32: alpha }]) };
      },
    });
  }
}
