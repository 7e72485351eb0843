// fusedAdam: tfjs's Adam with the update of each variable in three WebGPU passes instead of
// fourteen (program.ts), or one pass of the WebAssembly SIMD kernel on wasm. It is a tfjs AdamOptimizer in every other respect: the same state
// variables, names, getWeights/setWeights, config and learning-rate field, so checkpoints, the
// learning-rate control and the exported code (which uses tf.train.adam) see no difference.
// On any other backend, or for a variable that is not float32, it runs tfjs's own update.
import type * as TF from '@tensorflow/tfjs';
import type { TFModule } from '../../../nodes/spec';
import { perTfModule } from '../per-tf-module';
import { activeWebGpu, runFlat } from '../webgpu-programs';
import { activeWasmKernels } from '../wasm-kernels/kernels';
import { momentProgram, valueProgram } from './program';

/** The fields of tfjs's AdamOptimizer that its .d.ts keeps private or protected. */
interface AdamState {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  accBeta1: TF.Variable;
  accBeta2: TF.Variable;
  accumulatedFirstMoment: { originalName: string; variable: TF.Variable }[];
  accumulatedSecondMoment: { originalName: string; variable: TF.Variable }[];
}

type Gradients = Parameters<TF.AdamOptimizer['applyGradients']>[0];

/** [name, gradient] pairs in the order tfjs's optimizers number their state. */
function pairs(grads: Gradients): [string, TF.Tensor | undefined][] {
  return Array.isArray(grads) ? grads.map((g) => [g.name, g.tensor]) : Object.entries(grads);
}

type AdamClass = new (learningRate: number, beta1: number, beta2: number, epsilon?: number) => TF.AdamOptimizer;

const fusedClass = perTfModule((tf): AdamClass => {
  class FusedAdam extends tf.AdamOptimizer {
    override applyGradients(grads: Gradients): void {
      const gpu = activeWebGpu(tf);
      const wasm = !gpu && activeWasmKernels(tf);
      const list = pairs(grads);
      const registered = tf.engine().registeredVariables;
      if ((!gpu && !wasm) || list.some(([name, g]) => registered[name]?.dtype !== 'float32' || (g && g.dtype !== 'float32'))) {
        super.applyGradients(grads);
        return;
      }
      const s = this as unknown as AdamState;
      tf.tidy(() => {
        list.forEach(([name, gradient], i) => {
          const value = registered[name]!;
          // created on first use, named as tfjs names them, so getWeights/setWeights match stock Adam
          s.accumulatedFirstMoment[i] ??= { originalName: `${name}/m`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
          s.accumulatedSecondMoment[i] ??= { originalName: `${name}/v`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
          if (!gradient) return;
          const m = s.accumulatedFirstMoment[i]!.variable;
          const v = s.accumulatedSecondMoment[i]!.variable;
          if (!gpu) {
            // one SIMD pass for all three (tfjs's arithmetic in its order; 1 - beta rounded as tfjs's scalars are)
            const [newValue, newM, newV] = tf.engine().runKernel('TensorloomAdam', { x: value, m, v, g: gradient, accBeta1: s.accBeta1, accBeta2: s.accBeta2 }, {
              beta1: s.beta1, oneMinusBeta1: Math.fround(1 - s.beta1), beta2: s.beta2, oneMinusBeta2: Math.fround(1 - s.beta2),
              negLearningRate: -s.learningRate, epsilon: s.epsilon,
            }) as TF.Tensor[];
            m.assign(newM!);
            v.assign(newV!);
            value.assign(newValue!);
            return;
          }
          const newM = runFlat(tf, gpu, momentProgram('first', value.shape), [m, gradient], [{ f32: s.beta1 }, { f32: 1 - s.beta1 }]);
          const newV = runFlat(tf, gpu, momentProgram('second', value.shape), [v, gradient], [{ f32: s.beta2 }, { f32: 1 - s.beta2 }]);
          const newValue = runFlat(tf, gpu, valueProgram(value.shape), [value, newM, newV, s.accBeta1, s.accBeta2], [{ f32: s.learningRate }, { f32: s.epsilon }]);
          m.assign(newM);
          v.assign(newV);
          value.assign(newValue);
        });
        s.accBeta1.assign(tf.mul(s.accBeta1, s.beta1));
        s.accBeta2.assign(tf.mul(s.accBeta2, s.beta2));
      });
      this.incrementIterations();
    }
  }
  return FusedAdam;
});

/** An Adam optimizer (tf.train.adam's arguments) whose update is fused on the webgpu backend. */
export function fusedAdam(tf: TFModule, learningRate: number, beta1 = 0.9, beta2 = 0.999, epsilon?: number): TF.AdamOptimizer {
  return new (fusedClass(tf))(learningRate, beta1, beta2, epsilon);
}
