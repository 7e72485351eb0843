// TimestepEmbedding as a class of its own in the exported module; the same computation as
// nodes/layers/custom/timestep-embedding.ts.
import { snippet } from '../../snippet';
import { layerSupport, REGISTER_AS } from './support';

export const timestepEmbeddingClass = snippet(
  'TimestepEmbedding',
  'layers',
  `
/** The frequencies f_i = maxPeriod ^ (-i / half), from 1 down towards 1 / maxPeriod. */
function timestepFrequencies(dim: number, maxPeriod: number): number[] {
  const half = dim / 2;
  return Array.from({ length: half }, (_, i) => Math.exp((-Math.log(maxPeriod) * i) / half));
}

/**
 * Sinusoidal timestep embedding (Vaswani et al. 2017, Ho et al. 2020): a timestep t becomes
 * [sin(t f_0), ..., sin(t f_{h-1}), cos(t f_0), ..., cos(t f_{h-1})] with h = dim / 2, so nearby
 * timesteps get similar vectors. No weights: a Dense after it learns what to make of them.
 */
class TimestepEmbedding extends tf.layers.Layer {
  static className = 'TimestepEmbedding';
  readonly dim: number;
  readonly maxPeriod: number;

  constructor(args: LayerArgs & { dim: number; maxPeriod?: number }) {
    super(args);
    if (!Number.isInteger(args.dim) || args.dim < 2 || args.dim % 2 !== 0) {
      throw new Error(\`TimestepEmbedding: dim must be an even whole number >= 2, got \${args.dim}\`);
    }
    this.dim = args.dim;
    this.maxPeriod = args.maxPeriod ?? 10000;
  }

  override computeOutputShape(inputShape: LayerShape | LayerShape[]): LayerShape {
    return [onlyShape(inputShape)[0] ?? null, this.dim];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      // [b, 1] timesteps times [half] frequencies broadcast to [b, half] angles
      const t = tf.reshape(tf.cast(onlyTensor(inputs), 'float32'), [-1, 1]);
      const angles = tf.mul(t, tf.tensor1d(timestepFrequencies(this.dim, this.maxPeriod)));
      return tf.concat([tf.sin(angles), tf.cos(angles)], -1);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), dim: this.dim, maxPeriod: this.maxPeriod };
  }
}
tf.serialization.registerClass(TimestepEmbedding, ${REGISTER_AS});
`,
  [layerSupport],
  ['timestepFrequencies'],
);
