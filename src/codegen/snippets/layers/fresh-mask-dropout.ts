// FreshMaskDropout as a class of its own in the exported module; the same masks as
// nodes/layers/custom/fresh-mask-dropout.ts for the same seed stream.
import { snippet } from '../../snippet';
import { runtimeSnippet } from '../../runtime-code';
import { randomClass } from '../random';
import { layerSupport, REGISTER_AS } from './support';

export const freshMaskDropoutClass = snippet(
  'FreshMaskDropout',
  'layers',
  `
/**
 * Dropout that draws a new mask on every training call, from a seed stream: fresh masks every
 * step (Philox masks, one seed each), and the same masks again for the same stream.
 * (tf.layers.dropout with a seed repeats one mask on every call; without one, runs cannot be
 * repeated.)
 */
class FreshMaskDropout extends tf.layers.Layer {
  static className = 'FreshMaskDropout';
  readonly rate: number;
  readonly seed: number | undefined;
  private readonly nextSeed: (() => number) | undefined;

  /**
   * \`nextSeed\`: the training's seed stream. Without it, \`seed\` starts an own stream (a model
   * loaded from disk); without either, masks come from tfjs's unseeded random.
   */
  constructor(args: LayerArgs & { rate: number; seed?: number; nextSeed?: () => number }) {
    super(args);
    if (!(args.rate >= 0 && args.rate < 1)) throw new Error(\`FreshMaskDropout: rate must be in [0, 1), got \${args.rate}\`);
    this.rate = args.rate;
    this.seed = args.seed;
    const ownStream = args.seed === undefined ? undefined : new Rng(args.seed);
    this.nextSeed = args.nextSeed ?? (ownStream && (() => ownStream.seed()));
  }

  override computeOutputShape(inputShape: LayerShape | LayerShape[]): LayerShape {
    return onlyShape(inputShape);
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor {
    const x = onlyTensor(inputs);
    if (kwargs['training'] !== true || this.rate === 0) return x;
    // keeps each value with probability 1 - rate and scales it by 1 / (1 - rate)
    const seed = this.nextSeed?.();
    if (seed === undefined) return tf.tidy(() => tf.dropout(x, this.rate));
    return philoxDropout(tf, x, this.rate, seed);
  }

  override getConfig(): tf.serialization.ConfigDict {
    const config: tf.serialization.ConfigDict = { ...super.getConfig(), rate: this.rate };
    if (this.seed !== undefined) config['seed'] = this.seed;
    return config;
  }
}
tf.serialization.registerClass(FreshMaskDropout, ${REGISTER_AS});
`,
  [layerSupport, randomClass, runtimeSnippet('philoxDropout')],
);
