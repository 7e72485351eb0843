// Sinusoidal timestep embedding, as in the Transformer's positional encoding (Vaswani et al. 2017)
// and the DDPM U-Net (Ho et al. 2020): a scalar t becomes
//   [sin(t * f_0), ..., sin(t * f_{h-1}), cos(t * f_0), ..., cos(t * f_{h-1})],  h = dim / 2,
//   f_i = maxPeriod ^ (-i / h),
// so nearby timesteps get similar vectors and every scale, from 1 to maxPeriod steps, is visible
// to the network. No weights: a Dense after it learns what to make of the features.
import type * as TF from '@tensorflow/tfjs';
import { type ConfigDict, type Kwargs, type LayerArgs, type LayerShape, onlyShape, onlyTensor, PACKAGE, perTfModule } from './base';

export interface TimestepEmbeddingArgs extends LayerArgs {
  /** output size; even (half sines, half cosines) */
  dim: number;
  /** longest period of the sinusoids, in timesteps */
  maxPeriod?: number;
}

/** The frequencies f_i = maxPeriod ^ (-i / half), from 1 down towards 1 / maxPeriod. */
export function timestepFrequencies(dim: number, maxPeriod: number): number[] {
  const half = dim / 2;
  return Array.from({ length: half }, (_, i) => Math.exp((-Math.log(maxPeriod) * i) / half));
}

export const timestepEmbeddingClass = perTfModule((tf) => {
  class TimestepEmbedding extends tf.layers.Layer {
    static className = 'TimestepEmbedding';
    readonly dim: number;
    readonly maxPeriod: number;

    constructor(args: TimestepEmbeddingArgs) {
      super(args);
      if (!Number.isInteger(args.dim) || args.dim < 2 || args.dim % 2 !== 0) {
        throw new Error(`TimestepEmbedding: dim must be an even whole number >= 2, got ${args.dim}`);
      }
      this.dim = args.dim;
      this.maxPeriod = args.maxPeriod ?? 10000;
    }

    override computeOutputShape(inputShape: LayerShape | LayerShape[]): LayerShape {
      return [onlyShape(inputShape)[0] ?? null, this.dim];
    }

    override call(inputs: TF.Tensor | TF.Tensor[], _kwargs: Kwargs): TF.Tensor {
      return tf.tidy(() => {
        // [b, 1] timesteps times [half] frequencies broadcast to [b, half] angles
        const t = tf.reshape(tf.cast(onlyTensor(inputs), 'float32'), [-1, 1]);
        const angles = tf.mul(t, tf.tensor1d(timestepFrequencies(this.dim, this.maxPeriod)));
        return tf.concat([tf.sin(angles), tf.cos(angles)], -1);
      });
    }

    override getConfig(): ConfigDict {
      return { ...super.getConfig(), dim: this.dim, maxPeriod: this.maxPeriod };
    }
  }
  tf.serialization.registerClass(TimestepEmbedding, PACKAGE);
  return TimestepEmbedding;
});
