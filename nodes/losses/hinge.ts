import type * as TF from '@tensorflow/tfjs';
import { emitRuntimeCall, inputCode } from '../op-emit';
import { defineOp, fixedPorts, type TFModule } from '../spec';
import { need } from '../shape-utils';
import { expectBatched, input, LOSS_OUT, lossOut } from './common';

/**
 * The hinge GAN loss (Lim & Ye 2017): "real" is mean(relu(1 − D(x))), "fake" mean(relu(1 + D(G(z)))),
 * "generator" −mean(D(G(z))).
 */
export function hingeLoss(tf: TFModule, scores: TF.Tensor, mode: 'real' | 'fake' | 'generator'): TF.Scalar {
  switch (mode) {
    case 'real':
      return tf.mean<TF.Scalar>(tf.relu(tf.sub(1, scores)));
    case 'fake':
      return tf.mean<TF.Scalar>(tf.relu(tf.add(1, scores)));
    case 'generator':
      return tf.neg(tf.mean<TF.Scalar>(scores));
  }
}

export default defineOp({
  role: 'loss',
  type: 'losses.hinge',
  category: 'losses',
  version: 1,
  title: 'Hinge (GAN)',
  aliases: ['hinge loss', 'geometric gan', 'sagan', 'biggan', 'adversarial loss'],
  docs: {
    summary: 'The hinge GAN loss: mean(relu(1 − D(x))) on real, mean(relu(1 + D(G(z)))) on fake, −mean(D(G(z))) for the generator.',
    intuition:
      'Like a support-vector machine, the hinge discriminator only cares about samples on the wrong side of a ' +
      'margin: real scores above 1 and fake scores below −1 cost nothing, so it stops pushing on samples it already ' +
      'judges well and its scores do not run off to infinity. The generator simply raises the score of its fakes. ' +
      'Use one node per term: "real" and "fake" (added together) train the discriminator, "generator" trains G.',
    paper: { title: 'Geometric GAN', authors: 'Lim, Ye', year: 2017, url: 'https://arxiv.org/abs/1705.02894' },
  },
  params: {
    mode: {
      kind: 'enum',
      options: ['real', 'fake', 'generator'],
      default: 'real',
      doc: '"real": discriminator on real samples; "fake": discriminator on generated samples; "generator": the generator\'s loss on its samples.',
    },
  },
  inputs: fixedPorts({ name: 'logits', kind: 'tensor', doc: 'discriminator scores [batch, ...] (no sigmoid)' }),
  outputs: () => [LOSS_OUT],
  inferShape: (inputs) => expectBatched('logits', need(inputs, 'logits')) ?? lossOut(),
  examples: [{ inputs: { logits: [4, 1] }, outputs: { loss: [] } }],
  run: (inputs, p, { tf }) => ({ loss: hingeLoss(tf, input(inputs, 'logits'), p.mode) }),
  torch: (p, ctx) => {
    const x = ctx.input('logits');
    return p.mode === 'real' ? `F.relu(1 - ${x}).mean()` : p.mode === 'fake' ? `F.relu(1 + ${x}).mean()` : `-${x}.mean()`;
  },
  emit: (p, ctx) => emitRuntimeCall(ctx, 'hingeLoss', inputCode(ctx, 'logits'), p.mode),
});
