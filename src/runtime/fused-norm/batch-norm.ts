// BatchNorm in training mode on WebGPU in seven programs (program.ts), or on wasm in the SIMD
// kernels, as a tfjs-layers BatchNormalization whose `call` takes the fused path when it can:
// training, the webgpu or wasm backend, float32, channels last, with scale and centre.
// Everything else (inference, other backends, the
// weights, their names, the config, serialisation as 'BatchNormalization') is the stock layer's,
// so checkpoints, model files and the exported code (tf.layers.batchNormalization) see no
// difference.
import type * as TF from '@tensorflow/tfjs';
import type { TFModule } from '../../../nodes/spec';
import { perTfModule } from '../per-tf-module';
import { activeWasmKernels } from '../wasm-kernels/kernels';
import { activeWebGpu, runFlat } from '../webgpu-programs';
import { dxProgram, movingProgram, normalizeProgram, statsProgram, sumsProgram } from './program';

type Gpu = NonNullable<ReturnType<typeof activeWebGpu>>;

interface LayerVariableLike {
  read(): TF.Tensor;
  write(value: TF.Tensor): unknown;
}

/** The five steps of BatchNorm in training, on one backend. */
interface BatchNormSteps {
  /** [2C]: the channel means, then the biased variances */
  stats(x: TF.Tensor): TF.Tensor;
  normalize(x: TF.Tensor, stats: TF.Tensor, gamma: TF.Tensor, beta: TF.Tensor): TF.Tensor;
  /** a running statistic (row 0 the mean, 1 the variance) moved towards the batch's */
  moving(row: 0 | 1, value: TF.Tensor, stats: TF.Tensor): TF.Tensor;
  /** [dbeta, dgamma] */
  sums(dy: TF.Tensor, x: TF.Tensor, stats: TF.Tensor): [TF.Tensor, TF.Tensor];
  dx(dy: TF.Tensor, x: TF.Tensor, stats: TF.Tensor, gamma: TF.Tensor, dbeta: TF.Tensor, dgamma: TF.Tensor): TF.Tensor;
}

function webgpuSteps(tf: TFModule, gpu: Gpu, channels: number, count: number, epsilon: number, decay: number): BatchNormSteps {
  const shape = [{ i32: channels }, { i32: count }];
  const withEps = [...shape, { f32: epsilon }];
  return {
    stats: (x) => runFlat(tf, gpu, statsProgram(channels), [x], shape),
    normalize: (x, stats, g, b) => runFlat(tf, gpu, normalizeProgram(x.shape), [x, stats, g, b], [{ i32: channels }, { f32: epsilon }]),
    moving: (row, v, stats) => runFlat(tf, gpu, movingProgram(row, channels), [v, stats], [{ i32: channels }, { f32: decay }]),
    sums: (dy, x, stats) => [runFlat(tf, gpu, sumsProgram('dy', channels), [dy], withEps), runFlat(tf, gpu, sumsProgram('dyXhat', channels), [dy, x, stats], withEps)],
    dx: (dy, x, stats, g, dbeta, dgamma) => runFlat(tf, gpu, dxProgram(x.shape), [dy, x, stats, g, dbeta, dgamma], withEps),
  };
}

/** The same steps in the WebAssembly SIMD kernels (src/runtime/wasm-kernels/assembly/batch-norm.ts). */
function wasmSteps(tf: TFModule, epsilon: number, decay: number): BatchNormSteps {
  const run = (name: string, inputs: TF.NamedTensorMap, attrs: TF.NamedAttrMap = {}) => tf.engine().runKernel(`TensorloomBatchNorm${name}`, inputs, attrs);
  return {
    stats: (x) => run('Stats', { x }) as TF.Tensor,
    normalize: (x, stats, gamma, beta) => run('Normalize', { x, stats, gamma, beta }, { epsilon }) as TF.Tensor,
    moving: (row, moving, stats) => run('Moving', { moving, stats }, { row, decay }) as TF.Tensor,
    sums: (dy, x, stats) => run('Sums', { dy, x, stats }, { epsilon }) as [TF.Tensor, TF.Tensor],
    dx: (dy, x, stats, gamma, dbeta, dgamma) => run('Dx', { dy, x, stats, gamma, dbeta, dgamma }, { epsilon }) as TF.Tensor,
  };
}

/** The steps for the active backend when it has them (webgpu or wasm, fused kernels on), else undefined. */
function stepsFor(tf: TFModule, channels: number, count: number, epsilon: number, momentum: number): BatchNormSteps | undefined {
  const gpu = activeWebGpu(tf);
  if (gpu) return webgpuSteps(tf, gpu, channels, count, epsilon, 1 - momentum);
  return activeWasmKernels(tf) ? wasmSteps(tf, epsilon, 1 - momentum) : undefined;
}

/**
 * Normalises x ([..., C]) with its batch statistics, scales by gamma and shifts by beta;
 * differentiable in x, gamma and beta. Moves the running statistics towards the batch's
 * (m - (m - stat) * (1 - momentum), as tfjs-layers does) as a side effect.
 */
function fusedBatchNormTraining(
  tf: TFModule,
  steps: BatchNormSteps,
  x: TF.Tensor,
  gamma: TF.Tensor,
  beta: TF.Tensor,
  moving: { mean: LayerVariableLike; variance: LayerVariableLike },
): TF.Tensor {
  const op = tf.customGrad((xIn, gammaIn, betaIn, save) => {
    const [input, g, b] = [xIn, gammaIn, betaIn] as TF.Tensor[];
    const stats = steps.stats(input!);
    const y = steps.normalize(input!, stats, g!, b!);
    for (const [row, v] of [moving.mean, moving.variance].entries()) v.write(steps.moving(row as 0 | 1, v.read(), stats));
    (save as (ts: TF.Tensor[]) => void)([input!, g!, stats]);
    return {
      value: y,
      gradFunc: (dy: TF.Tensor, saved: TF.Tensor[]) => {
        const [sx, sg, sstats] = saved as [TF.Tensor, TF.Tensor, TF.Tensor];
        const [dbeta, dgamma] = steps.sums(dy, sx, sstats);
        return [steps.dx(dy, sx, sstats, sg, dbeta, dgamma), dgamma, dbeta];
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
      const fits =
        kwargs['training'] === true &&
        x !== undefined &&
        (!Array.isArray(inputs) || inputs.length === 1) &&
        x.dtype === 'float32' &&
        x.rank >= 2 &&
        (f.axis === -1 || f.axis === x.rank - 1) &&
        f.center &&
        f.scale &&
        f.gamma !== null &&
        f.beta !== null;
      const channels = fits ? x.shape[x.rank - 1]! : 0;
      const steps = fits ? stepsFor(tf, channels, x.size / channels, f.epsilon, f.momentum) : undefined;
      if (!steps) return super.call(inputs, kwargs);
      return tf.tidy(() => fusedBatchNormTraining(tf, steps, x!, f.gamma!.read(), f.beta!.read(), { mean: f.movingMean, variance: f.movingVariance }));
    }
  }
  return FusedBatchNormalization;
});

/** tf.layers.batchNormalization(args), with the fused training path on WebGPU. */
export function fusedBatchNormalization(tf: TFModule, args: LayerArgs): Layer {
  return new (fusedClass(tf))(args);
}
