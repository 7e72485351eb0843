import { issue, showShape } from '../../src/messages';
import type * as TF from '@tensorflow/tfjs';
import { emitRuntimeCall, inputCode } from '../op-emit';
import { defineOp, fixedPorts, type TFModule } from '../spec';
import { need } from '../shape-utils';
import { expectBatched, expectSame, input, LOSS_OUT, lossOut } from './common';

/** Mean squared distance between features: paired sample by sample, or between the two batch means. */
export function featureMatching(tf: TFModule, a: TF.Tensor, b: TF.Tensor, match: 'perSample' | 'batchMean'): TF.Scalar {
  if (match === 'perSample') return tf.mean(tf.squaredDifference(a, b));
  return tf.mean(tf.squaredDifference(tf.mean(a, 0), tf.mean(b, 0)));
}

export default defineOp({
  role: 'loss',
  type: 'losses.featureMatching',
  category: 'losses',
  version: 1,
  title: 'Feature Matching',
  aliases: ['perceptual loss', 'feature loss', 'learned similarity', 'vae-gan', 'intermediate features'],
  docs: {
    summary: 'Mean squared distance between two feature tensors, per sample or between their batch averages.',
    intuition:
      'Instead of comparing pixels, compare what a network sees: the activations of an inner layer of the ' +
      'discriminator. "perSample" pairs sample i of a with sample i of b, as VAE-GAN does to judge a reconstruction ' +
      'against its original (Larsen et al. 2016): features forgive small shifts that pixel MSE punishes as blur. ' +
      '"batchMean" compares only the average features of two batches, as in Salimans et al.: the generator is asked ' +
      'to match the statistics of real data rather than to win against the current discriminator, which steadies ' +
      'GAN training; the two batches need not be paired or even the same size.',
    paper: { title: 'Improved Techniques for Training GANs', authors: 'Salimans et al.', year: 2016, url: 'https://arxiv.org/abs/1606.03498' },
  },
  params: {
    match: {
      kind: 'enum',
      options: ['perSample', 'batchMean'],
      default: 'perSample',
      doc: '"perSample": MSE between paired samples of a and b (VAE-GAN). "batchMean": MSE between the batch averages of a and b (GAN feature matching).',
    },
  },
  inputs: fixedPorts(
    { name: 'a', kind: 'tensor', doc: 'features [batch, ...], e.g. of real samples' },
    { name: 'b', kind: 'tensor', doc: 'features of the same layout, e.g. of generated samples' },
  ),
  outputs: () => [LOSS_OUT],
  inferShape(inputs, p) {
    const a = need(inputs, 'a');
    const b = need(inputs, 'b');
    const bad = expectBatched('a', a) ?? expectBatched('b', b);
    if (bad) return bad;
    if (p.match === 'perSample') return expectSame('a', a, 'b', b, 'Feed both from the same layer of the same model.') ?? lossOut();
    const sameSample = a.length === b.length && a.every((d, i) => i === 0 || d === null || b[i] === null || d === b[i]);
    if (!sameSample) {
      const hint = 'Apart from the batch size, both must have the same layout: feed both from the same layer of the same model.';
      return { ok: false, port: 'b', issue: issue('shape.same', { a: 'a', b: 'b', shapeA: showShape(a), shapeB: showShape(b), hint }) };
    }
    return lossOut();
  },
  examples: [{ inputs: { a: [4, 6], b: [4, 6] }, outputs: { loss: [] } }, { params: { match: 'batchMean' }, inputs: { a: [4, 6], b: [3, 6] }, outputs: { loss: [] } }],
  run: (inputs, p, { tf }) => ({ loss: featureMatching(tf, input(inputs, 'a'), input(inputs, 'b'), p.match) }),
  // batch means are this process's under torchrun: not the global batch's
  torch: (p, ctx) => {
    const [a, b] = [ctx.input('a'), ctx.input('b')];
    return p.match === 'perSample' ? `(${a} - ${b}).square().mean()` : `(${a}.mean(0) - ${b}.mean(0)).square().mean()`;
  },
  emit: (p, ctx) => emitRuntimeCall(ctx, 'featureMatching', inputCode(ctx, 'a'), inputCode(ctx, 'b'), p.match),
});
