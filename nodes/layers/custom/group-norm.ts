// Group normalisation (Wu & He 2018), which tfjs lacks: the channels are split into groups and
// each group is normalised over its channels and all spatial positions of one sample, so, unlike
// BatchNorm, the result does not depend on the batch (same in training and inference).
import type * as TF from '@tensorflow/tfjs';
import type { TFModule } from '../../spec';
import { type ConfigDict, type Kwargs, type LayerArgs, type LayerShape, onlyShape, onlyTensor, PACKAGE, perTfModule } from './base';

export interface GroupNormArgs extends LayerArgs {
  groups: number;
  epsilon?: number;
}

export const groupNormClass = perTfModule((tf) => {
  class GroupNorm extends tf.layers.Layer {
    static className = 'GroupNorm';
    /** A faster GroupNorm that a runtime installs for backends that have one; undefined where it does not apply. */
    static fastPath: ((tf: TFModule, x: TF.Tensor, gamma: TF.Tensor, beta: TF.Tensor, groups: number, epsilon: number) => TF.Tensor | undefined) | undefined;
    readonly groups: number;
    readonly epsilon: number;
    private gamma: TF.LayerVariable | null = null;
    private beta: TF.LayerVariable | null = null;

    constructor(args: GroupNormArgs) {
      super(args);
      this.groups = args.groups;
      this.epsilon = args.epsilon ?? 1e-5;
    }

    override build(inputShape: LayerShape | LayerShape[]): void {
      const shape = onlyShape(inputShape);
      const channels = shape[shape.length - 1];
      if (typeof channels !== 'number' || channels % this.groups !== 0) {
        throw new Error(`GroupNorm: channels (${String(channels)}) must be known and divisible by groups (${this.groups})`);
      }
      // per-channel scale and shift, starting as the identity
      this.gamma = this.addWeight('gamma', [channels], 'float32', tf.initializers.ones());
      this.beta = this.addWeight('beta', [channels], 'float32', tf.initializers.zeros());
      this.built = true;
    }

    override computeOutputShape(inputShape: LayerShape | LayerShape[]): LayerShape {
      return onlyShape(inputShape);
    }

    override call(inputs: TF.Tensor | TF.Tensor[], _kwargs: Kwargs): TF.Tensor {
      const { gamma, beta } = this;
      if (!gamma || !beta) throw new Error('GroupNorm: call before build');
      return tf.tidy(() => {
        const x = onlyTensor(inputs);
        // six fused WGSL programs on WebGPU, three SIMD kernels on wasm, instead of about 35 tfjs ops
        const fused = GroupNorm.fastPath?.(tf, x, gamma.read(), beta.read(), this.groups, this.epsilon);
        if (fused) return fused;
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

    override getConfig(): ConfigDict {
      return { ...super.getConfig(), groups: this.groups, epsilon: this.epsilon };
    }
  }
  tf.serialization.registerClass(GroupNorm, PACKAGE);
  return GroupNorm;
});
