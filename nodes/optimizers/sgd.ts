import { defineOptimizer, fixedPorts } from '../spec';
import { commonParams, inferLoss, learningRate, LOSS_IN } from './common';
import { pyCall } from '../torch-emit';

export default defineOptimizer({
  role: 'optimizer',
  type: 'optimizers.sgd',
  category: 'optimizers',
  version: 1,
  title: 'SGD',
  aliases: ['stochastic gradient descent', 'momentum', 'nesterov', 'gradient descent'],
  docs: {
    summary: 'Stochastic gradient descent, optionally with (Nesterov) momentum.',
    intuition:
      'Each update takes a small step downhill: every weight moves against its gradient, scaled by the learning ' +
      'rate. With momentum the steps build up speed like a ball rolling down a valley, smoothing out the noise of ' +
      'small batches and crossing flat regions faster; Nesterov momentum looks ahead to where the speed is carrying ' +
      'the weights before taking the gradient, and overshoots less.',
    paper: {
      title: 'On the importance of initialization and momentum in deep learning',
      authors: 'Sutskever, Martens, Dahl, Hinton', year: 2013, url: 'https://proceedings.mlr.press/v28/sutskever13.html',
    },
  },
  params: {
    learningRate: learningRate(0.01),
    momentum: { kind: 'float', default: 0, min: 0, max: 0.999, step: 0.01, doc: 'How much of the previous step carries over (0: plain SGD, 0.9: typical).' },
    nesterov: { kind: 'bool', default: false, doc: 'Use Nesterov momentum (needs momentum > 0).' },
    ...commonParams,
  },
  inputs: fixedPorts(LOSS_IN),
  outputs: () => [],
  inferShape: (inputs) => inferLoss(inputs),
  create: (tf, p) => (p.momentum > 0 ? tf.train.momentum(p.learningRate, p.momentum, p.nesterov) : tf.train.sgd(p.learningRate)),
  // PyTorch's momentum (dampening 0, the first buffer the gradient) and Nesterov step as tfjs's
  torchCreate: (p, parameters) =>
    pyCall('torch.optim.SGD', [parameters], { lr: p.learningRate, momentum: p.momentum || undefined, nesterov: p.momentum > 0 && p.nesterov ? true : undefined }),
  emitCreate: (p) => (p.momentum > 0 ? `tf.train.momentum(${p.learningRate}, ${p.momentum}, ${p.nesterov})` : `tf.train.sgd(${p.learningRate})`),
});
