import { issue, showShape } from '../../src/messages';
import type * as TF from '@tensorflow/tfjs';
import { emitRuntimeCall, inputCode } from '../op-emit';
import { defineOp, fixedPorts, type TFModule } from '../spec';
import { expectRank, need, ok } from '../shape-utils';
import { tensorAt } from '../samplers/inputs';

/** The first `count` points of a batch of 2-D points, for a scatter plot. */
export function firstPoints(tf: TFModule, points: TF.Tensor, count: number): TF.Tensor {
  return tf.slice(points, 0, Math.min(count, points.shape[0] ?? 1));
}

export default defineOp({
  role: 'preview',
  type: 'previews.scatter',
  category: 'previews',
  version: 1,
  title: 'Scatter Plot',
  aliases: ['preview', 'points', '2d', 'plot', 'visualize'],
  docs: {
    summary: 'Plots the first points of a batch of 2-D points on the dashboard while training runs.',
    intuition:
      'For toy problems (rings, spirals, mixtures of Gaussians) the whole data space fits on a screen. Plot ' +
      'generated points next to real ones and you can watch a generator spread out to cover every mode, or ' +
      'collapse onto a few of them. It also shows a 2-D latent space, such as a VAE\'s codes. A preview only ' +
      'looks: it never changes training.',
    paper: { title: 'Unrolled Generative Adversarial Networks', authors: 'Metz, Poole, Pfau, Sohl-Dickstein', year: 2016, url: 'https://arxiv.org/abs/1611.02163' },
  },
  params: {
    count: { kind: 'int', default: 512, min: 1, max: 10000, doc: 'How many points of the batch to plot (at most the batch size).' },
  },
  inputs: fixedPorts({ name: 'points', kind: 'tensor', doc: 'points [batch, 2], as (x, y)' }),
  outputs: fixedPorts(),
  inferShape(inputs) {
    const x = need(inputs, 'points');
    const bad = expectRank('points', x, 2, '[batch, 2]', 'Insert a Flatten, or a Dense with 2 units, before this preview.');
    if (bad) return bad;
    if (x[1] !== 2) {
      return { ok: false, port: 'points', issue: issue('shape.dim', { port: 'points', what: 'coordinates per point (last dim)', expected: '2', got: `${x[1] ?? 'an unknown number'} in ${showShape(x)}`, hint: 'Feed it 2-D points, e.g. from a Dense layer with 2 units.' }) };
    }
    return ok({});
  },
  run: (inputs, p, { tf }) => ({ points: firstPoints(tf, tensorAt(inputs, 'points'), p.count) }),
  torch: (p, ctx) => `${ctx.input('points')}[:${p.count}]`,
  emit: (p, ctx) => emitRuntimeCall(ctx, 'firstPoints', inputCode(ctx, 'points'), p.count),
});
