// Dropout that draws a new mask on every training call.
//
// Why not tf.layers.dropout: given a seed, it passes that same seed to the random op on every
// call, so every training step drops the same units, which is no dropout at all; without a seed
// the masks are fresh but runs cannot be repeated. This layer asks a seed stream for a new seed
// on each training call: fresh masks every step, and the same masks again for the same stream.
// The masks are Philox masks (src/runtime/gpu-random): drawn and applied in one GPU pass under
// WebGPU, and the same masks, bit for bit, on every other backend.
import type * as TF from '@tensorflow/tfjs';
import { philoxDropout } from '../../../src/runtime/gpu-random/reference';
import { Rng } from '../../../src/runtime/rng';
import type { TFModule } from '../../spec';
import { type ConfigDict, isTraining, type Kwargs, type LayerArgs, type LayerShape, onlyShape, onlyTensor, PACKAGE, perTfModule } from './base';

export interface FreshMaskDropoutArgs extends LayerArgs {
  /** fraction of values set to zero while training */
  rate: number;
  /**
   * Seeds an own stream of mask seeds when `nextSeed` is not given (a model loaded from disk, or
   * emitted code). Saved with the model. Without either, masks come from tfjs's unseeded random.
   */
  seed?: number;
  /** the training's seed stream; not saved, as a function cannot be */
  nextSeed?: () => number;
}

export const freshMaskDropoutClass = perTfModule((tf) => {
  class FreshMaskDropout extends tf.layers.Layer {
    static className = 'FreshMaskDropout';
    /**
     * How a mask is drawn and applied: the Philox mask of one seed, made on the CPU; a runtime
     * that can make the same mask on the device installs its own.
     */
    static drop: (tf: TFModule, x: TF.Tensor, rate: number, seed: number) => TF.Tensor = philoxDropout;
    readonly rate: number;
    readonly seed: number | undefined;
    private readonly nextSeed: (() => number) | undefined;

    constructor(args: FreshMaskDropoutArgs) {
      super(args);
      if (!(args.rate >= 0 && args.rate < 1)) throw new Error(`FreshMaskDropout: rate must be in [0, 1), got ${args.rate}`);
      this.rate = args.rate;
      this.seed = args.seed;
      const ownStream = args.seed === undefined ? undefined : new Rng(args.seed);
      this.nextSeed = args.nextSeed ?? (ownStream && (() => ownStream.seed()));
    }

    override computeOutputShape(inputShape: LayerShape | LayerShape[]): LayerShape {
      return onlyShape(inputShape);
    }

    override call(inputs: TF.Tensor | TF.Tensor[], kwargs: Kwargs): TF.Tensor {
      const x = onlyTensor(inputs);
      if (!isTraining(kwargs) || this.rate === 0) return x;
      // keeps each value with probability 1 - rate and scales it by 1 / (1 - rate), so the
      // expected output equals the input and inference needs no rescaling
      const seed = this.nextSeed?.();
      if (seed === undefined) return tf.tidy(() => tf.dropout(x, this.rate));
      return FreshMaskDropout.drop(tf, x, this.rate, seed);
    }

    override getConfig(): ConfigDict {
      const config: ConfigDict = { ...super.getConfig(), rate: this.rate };
      if (this.seed !== undefined) config['seed'] = this.seed;
      return config;
    }
  }
  tf.serialization.registerClass(FreshMaskDropout, PACKAGE);
  return FreshMaskDropout;
});
