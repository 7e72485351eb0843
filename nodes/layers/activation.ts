import { need, out } from '../shape-utils';
import { defineLayer, fixedPorts } from '../spec';
import { emitCall } from './emit';
import { noWeights } from './param-count';
import { torchActivation } from '../torch-emit';

const FUNCTIONS = ['relu', 'leakyRelu', 'elu', 'tanh', 'sigmoid', 'swish', 'gelu', 'softplus', 'softmax'] as const;

const params = {
  activation: { kind: 'enum', options: FUNCTIONS, default: 'relu', doc: 'The function applied to every value. swish is also called SiLU.' },
  alpha: { kind: 'float', default: 0.2, min: 0, max: 1, step: 0.01, doc: 'leakyRelu only: the slope for negative inputs.' },
} as const;

export default defineLayer({
  role: 'layer',
  type: 'layers.activation',
  category: 'layers',
  version: 1,
  title: 'Activation',
  aliases: ['nonlinearity', 'relu', 'leaky relu', 'elu', 'tanh', 'sigmoid', 'swish', 'silu', 'gelu', 'softplus', 'softmax'],
  docs: {
    summary: 'Applies a non-linear function to every value: ReLU, leaky ReLU, tanh, sigmoid, SiLU, GELU, ...',
    intuition:
      'Without a non-linearity, any stack of Dense and Conv layers collapses into one linear map. An activation ' +
      'bends each value: ReLU keeps positives and zeroes negatives; leaky ReLU keeps a small slope for negatives ' +
      'so gradients never die (GAN discriminators use it); tanh and sigmoid squash into (-1, 1) and (0, 1), handy ' +
      'for image outputs and probabilities; swish/SiLU and GELU are smooth ReLUs used in diffusion U-Nets and ' +
      'transformers; softplus is a smooth ReLU that stays positive; softmax turns a row of scores into ' +
      'probabilities that add up to 1 (over the last axis).',
    paper: {
      title: 'Deep Learning, chapter 6.3: Hidden Units',
      authors: 'I. Goodfellow, Y. Bengio, A. Courville',
      year: 2016,
      url: 'https://www.deeplearningbook.org/contents/mlp.html',
    },
  },
  params,
  inputs: fixedPorts({ name: 'in', kind: 'tensor', doc: 'any tensor' }),
  outputs: fixedPorts({ name: 'out', kind: 'tensor', doc: 'same shape' }),
  inferShape: (inputs) => out(need(inputs, 'in')),
  // leakyRelu has its own tfjs layer (it takes alpha); the others are activations tfjs knows by name
  build: (tf, p, o) =>
    p.activation === 'leakyRelu'
      ? tf.layers.leakyReLU({ name: o.name, alpha: p.alpha })
      : tf.layers.activation({ name: o.name, activation: p.activation }),
  emit: (p, o) =>
    p.activation === 'leakyRelu'
      ? emitCall('tf.layers.leakyReLU', { name: o.name, alpha: p.alpha })
      : emitCall('tf.layers.activation', { name: o.name, activation: p.activation }),
  paramCount: noWeights,
  torch: { forward: (p, ctx) => torchActivation(p.activation, ctx.args[0]!, ctx.inputs[0]!.length, p.alpha) },
  examples: [
    { inputs: { in: [null, 5] }, outputs: { out: [null, 5] } },
    { params: { activation: 'leakyRelu', alpha: 0.1 }, inputs: { in: [null, 2, 3, 4] }, outputs: { out: [null, 2, 3, 4] } },
  ],
});
