// SelfAttention2D as a class of its own in the exported module; the same computation and the same
// seeded initialisers as nodes/layers/custom/self-attention-2d.ts.
import { snippet } from '../../snippet';
import { layerSupport, REGISTER_AS } from './support';

export const selfAttention2DClass = snippet(
  'SelfAttention2D',
  'layers',
  `
/** The learned 1x1 projections of self-attention: dense over the channels of each pixel. */
type Projection = 'query' | 'key' | 'value' | 'output';

/**
 * Multi-head self-attention over the h*w positions of a feature map, with a residual add, as in
 * the attention blocks of the DDPM U-Net (Ho et al. 2020).
 */
class SelfAttention2D extends tf.layers.Layer {
  static className = 'SelfAttention2D';
  readonly heads: number;
  readonly seed: number | undefined;
  private projections: Record<Projection, { kernel: tf.LayerVariable; bias: tf.LayerVariable | null }> | null = null;

  constructor(args: LayerArgs & { heads: number; seed?: number }) {
    super(args);
    this.heads = args.heads;
    this.seed = args.seed;
  }

  override build(inputShape: LayerShape | LayerShape[]): void {
    const shape = onlyShape(inputShape);
    const channels = shape[3];
    if (shape.length !== 4 || typeof channels !== 'number' || channels % this.heads !== 0) {
      throw new Error(\`SelfAttention2D: expects [batch, h, w, channels] with channels divisible by heads (\${this.heads}), got [\${shape.join(', ')}]\`);
    }
    // one Glorot seed per kernel, or all four would start out identical
    const projection = (role: Projection, k: number) => ({
      kernel: this.addWeight(\`\${role}_kernel\`, [channels, channels], 'float32',
        tf.initializers.glorotUniform(this.seed === undefined ? {} : { seed: this.seed + k })),
      // no key bias: softmax cancels it, so it would never learn
      bias: role === 'key' ? null : this.addWeight(\`\${role}_bias\`, [channels], 'float32', tf.initializers.zeros()),
    });
    this.projections = {
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

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    const w = this.projections;
    if (!w) throw new Error('SelfAttention2D: call before build');
    return tf.tidy(() => {
      const x = onlyTensor(inputs);
      const [b = 0, h = 0, wd = 0, c = 0] = x.shape;
      const n = h * wd;
      const d = c / this.heads;
      const pixels = tf.reshape(x, [b * n, c]);
      const project = (t: tf.Tensor, role: Projection) => {
        const { kernel, bias } = w[role];
        const product = tf.matMul(t, kernel.read());
        return bias ? tf.add(product, bias.read()) : product;
      };
      // [b*n, c] → [b*heads, n, d]: each head attends within its own slice of the channels
      const splitHeads = (t: tf.Tensor) =>
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

  override getConfig(): tf.serialization.ConfigDict {
    const config: tf.serialization.ConfigDict = { ...super.getConfig(), heads: this.heads };
    if (this.seed !== undefined) config['seed'] = this.seed;
    return config;
  }
}
tf.serialization.registerClass(SelfAttention2D, ${REGISTER_AS});
`,
  [layerSupport],
  ['Projection'],
);
