import { fastPaths } from '../fast-paths';
import { defineOptimizer, fixedPorts } from '../spec';
import { adamParams, commonParams, inferLoss, LOSS_IN, emitAdam, tfjsAdam, torchAdam } from './common';

export default defineOptimizer({
  role: 'optimizer',
  type: 'optimizers.adam',
  category: 'optimizers',
  version: 1,
  title: 'Adam',
  aliases: ['adaptive moment estimation', 'optimizer'],
  docs: {
    summary: 'Adam: momentum plus a per-weight step size from a running average of squared gradients.',
    intuition:
      'Adam keeps two running averages for every weight: of its gradients (a momentum, beta1) and of their squares ' +
      '(beta2). Dividing one by the square root of the other gives each weight its own step size, large where ' +
      'gradients are small and steady, small where they are large or noisy, so one learning rate works across very ' +
      'different layers. GANs usually lower beta1 to 0.5 (DCGAN) so the momentum reacts faster to the opponent.',
    paper: { title: 'Adam: A Method for Stochastic Optimization', authors: 'Kingma, Ba', year: 2014, url: 'https://arxiv.org/abs/1412.6980' },
  },
  params: { ...adamParams, ...commonParams },
  inputs: fixedPorts(LOSS_IN),
  outputs: () => [],
  inferShape: (inputs) => inferLoss(inputs),
  create: (tf, p) => (fastPaths.adam ?? tfjsAdam)(tf, p.learningRate, p.beta1, p.beta2, p.epsilon),
  emitCreate: emitAdam,
  torchCreate: torchAdam,
});
