// GroupNorm as a class of its own in the exported module; the same computation as
// nodes/layers/custom/group-norm.ts (test/codegen/custom-layers.test.ts holds them together).
import { snippet } from '../../snippet';
import { layerSupport, REGISTER_AS } from './support';

export const groupNormClass = snippet(
  'GroupNorm',
  'layers',
  `
/**
 * Group normalisation (Wu & He 2018): the channels are split into groups and each group is
 * normalised over its channels and all positions of one sample, then scaled and shifted per
 * channel. Unlike BatchNorm it never looks across the batch.
 */
class GroupNorm extends tf.layers.Layer {
  static className = 'GroupNorm';
  readonly groups: number;
  readonly epsilon: number;
  private gamma: tf.LayerVariable | null = null;
  private beta: tf.LayerVariable | null = null;

  constructor(args: LayerArgs & { groups: number; epsilon?: number }) {
    super(args);
    this.groups = args.groups;
    this.epsilon = args.epsilon ?? 1e-5;
  }

  override build(inputShape: LayerShape | LayerShape[]): void {
    const shape = onlyShape(inputShape);
    const channels = shape[shape.length - 1];
    if (typeof channels !== 'number' || channels % this.groups !== 0) {
      throw new Error(\`GroupNorm: channels (\${String(channels)}) must be known and divisible by groups (\${this.groups})\`);
    }
    // per-channel scale and shift, starting as the identity
    this.gamma = this.addWeight('gamma', [channels], 'float32', tf.initializers.ones());
    this.beta = this.addWeight('beta', [channels], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: LayerShape | LayerShape[]): LayerShape {
    return onlyShape(inputShape);
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    const { gamma, beta } = this;
    if (!gamma || !beta) throw new Error('GroupNorm: call before build');
    return tf.tidy(() => {
      const x = onlyTensor(inputs);
      const shape = x.shape;
      const channels = shape[shape.length - 1] ?? 0;
      // [b, ...spatial, c] → [b, ...spatial, groups, c / groups]; statistics over every axis
      // except the batch and the group axis
      const grouped = tf.reshape(x, [...shape.slice(0, -1), this.groups, channels / this.groups]);
      const groupAxis = grouped.rank - 2;
      const axes = [...Array(grouped.rank).keys()].filter((a) => a !== 0 && a !== groupAxis);
      const { mean, variance } = tf.moments(grouped, axes, true);
      const normed = tf.reshape(tf.mul(tf.sub(grouped, mean), tf.rsqrt(tf.add(variance, this.epsilon))), shape);
      return tf.add(tf.mul(normed, gamma.read()), beta.read());
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), groups: this.groups, epsilon: this.epsilon };
  }
}
tf.serialization.registerClass(GroupNorm, ${REGISTER_AS});
`,
  [layerSupport],
);
