import { need } from '../shape-utils';
import { defineLayer, fixedPorts } from '../spec';
import { inputCountParam, numberedPortNames, numberedPorts } from './common';
import { emitCall } from './emit';
import { noWeights } from './param-count';
import { broadcastShape } from './merge-shapes';

export default defineLayer({
  role: 'layer',
  type: 'layers.add',
  category: 'layers',
  version: 1,
  title: 'Add',
  aliases: ['sum', 'plus', 'residual', 'skip connection', 'merge'],
  docs: {
    summary: 'Adds tensors element by element; size-1 dimensions are repeated to match (broadcasting).',
    intuition:
      'Adding is the simplest way to combine two signals of the same shape. A residual block adds its input ' +
      'to its output, so it only has to learn a correction and gradients flow straight through, which lets very ' +
      'deep networks train. A dimension of size 1 is repeated to match the other input: a diffusion U-Net adds ' +
      'a [batch, 1, 1, channels] timestep projection to every pixel of a [batch, h, w, channels] feature map.',
    paper: {
      title: 'Deep Residual Learning for Image Recognition',
      authors: 'K. He, X. Zhang, S. Ren, J. Sun',
      year: 2015,
      url: 'https://arxiv.org/abs/1512.03385',
    },
  },
  params: { inputs: inputCountParam },
  inputs: (p) => numberedPorts(p.inputs, 'a tensor; each dimension equal to the others or 1'),
  outputs: fixedPorts({ name: 'out', kind: 'tensor', doc: 'the element-wise sum, at the broadcast shape' }),
  inferShape: (inputs, p) => broadcastShape(numberedPortNames(p.inputs).map((port) => ({ port, shape: need(inputs, port) }))),
  build: (tf, _p, o) => tf.layers.add({ name: o.name }),
  emit: (_p, o) => emitCall('tf.layers.add', { name: o.name }),
  torch: {
    forward: (_p, ctx) => {
      // channels first moves the channels of images: only inputs of one rank broadcast alike
      if (ctx.inputs.some((s) => s.length !== ctx.output.length)) throw new Error('Add of inputs of different ranks');
      return ctx.args.join(' + ');
    },
  },
  paramCount: noWeights,
  examples: [
    { inputs: { in1: [null, 4, 4, 8], in2: [null, 4, 4, 8] }, outputs: { out: [null, 4, 4, 8] } },
    // the U-Net's timestep projection onto a feature map
    { inputs: { in1: [null, 4, 4, 8], in2: [null, 1, 1, 8] }, outputs: { out: [null, 4, 4, 8] } },
    { inputs: { in1: [null, 4, 1, 8], in2: [null, 1, 4, 8] }, outputs: { out: [null, 4, 4, 8] } },
    // different ranks line up from the right
    { inputs: { in1: [null, 8], in2: [null, 4, 4, 8] }, outputs: { out: [null, 4, 4, 8] } },
    {
      params: { inputs: 3 },
      inputs: { in1: [null, 4, 4, 8], in2: [null, 1, 1, 8], in3: [null, 4, 4, 1] },
      outputs: { out: [null, 4, 4, 8] },
    },
  ],
});
