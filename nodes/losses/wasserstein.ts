import type * as TF from '@tensorflow/tfjs';
import { emitRuntimeCall, inputCode } from '../op-emit';
import { defineOp, fixedPorts, type TFModule } from '../spec';
import { need } from '../shape-utils';
import { expectBatched, input, LOSS_OUT, lossOut } from './common';

/** The WGAN loss: "real" −mean(critic) raises the scores, "fake" +mean(critic) lowers them. */
export function wassersteinLoss(tf: TFModule, critic: TF.Tensor, sign: 'real' | 'fake'): TF.Scalar {
  const m: TF.Scalar = tf.mean(critic);
  return sign === 'real' ? tf.neg(m) : m;
}

export default defineOp({
  role: 'loss',
  type: 'losses.wasserstein',
  category: 'losses',
  version: 1,
  title: 'Wasserstein',
  aliases: ['wgan', 'earth mover', 'critic loss'],
  docs: {
    summary: 'The WGAN loss: −mean(critic) to raise the scores of a batch, +mean(critic) to lower them.',
    intuition:
      'A WGAN critic gives real samples high scores and fakes low ones; the gap between the two averages estimates ' +
      'how far apart the distributions are (the earth mover\'s distance). The critic minimises ' +
      '"real" (−mean on real scores) plus "fake" (+mean on fake scores); the generator minimises "real" on its own ' +
      'fakes, raising their scores. The estimate only holds when the critic is smooth (1-Lipschitz): the paper clips ' +
      'its weights, later work adds a gradient penalty. Without such a constraint the scores can grow without bound.',
    paper: { title: 'Wasserstein GAN', authors: 'Arjovsky, Chintala, Bottou', year: 2017, url: 'https://arxiv.org/abs/1701.07875' },
  },
  params: {
    sign: {
      kind: 'enum',
      options: ['real', 'fake'],
      default: 'real',
      doc: '"real": minimise −mean(critic), raising the scores (critic on real samples, or the generator on its fakes). "fake": minimise +mean(critic), lowering them (critic on fakes).',
    },
  },
  inputs: fixedPorts({ name: 'critic', kind: 'tensor', doc: 'critic scores [batch, ...] (no sigmoid)' }),
  outputs: () => [LOSS_OUT],
  inferShape: (inputs) => expectBatched('critic', need(inputs, 'critic')) ?? lossOut(),
  examples: [{ inputs: { critic: [4, 1] }, outputs: { loss: [] } }],
  run: (inputs, p, { tf }) => ({ loss: wassersteinLoss(tf, input(inputs, 'critic'), p.sign) }),
  torch: (p, ctx) => `${p.sign === 'real' ? '-' : ''}${ctx.input('critic')}.mean()`,
  emit: (p, ctx) => emitRuntimeCall(ctx, 'wassersteinLoss', inputCode(ctx, 'critic'), p.sign),
});
