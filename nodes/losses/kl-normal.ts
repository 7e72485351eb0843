import type * as TF from '@tensorflow/tfjs';
import { emitRuntimeCall, inputCode } from '../op-emit';
import { defineOp, fixedPorts, type TFModule } from '../spec';
import { need } from '../shape-utils';
import { expectBatched, expectSame, input, LOSS_OUT, lossOut, sumPerSample } from './common';

/**
 * KL(N(mu, exp(logvar)) ‖ N(0, 1)) = −½ Σ (1 + logvar − mu² − exp(logvar)), summed over each
 * sample's latent dimensions, averaged over the batch.
 */
export function klToNormal(tf: TFModule, mu: TF.Tensor, logvar: TF.Tensor): TF.Scalar {
  const perElement = tf.mul(-0.5, tf.sub(tf.sub(tf.add(1, logvar), tf.square(mu)), tf.exp(logvar)));
  return sumPerSample(tf, perElement);
}

export default defineOp({
  role: 'loss',
  type: 'losses.klNormal',
  category: 'losses',
  version: 1,
  title: 'KL to Normal',
  aliases: ['kl divergence', 'kld', 'vae prior', 'latent loss', 'regulariser'],
  docs: {
    summary: 'KL(N(mu, σ²) ‖ N(0, 1)) with σ² = exp(logvar), summed over latent dims, averaged over the batch.',
    intuition:
      'A VAE encoder describes each input as a small Gaussian cloud in latent space (a centre mu and a log-variance). ' +
      'This term pulls every cloud towards the standard normal: centres towards 0 and spreads towards 1. That keeps ' +
      'the latent space smooth and filled, so that decoding a random N(0, 1) sample gives a plausible image. In closed ' +
      'form it is −½ Σ (1 + logvar − mu² − exp(logvar)). Scale it (β-VAE) to trade sharper reconstructions for a ' +
      'tidier latent space.',
    paper: { title: 'Auto-Encoding Variational Bayes', authors: 'Kingma, Welling', year: 2013, url: 'https://arxiv.org/abs/1312.6114' },
  },
  params: {},
  inputs: fixedPorts(
    { name: 'mu', kind: 'tensor', doc: 'latent means [batch, latent]' },
    { name: 'logvar', kind: 'tensor', doc: 'latent log-variances log σ², same shape as mu' },
  ),
  outputs: () => [LOSS_OUT],
  inferShape(inputs) {
    const mu = need(inputs, 'mu');
    return expectBatched('mu', mu)
      ?? expectSame('mu', mu, 'logvar', need(inputs, 'logvar'), 'The encoder should give one log-variance per mean.')
      ?? lossOut();
  },
  examples: [{ inputs: { mu: [4, 8], logvar: [4, 8] }, outputs: { loss: [] } }],
  run: (inputs, _p, { tf }) => ({ loss: klToNormal(tf, input(inputs, 'mu'), input(inputs, 'logvar')) }),
  torch: (_p, ctx) => `tl.kl_to_normal(${ctx.input('mu')}, ${ctx.input('logvar')})`,
  emit: (_p, ctx) => emitRuntimeCall(ctx, 'klToNormal', inputCode(ctx, 'mu'), inputCode(ctx, 'logvar')),
});
