import { need } from '../shape-utils';
import { defineLayer, fixedPorts } from '../spec';
import { inputCountParam, numberedPortNames, numberedPorts } from './common';
import { emitCall } from './emit';
import { noWeights } from './param-count';
import { broadcastShape } from './merge-shapes';

export default defineLayer({
  role: 'layer',
  type: 'layers.multiply',
  category: 'layers',
  version: 1,
  title: 'Multiply',
  aliases: ['product', 'times', 'gate', 'gating', 'scale', 'modulate', 'merge'],
  docs: {
    summary: 'Multiplies tensors element by element; size-1 dimensions are repeated to match (broadcasting).',
    intuition:
      'Multiplying lets one signal control another: where a gate (say a sigmoid output between 0 and 1) is near ' +
      'zero it silences the other input, where it is near one it lets it through. Conditioning layers scale a ' +
      'feature map per channel by multiplying it with a [batch, 1, 1, channels] tensor computed from a label or a ' +
      'timestep.',
    paper: {
      title: 'FiLM: Visual Reasoning with a General Conditioning Layer',
      authors: 'E. Perez, F. Strub, H. de Vries, V. Dumoulin, A. Courville',
      year: 2017,
      url: 'https://arxiv.org/abs/1709.07871',
    },
  },
  params: { inputs: inputCountParam },
  inputs: (p) => numberedPorts(p.inputs, 'a tensor; each dimension equal to the others or 1'),
  outputs: fixedPorts({ name: 'out', kind: 'tensor', doc: 'the element-wise product, at the broadcast shape' }),
  inferShape: (inputs, p) => broadcastShape(numberedPortNames(p.inputs).map((port) => ({ port, shape: need(inputs, port) }))),
  build: (tf, _p, o) => tf.layers.multiply({ name: o.name }),
  emit: (_p, o) => emitCall('tf.layers.multiply', { name: o.name }),
  torch: {
    forward: (_p, ctx) => {
      if (ctx.inputs.some((s) => s.length !== ctx.output.length)) throw new Error('Multiply of inputs of different ranks');
      return ctx.args.join(' * ');
    },
  },
  paramCount: noWeights,
  examples: [
    { inputs: { in1: [null, 5], in2: [null, 5] }, outputs: { out: [null, 5] } },
    { inputs: { in1: [null, 4, 4, 1], in2: [null, 4, 4, 8] }, outputs: { out: [null, 4, 4, 8] } },
    {
      params: { inputs: 4 },
      inputs: { in1: [null, 4, 4, 8], in2: [null, 1, 1, 8], in3: [null, 4, 4, 1], in4: [null, 8] },
      outputs: { out: [null, 4, 4, 8] },
    },
  ],
});
