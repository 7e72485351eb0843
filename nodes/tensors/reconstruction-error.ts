import type * as TF from '@tensorflow/tfjs';
import { issue, showShape } from '../../src/messages';
import { bceFromLogits } from '../losses/bce-formula';
import { emitRuntimeCall, inputCode } from '../op-emit';
import { need, ok } from '../shape-utils';
import { defineOp, fixedPorts, type TFModule } from '../spec';
import { py, pyCall } from '../torch-emit';

export const LIKELIHOODS = ['bernoulli', 'squared'] as const;
export type Likelihood = (typeof LIKELIHOODS)[number];

/**
 * One number per example: how badly `reconstruction` matches `target`, summed over everything but
 * the batch. Bernoulli: the binary cross-entropy of the logits against the target pixels, the
 * negative log-likelihood in nats; squared: the sum of squared differences.
 */
export function reconstructionError(tf: TFModule, reconstruction: TF.Tensor, target: TF.Tensor, likelihood: Likelihood): TF.Tensor {
  const each = likelihood === 'bernoulli' ? bceFromLogits(tf, reconstruction, { tensor: target, smoothing: 0 }) : tf.squaredDifference(reconstruction, target);
  return tf.sum(tf.reshape(each, [each.shape[0] ?? -1, -1]), 1);
}

export default defineOp({
  role: 'op',
  type: 'tensors.reconstructionError',
  category: 'tensors',
  version: 1,
  title: 'Reconstruction Error',
  aliases: ['anomaly score', 'anomaly', 'outlier', 'per-image error', 'novelty', 'out of distribution'],
  docs: {
    summary: 'One error per image: how far a reconstruction is from its input, summed over the pixels. A VAE\'s anomaly score.',
    intuition:
      'An autoencoder trained on digits rebuilds digits well and anything else badly, because its code only has ' +
      'room for what it saw. So the error of one image tells how unusual it is: low for a digit, high for a shoe. ' +
      'Feed it a batch of another dataset (Fashion-MNIST for a model trained on MNIST) and the errors of the two ' +
      'hardly overlap. With "bernoulli" the reconstruction is the decoder\'s logits and the error is the negative ' +
      'log-likelihood of the image in nats, the reconstruction term of the ELBO; "squared" compares values directly. ' +
      'It is a hint, not a proof: models trained on clothes have been found to rebuild plain digits better than clothes.',
    paper: { title: 'Do Deep Generative Models Know What They Don\'t Know?', authors: 'Nalisnick, Matsukawa, Teh, Gorur, Lakshminarayanan', year: 2018, url: 'https://arxiv.org/abs/1810.09136' },
  },
  params: {
    likelihood: { kind: 'enum', options: LIKELIHOODS, default: 'bernoulli', doc: 'bernoulli: reconstruction as logits, pixels in [0, 1] (cross-entropy); squared: the sum of squared differences.' },
  },
  inputs: fixedPorts(
    { name: 'reconstruction', kind: 'tensor', doc: 'the model\'s rebuilt inputs [batch, ...] (logits for bernoulli)' },
    { name: 'target', kind: 'tensor', doc: 'the inputs themselves, the same shape' },
  ),
  outputs: fixedPorts({ name: 'error', kind: 'tensor', doc: 'one error per example [batch]' }),
  inferShape(inputs) {
    const r = need(inputs, 'reconstruction');
    const t = need(inputs, 'target');
    const same = r.length === t.length && r.every((d, i) => d === null || t[i] === null || d === t[i]);
    if (!same || r.length < 2) {
      const hint = 'Connect the decoder\'s output for the very batch that went into the encoder.';
      return { ok: false, port: 'target', issue: issue('shape.same', { a: 'reconstruction', b: 'target', shapeA: showShape(r), shapeB: showShape(t), hint }) };
    }
    return ok({ error: [r[0] ?? t[0] ?? null] });
  },
  examples: [{ inputs: { reconstruction: [4, 28, 28, 1], target: [4, 28, 28, 1] }, outputs: { error: [4] } }],
  run: (inputs, p, { tf }) => ({ error: reconstructionError(tf, inputs['reconstruction']!, inputs['target']!, p.likelihood) }),
  torch: (p, ctx) => pyCall('tl.reconstruction_error', [ctx.input('reconstruction'), ctx.input('target'), py(p.likelihood)]),
  emit: (p, ctx) => emitRuntimeCall(ctx, 'reconstructionError', inputCode(ctx, 'reconstruction'), inputCode(ctx, 'target'), p.likelihood),
});
