// Activations on WebGPU (with the fused kernels on) in fewer programs, and on wasm in the SIMD
// kernels (src/runtime/wasm-kernels/), registered in tfjs's own registries over tfjs's versions,
// which stay the path on every other backend:
// - the gradients of ReLU and LeakyReLU (gradient registry): one pass each, where tfjs spends
//   three (ReLU: step, cast, mul; LeakyReLU: greater, mul with an uploaded alpha, where). At a NaN
//   input, as in tfjs: ReLU's gradient is NaN (step(NaN) is NaN), LeakyReLU's dy * alpha;
// - swish, also called SiLU (the layers' activation registry, class name 'swish'): one pass
//   forward and one backward, where tfjs spends three (mul by alpha, sigmoid, mul) and about
//   seven. Models still save it as 'swish'.
import type * as TF from '@tensorflow/tfjs';
import type { TFModule } from '../../nodes/spec';
import { perTfModule } from './per-tf-module';
import { activeWasmKernels } from './wasm-kernels/kernels';
import { activeWebGpu, flatProgram, runFlat } from './webgpu-programs';

type GradConfig = ReturnType<TFModule['getGradient']>;

// NaN by its bits: compilers may assume that v != v is false
const GRADIENTS = {
  Relu: 'select(select(0.0, dy[index], v > 0.0), v, (bitcast<u32>(v) & 0x7fffffffu) > 0x7f800000u)',
  LeakyRelu: 'select(dy[index] * uniforms.alpha, dy[index], v > 0.0)',
} as const;
type Kernel = keyof typeof GRADIENTS;

function gradProgram(kernel: Kernel, shape: readonly number[]) {
  return flatProgram(`tensorloomGrad_${kernel}`, shape, ['dy', 'x'], 'alpha : f32,', `let v = x[index];\n    result[index] = ${GRADIENTS[kernel]};`);
}

// swish(x) = sigmoid(alpha x) x, in tfjs-layers' order; its derivative s + x alpha s (1 - s)
function swishProgram(shape: readonly number[]) {
  return flatProgram('tensorloomSwish', shape, ['x'], 'alpha : f32,', `let v = x[index];\n    result[index] = 1.0 / (1.0 + exp(-(v * uniforms.alpha))) * v;`);
}

function swishGradProgram(shape: readonly number[]) {
  return flatProgram(
    'tensorloomSwishGrad',
    shape,
    ['dy', 'x'],
    'alpha : f32,',
    `let v = x[index];
    let s = 1.0 / (1.0 + exp(-(v * uniforms.alpha)));
    result[index] = dy[index] * (s + v * uniforms.alpha * s * (1.0 - s));`,
  );
}

function fusedSwish(tf: TFModule, x: TF.Tensor, alpha: number): TF.Tensor | undefined {
  if (x.dtype !== 'float32') return undefined;
  if (activeWasmKernels(tf)) {
    const op = tf.customGrad((xIn, save) => {
      const input = xIn as TF.Tensor;
      (save as (ts: TF.Tensor[]) => void)([input]);
      return {
        value: tf.engine().runKernel('TensorloomSwish', { x: input }, { alpha }) as TF.Tensor,
        gradFunc: (dy: TF.Tensor, [sx]: TF.Tensor[]) => tf.engine().runKernel('TensorloomSwishGrad', { dy, x: sx! }, { alpha }) as TF.Tensor,
      };
    });
    return op(x);
  }
  const gpu = activeWebGpu(tf);
  if (!gpu) return undefined;
  const a = [{ f32: alpha }];
  const op = tf.customGrad((xIn, save) => {
    const input = xIn as TF.Tensor;
    (save as (ts: TF.Tensor[]) => void)([input]);
    return {
      value: runFlat(tf, gpu, swishProgram(input.shape), [input], a),
      gradFunc: (dy: TF.Tensor, [sx]: TF.Tensor[]) => runFlat(tf, gpu, swishGradProgram(sx!.shape), [dy, sx!], a),
    };
  });
  return op(x);
}

type SwishClass = (new () => { apply(x: TF.Tensor, alpha?: number): TF.Tensor }) & { className: string };

/** Puts the fused versions in `tf`'s registries (once per tfjs module), before any model is built. */
export const registerFusedActivations = perTfModule((tf): true => {
  for (const kernel of Object.keys(GRADIENTS) as Kernel[]) {
    const stock: GradConfig = tf.getGradient(kernel);
    tf.registerGradient({
      ...stock,
      gradFunc: (dy: TF.Tensor | TF.Tensor[], saved: TF.Tensor[], attrs: TF.NamedAttrMap) => {
        const gpu = activeWebGpu(tf);
        const wasm = !gpu && activeWasmKernels(tf);
        const x = saved[0]!;
        const grad = Array.isArray(dy) ? dy[0]! : dy;
        if ((!gpu && !wasm) || grad.dtype !== 'float32' || x.dtype !== 'float32' || !tf.util.arraysEqual(grad.shape, x.shape)) return stock.gradFunc(dy, saved, attrs);
        const alpha = kernel === 'LeakyRelu' ? Number((attrs as { alpha?: number }).alpha ?? 0.2) : 0;
        if (wasm) return { x: () => tf.engine().runKernel(`Tensorloom${kernel}Grad`, { dy: grad, x }, { alpha }) as TF.Tensor };
        return { x: () => runFlat(tf, gpu!, gradProgram(kernel, x.shape), [grad, x], [{ f32: alpha }]) };
      },
    });
  }
  // tfjs-layers keeps its activations by class name; the stock swish is the one registered now
  const entry = tf.serialization.SerializationMap.getMap().classNameMap['swish'] as [SwishClass, unknown] | undefined;
  if (!entry) return true;
  const StockSwish = entry[0];
  class Swish extends StockSwish {
    static override className = 'swish';
    override apply(x: TF.Tensor, alpha = 1): TF.Tensor {
      return tf.tidy(() => fusedSwish(tf, x, alpha) ?? super.apply(x, alpha));
    }
  }
  tf.serialization.registerClass(Swish as unknown as Parameters<TFModule['serialization']['registerClass']>[0]);
  return true;
});
