// Emit functions of the optimizers: the tfjs optimizer each `create` makes, and AdamW's decay.
import adam from '../../../nodes/optimizers/adam';
import adamw from '../../../nodes/optimizers/adamw';
import rmsprop from '../../../nodes/optimizers/rmsprop';
import sgd from '../../../nodes/optimizers/sgd';
import { decoupledWeightDecay } from '../snippets/training';
import { optimizerEmitter } from './types';

export const optimizerEmitters = [
  optimizerEmitter(adam, { create: (p) => `tf.train.adam(${p.learningRate}, ${p.beta1}, ${p.beta2}, ${p.epsilon})` }),
  optimizerEmitter(adamw, {
    create: (p) => `tf.train.adam(${p.learningRate}, ${p.beta1}, ${p.beta2}, ${p.epsilon})`,
    after: (p, variables, use) => `${use(decoupledWeightDecay)}(${variables}, ${p.learningRate}, ${p.weightDecay});`,
  }),
  optimizerEmitter(sgd, {
    create: (p) => (p.momentum > 0 ? `tf.train.momentum(${p.learningRate}, ${p.momentum}, ${p.nesterov})` : `tf.train.sgd(${p.learningRate})`),
  }),
  optimizerEmitter(rmsprop, { create: (p) => `tf.train.rmsprop(${p.learningRate}, ${p.rho}, ${p.momentum}, ${p.epsilon}, ${p.centered})` }),
];
