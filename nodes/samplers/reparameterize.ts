import { issue, showShape } from '../../src/messages';
import { randomNormal } from '../random-draws';
import type * as TF from '@tensorflow/tfjs';
import { code, emitRuntimeCall, inputCode } from '../op-emit';
import { defineOp, fixedPorts, type Shape, type TFModule } from '../spec';
import { need, ok } from '../shape-utils';
import { tensorAt } from './inputs';

/** z = mu + exp(logvar / 2) · eps, eps ~ N(0, 1) drawn by the caller: a Gaussian sample gradients pass through. */
export function reparameterize(tf: TFModule, mu: TF.Tensor, logvar: TF.Tensor, eps: TF.Tensor): TF.Tensor {
  return tf.add(mu, tf.mul(tf.exp(tf.mul(logvar, 0.5)), eps));
}

export default defineOp({
  role: 'sampler',
  type: 'samplers.reparameterize',
  category: 'samplers',
  version: 1,
  title: 'Reparameterize',
  aliases: ['vae', 'sample z', 'reparameterization trick', 'latent sample', 'mu logvar'],
  docs: {
    summary: 'Samples z = mu + exp(logvar / 2) * eps with eps ~ N(0, 1): a Gaussian sample gradients can pass through.',
    intuition:
      'A VAE encoder does not output one code but a Gaussian for each input: a mean mu and a log-variance ' +
      'logvar. Sampling from it directly would block gradients, so the randomness is moved aside: draw plain ' +
      'noise eps, then scale it by the standard deviation exp(logvar / 2) and shift it by mu. The result has the ' +
      'same distribution, yet z is a smooth function of mu and logvar, so the encoder learns through it. The ' +
      'log-variance is used instead of the variance because it can take any real value.',
    paper: { title: 'Auto-Encoding Variational Bayes', authors: 'Kingma, Welling', year: 2013, url: 'https://arxiv.org/abs/1312.6114' },
  },
  params: {},
  inputs: fixedPorts(
    { name: 'mu', kind: 'tensor', doc: 'mean of the latent Gaussian [batch, ...]' },
    { name: 'logvar', kind: 'tensor', doc: 'log-variance of the latent Gaussian, same shape as mu' },
  ),
  outputs: fixedPorts({ name: 'z', kind: 'tensor', doc: 'a sample of the latent Gaussian, shaped like mu' }),
  inferShape(inputs) {
    const mu = need(inputs, 'mu');
    const logvar = need(inputs, 'logvar');
    const sameSample = mu.length === logvar.length && mu.every((d, i) => i === 0 || d === logvar[i]);
    if (!sameSample) {
      const hint = 'Give the encoder two heads of the same size, one for mu and one for logvar.';
      return { ok: false, port: 'logvar', issue: issue('shape.same', { a: 'mu', b: 'logvar', shapeA: showShape(mu), shapeB: showShape(logvar), hint }) };
    }
    const [bm, bl] = [mu[0] ?? null, logvar[0] ?? null];
    if (bm !== null && bl !== null && bm !== bl) {
      return { ok: false, port: 'logvar', issue: issue('shape.batch', { a: 'mu', b: 'logvar', batchA: bm, batchB: bl }) };
    }
    const z: Shape = mu.length === 0 ? [] : [bm ?? bl, ...mu.slice(1)];
    return ok({ z });
  },
  examples: [{ inputs: { mu: [4, 8], logvar: [4, 8] }, outputs: { z: [4, 8] } }],
  run(inputs, _p, env) {
    const { tf } = env;
    const mu = tensorAt(inputs, 'mu');
    const logvar = tensorAt(inputs, 'logvar');
    return { z: reparameterize(tf, mu, logvar, randomNormal(tf, mu.shape, env.rng.seed())) };
  },
  torch: (_p, ctx) => `tl.reparameterize(${ctx.input('mu')}, ${ctx.input('logvar')}, ${ctx.rng}.seed())`,
  emit(_p, ctx) {
    const eps = emitRuntimeCall(ctx, 'philoxNormalTensor', code(`${ctx.input('mu')}.shape`), code(`${ctx.rng}.seed()`));
    return emitRuntimeCall(ctx, 'reparameterize', inputCode(ctx, 'mu'), inputCode(ctx, 'logvar'), code(eps));
  },
});
