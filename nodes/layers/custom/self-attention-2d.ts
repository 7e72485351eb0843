// Multi-head self-attention over the spatial positions of a feature map, with a residual add: each
// of the h*w pixels looks at every other pixel and pulls in features from where it finds them
// relevant. Shaped like the attention blocks of the DDPM U-Net (Ho et al. 2020), minus the
// GroupNorm in front, which is a separate node here.
import type * as TF from '@tensorflow/tfjs';
import { kthKernelInitializer } from '../common';
import { type ConfigDict, type Kwargs, type LayerArgs, type LayerShape, onlyShape, onlyTensor, PACKAGE, perTfModule } from './base';

export interface SelfAttention2DArgs extends LayerArgs {
  /** attention heads; must divide the channels */
  heads: number;
  /** seeds the Glorot initialisers of the four projections, so runs repeat */
  seed?: number;
}

/** The learned 1x1 projections: dense over the channels of each pixel. */
type Projection = 'query' | 'key' | 'value' | 'output';
type Weights = Record<Projection, { kernel: TF.LayerVariable; bias: TF.LayerVariable | null }>;

export const selfAttention2DClass = perTfModule((tf) => {
  class SelfAttention2D extends tf.layers.Layer {
    static className = 'SelfAttention2D';
    readonly heads: number;
    readonly seed: number | undefined;
    private weightsByRole: Weights | null = null;

    constructor(args: SelfAttention2DArgs) {
      super(args);
      this.heads = args.heads;
      this.seed = args.seed;
    }

    override build(inputShape: LayerShape | LayerShape[]): void {
      const shape = onlyShape(inputShape);
      const channels = shape[3];
      if (shape.length !== 4 || typeof channels !== 'number' || channels % this.heads !== 0) {
        throw new Error(`SelfAttention2D: expects [batch, h, w, channels] with channels divisible by heads (${this.heads}), got [${shape.join(', ')}]`);
      }
      const projection = (role: Projection, k: number) => ({
        kernel: this.addWeight(`${role}_kernel`, [channels, channels], 'float32', kthKernelInitializer(tf, this.seed, k)),
        // no key bias: it adds the same q.b to all of a query's scores, which softmax cancels,
        // so it would get no gradient and never learn
        bias: role === 'key' ? null : this.addWeight(`${role}_bias`, [channels], 'float32', tf.initializers.zeros()),
      });
      this.weightsByRole = {
        query: projection('query', 0),
        key: projection('key', 1),
        value: projection('value', 2),
        output: projection('output', 3),
      };
      this.built = true;
    }

    override computeOutputShape(inputShape: LayerShape | LayerShape[]): LayerShape {
      return onlyShape(inputShape);
    }

    override call(inputs: TF.Tensor | TF.Tensor[], _kwargs: Kwargs): TF.Tensor {
      const w = this.weightsByRole;
      if (!w) throw new Error('SelfAttention2D: call before build');
      return tf.tidy(() => {
        const x = onlyTensor(inputs);
        const [b = 0, h = 0, wd = 0, c = 0] = x.shape;
        const n = h * wd;
        const d = c / this.heads;
        const pixels = tf.reshape(x, [b * n, c]);
        const project = (t: TF.Tensor, role: Projection) => {
          const { kernel, bias } = w[role];
          const product = tf.matMul(t, kernel.read());
          return bias ? tf.add(product, bias.read()) : product;
        };
        // [b*n, c] → [b*heads, n, d]: each head attends within its own slice of the channels
        const splitHeads = (t: TF.Tensor) =>
          tf.reshape(tf.transpose(tf.reshape(t, [b, n, this.heads, d]), [0, 2, 1, 3]), [b * this.heads, n, d]);
        const q = splitHeads(project(pixels, 'query'));
        const k = splitHeads(project(pixels, 'key'));
        const v = splitHeads(project(pixels, 'value'));
        // scaled dot-product attention: [b*heads, n, n] weights, each row sums to 1
        const attention = tf.softmax(tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(d)));
        const mixed = tf.matMul(attention, v);
        const merged = tf.reshape(tf.transpose(tf.reshape(mixed, [b, this.heads, n, d]), [0, 2, 1, 3]), [b * n, c]);
        return tf.add(x, tf.reshape(project(merged, 'output'), [b, h, wd, c]));
      });
    }

    override getConfig(): ConfigDict {
      const config: ConfigDict = { ...super.getConfig(), heads: this.heads };
      if (this.seed !== undefined) config['seed'] = this.seed;
      return config;
    }
  }
  tf.serialization.registerClass(SelfAttention2D, PACKAGE);
  return SelfAttention2D;
});
