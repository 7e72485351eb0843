import { inputCountParam, numberedPortNames, numberedPorts } from '../layers/common';
import { concatShape } from '../layers/merge-shapes';
import { need } from '../shape-utils';
import { defineOp, fixedPorts } from '../spec';

export default defineOp({
  role: 'op',
  type: 'tensors.concatenate',
  category: 'tensors',
  version: 1,
  title: 'Concatenate Tensors',
  aliases: ['concat', 'join', 'stack', 'append', 'condition on label'],
  docs: {
    summary: 'Joins tensors side by side along the last axis, in the training graph.',
    intuition:
      'Puts the values of several tensors next to each other: noise and a one-hot label become one input for a ' +
      'conditional generator, an image and a tiled label one input for its critic. All but the last dimension ' +
      'must match. Inside a model, the Concatenate layer does the same.',
    paper: { title: 'Conditional Generative Adversarial Nets', authors: 'Mirza, Osindero', year: 2014, url: 'https://arxiv.org/abs/1411.1784' },
  },
  params: { inputs: inputCountParam },
  inputs: (p) => numberedPorts(p.inputs, 'a tensor [batch, ..., n]; all but the last dimension must match'),
  outputs: fixedPorts({ name: 'out', kind: 'tensor', doc: 'the inputs side by side [batch, ..., sum of n]' }),
  inferShape: (inputs, p) => concatShape(numberedPortNames(p.inputs).map((port) => ({ port, shape: need(inputs, port) }))),
  examples: [{ inputs: { in1: [4, 100], in2: [4, 10] }, outputs: { out: [4, 110] } }],
  run: (inputs, p, { tf }) => ({ out: tf.concat(numberedPortNames(p.inputs).map((port) => inputs[port]!), -1) }),
  torch: (p, ctx) => `torch.cat([${numberedPortNames(p.inputs).map((port) => ctx.input(port)).join(', ')}], -1)`,
  emit: (p, ctx) => `tf.concat([${numberedPortNames(p.inputs).map((port) => ctx.input(port)).join(', ')}], -1)`,
});
