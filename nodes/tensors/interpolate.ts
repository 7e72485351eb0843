import type * as TF from '@tensorflow/tfjs';
import { expectSame } from '../losses/common';
import { code, emitRuntimeCall } from '../op-emit';
import { randomUniform } from '../random-draws';
import { need, out } from '../shape-utils';
import { defineOp, fixedPorts, type TFModule } from '../spec';

/** The shape of one mixing weight per sample: [batch, 1, 1, ...] for inputs of this shape. */
export const weightShape = (shape: readonly number[]): number[] => [shape[0]!, ...shape.slice(1).map(() => 1)];

/** ε·a + (1 − ε)·b, with ε [batch, 1, ...] broadcast over each sample's values. */
export function interpolate(tf: TFModule, a: TF.Tensor, b: TF.Tensor, eps: TF.Tensor): TF.Tensor {
  return tf.add(tf.mul(eps, a), tf.mul(tf.sub(1, eps), b));
}

export default defineOp({
  role: 'op',
  type: 'tensors.interpolate',
  category: 'tensors',
  version: 1,
  title: 'Interpolate',
  aliases: ['mix', 'lerp', 'blend', 'random interpolation', 'between real and fake', 'wgan-gp points'],
  docs: {
    summary: 'A random point on the line between a and b for each sample: ε·a + (1 − ε)·b, ε uniform in [0, 1).',
    intuition:
      'WGAN-GP checks its critic\'s gradient between the real and the generated images, where the critic must be ' +
      'smooth for the generator to learn. This node makes those points: for every sample a fresh ε, the same for ' +
      'all its pixels, mixes a real image with a fake one. Feed it to a Gradient Penalty.',
    paper: { title: 'Improved Training of Wasserstein GANs', authors: 'Gulrajani, Ahmed, Arjovsky, Dumoulin, Courville', year: 2017, url: 'https://arxiv.org/abs/1704.00028' },
  },
  params: {},
  inputs: fixedPorts(
    { name: 'a', kind: 'tensor', doc: 'one end [batch, ...], e.g. real images' },
    { name: 'b', kind: 'tensor', doc: 'the other end, same shape, e.g. generated images' },
  ),
  outputs: fixedPorts({ name: 'out', kind: 'tensor', doc: 'the mixed samples, same shape' }),
  inferShape(inputs) {
    const a = need(inputs, 'a');
    return expectSame('a', a, 'b', need(inputs, 'b'), 'Both ends of a line must have the same layout.') ?? out(a);
  },
  examples: [{ inputs: { a: [4, 28, 28, 1], b: [4, 28, 28, 1] }, outputs: { out: [4, 28, 28, 1] } }],
  run(inputs, _p, env) {
    const a = inputs['a']!;
    return { out: interpolate(env.tf, a, inputs['b']!, randomUniform(env.tf, weightShape(a.shape), env.rng.seed())) };
  },
  torch: (_p, ctx) => `tl.interpolate(${ctx.input('a')}, ${ctx.input('b')}, ${ctx.rng}.seed())`,
  emit(_p, ctx) {
    const a = ctx.input('a');
    const eps = emitRuntimeCall(ctx, 'philoxUniformTensor', code(`${ctx.use('weightShape')}(${a}.shape)`), code(`${ctx.rng}.seed()`), 0, 0, 1);
    return emitRuntimeCall(ctx, 'interpolate', code(a), code(ctx.input('b')), code(eps));
  },
});
