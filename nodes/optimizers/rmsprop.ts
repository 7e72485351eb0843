import { defineOptimizer, fixedPorts } from '../spec';
import { commonParams, epsilonParam, inferLoss, learningRate, LOSS_IN } from './common';
import { pyCall } from '../torch-emit';

export default defineOptimizer({
  role: 'optimizer',
  type: 'optimizers.rmsprop',
  category: 'optimizers',
  version: 1,
  title: 'RMSProp',
  aliases: ['root mean square propagation', 'optimizer'],
  docs: {
    summary: 'Divides each gradient by a running root-mean-square of recent gradients.',
    intuition:
      'RMSProp keeps, for every weight, a running average of its squared gradients and divides each new gradient by ' +
      'its square root: weights with large, noisy gradients take smaller steps and weights with small ones larger ' +
      'steps. It is Adam without the momentum average (unless you add momentum), and the optimizer the WGAN paper ' +
      'recommends, since momentum can destabilise the critic.',
    paper: {
      title: 'Lecture 6.5: Divide the gradient by a running average of its recent magnitude',
      authors: 'Tieleman, Hinton', year: 2012, url: 'https://www.cs.toronto.edu/~tijmen/csc321/slides/lecture_slides_lec6.pdf',
    },
  },
  params: {
    learningRate: learningRate(0.001),
    rho: { kind: 'float', default: 0.9, min: 0, max: 0.9999, step: 0.01, doc: 'Decay of the running average of squared gradients (tfjs calls it "decay").' },
    momentum: { kind: 'float', default: 0, min: 0, max: 0.999, step: 0.01, doc: 'How much of the previous step carries over (0: none).' },
    epsilon: epsilonParam(1e-7),
    centered: { kind: 'bool', default: false, doc: 'Divide by an estimate of the gradient\'s variance rather than its mean square: steadier, a little slower.' },
    ...commonParams,
  },
  inputs: fixedPorts(LOSS_IN),
  outputs: () => [],
  inferShape: (inputs) => inferLoss(inputs),
  create: (tf, p) => tf.train.rmsprop(p.learningRate, p.rho, p.momentum, p.epsilon, p.centered),
  // tfjs's own update rule (epsilon inside the root, the rate inside the momentum), not PyTorch's RMSprop
  torchCreate: (p, parameters) => pyCall('tl.TfRMSprop', [parameters], { lr: p.learningRate, rho: p.rho, momentum: p.momentum, eps: p.epsilon, centered: p.centered }),
  emitCreate: (p) => `tf.train.rmsprop(${p.learningRate}, ${p.rho}, ${p.momentum}, ${p.epsilon}, ${p.centered})`,
});
