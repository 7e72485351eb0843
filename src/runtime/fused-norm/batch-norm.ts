// BatchNorm in training mode on WebGPU in seven programs (program.ts), as a tfjs-layers
// BatchNormalization whose `call` takes the fused path when it can: training, the webgpu backend,
// float32, channels last, with scale and centre. Everything else (inference, other backends, the
// weights, their names, the config, serialisation as 'BatchNormalization') is the stock layer's,
// so checkpoints, model files and the exported code (tf.layers.batchNormalization) see no
// difference.
import type * as TF from '@tensorflow/tfjs';
import type { TFModule } from '../../../nodes/spec';
import { perTfModule } from '../per-tf-module';
import { activeWebGpu, runFlat } from '../webgpu-programs';
import { dxProgram, movingProgram, normalizeProgram, statsProgram, sumsProgram } from './program';

type Gpu = NonNullable<ReturnType<typeof activeWebGpu>>;

interface LayerVariableLike {
  read(): TF.Tensor;
  write(value: TF.Tensor): unknown;
}

/**
 * Normalises x ([..., C]) with its batch statistics, scales by gamma and shifts by beta;
 * differentiable in x, gamma and beta. Moves the running statistics towards the batch's
 * (m - (m - stat) * (1 - momentum), as tfjs-layers does) as a side effect.
 */
export function fusedBatchNormTraining(
  tf: TFModule,
  gpu: Gpu,
  x: TF.Tensor,
  gamma: TF.Tensor,
  beta: TF.Tensor,
  moving: { mean: LayerVariableLike; variance: LayerVariableLike },
  momentum: number,
  epsilon: number,
): TF.Tensor {
  const channels = x.shape[x.rank - 1]!;
  const count = x.size / channels;
  const shapeUniforms = [{ i32: channels }, { i32: count }];
  const op = tf.customGrad((xIn, gammaIn, betaIn, save) => {
    const [input, g, b] = [xIn, gammaIn, betaIn] as TF.Tensor[];
    const stats = runFlat(tf, gpu, statsProgram(channels), [input!], shapeUniforms);
    const y = runFlat(tf, gpu, normalizeProgram(input!.shape), [input!, stats, g!, b!], [{ i32: channels }, { f32: epsilon }]);
    const decay = 1 - momentum;
    for (const [row, v] of [moving.mean, moving.variance].entries()) {
      v.write(runFlat(tf, gpu, movingProgram(row as 0 | 1, channels), [v.read(), stats], [{ i32: channels }, { f32: decay }]));
    }
    (save as (ts: TF.Tensor[]) => void)([input!, g!, stats]);
    return {
      value: y,
      gradFunc: (dy: TF.Tensor, saved: TF.Tensor[]) => {
        const [sx, sg, sstats] = saved as [TF.Tensor, TF.Tensor, TF.Tensor];
        const uniforms = [...shapeUniforms, { f32: epsilon }];
        const dbeta = runFlat(tf, gpu, sumsProgram('dy', channels), [dy], uniforms);
        const dgamma = runFlat(tf, gpu, sumsProgram('dyXhat', channels), [dy, sx, sstats], uniforms);
        const dx = runFlat(tf, gpu, dxProgram(sx.shape), [dy, sx, sstats, sg, dbeta, dgamma], uniforms);
        return [dx, dgamma, dbeta];
      },
    };
  });
  return op(x, gamma, beta);
}

interface BatchNormFields {
  axis: number;
  momentum: number;
  epsilon: number;
  center: boolean;
  scale: boolean;
  gamma: LayerVariableLike | null;
  beta: LayerVariableLike | null;
  movingMean: LayerVariableLike;
  movingVariance: LayerVariableLike;
}

type LayerArgs = Parameters<TFModule['layers']['batchNormalization']>[0];
type Layer = ReturnType<TFModule['layers']['batchNormalization']>;
type LayerClass = new (args: LayerArgs) => Layer;

const fusedClass = perTfModule((tf): LayerClass => {
  // tfjs does not export the class itself; a layer made by its factory leads to it
  const Stock = tf.layers.batchNormalization({}).constructor as LayerClass;
  class FusedBatchNormalization extends Stock {
    override call(inputs: TF.Tensor | TF.Tensor[], kwargs: Record<string, unknown>): TF.Tensor | TF.Tensor[] {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      const f = this as unknown as BatchNormFields;
      const gpu = activeWebGpu(tf);
      const fits =
        kwargs['training'] === true &&
        gpu !== undefined &&
        x !== undefined &&
        (!Array.isArray(inputs) || inputs.length === 1) &&
        x.dtype === 'float32' &&
        x.rank >= 2 &&
        (f.axis === -1 || f.axis === x.rank - 1) &&
        f.center &&
        f.scale &&
        f.gamma !== null &&
        f.beta !== null;
      if (!fits) return super.call(inputs, kwargs);
      return tf.tidy(() =>
        fusedBatchNormTraining(tf, gpu, x, f.gamma!.read(), f.beta!.read(), { mean: f.movingMean, variance: f.movingVariance }, f.momentum, f.epsilon),
      );
    }
  }
  return FusedBatchNormalization;
});

/** tf.layers.batchNormalization(args), with the fused training path on WebGPU. */
export function fusedBatchNormalization(tf: TFModule, args: LayerArgs): Layer {
  return new (fusedClass(tf))(args);
}
