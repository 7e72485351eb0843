import { defineOp, fixedPorts } from '../spec';
import { need } from '../shape-utils';
import { input, LOSS_OUT, lossOut } from './common';
import { expectScalar } from './scalar';
import { py } from '../torch-emit';

export default defineOp({
  role: 'loss',
  type: 'losses.scale',
  category: 'losses',
  version: 1,
  title: 'Scale Loss',
  aliases: ['multiply', 'weight', 'factor', 'beta', 'lambda'],
  docs: {
    summary: 'Multiplies a loss by a constant factor.',
    intuition:
      'Scaling a loss scales its gradients: a factor of 0.5 halves how hard the optimizer pushes on it. Use it to ' +
      'weigh one term (β for the KL term of a β-VAE, λ for an auxiliary loss) before adding terms together, or with ' +
      'a factor of −1 to maximise something instead of minimising it.',
    paper: { title: 'β-VAE: Learning Basic Visual Concepts with a Constrained Variational Framework', authors: 'Higgins et al.', year: 2017, url: 'https://openreview.net/forum?id=Sy2fzU9gl' },
  },
  params: {
    factor: { kind: 'float', default: 1, min: -1e6, max: 1e6, step: 0.1, doc: 'What the loss is multiplied by.' },
  },
  inputs: fixedPorts({ name: 'loss', kind: 'loss', doc: 'scalar loss []' }),
  outputs: () => [LOSS_OUT],
  inferShape: (inputs) => expectScalar('loss', need(inputs, 'loss')) ?? lossOut(),
  examples: [{ inputs: { loss: [] }, outputs: { loss: [] } }],
  run: (inputs, p, { tf }) => ({ loss: tf.mul(input(inputs, 'loss'), p.factor) }),
  torch: (p, ctx) => `${py(p.factor)} * ${ctx.input('loss')}`,
  emit: (p, ctx) => `tf.mul(${ctx.input('loss')}, ${p.factor})`,
});
