import { need } from '../shape-utils';
import { defineLayer, fixedPorts } from '../spec';
import { inputCountParam, numberedPortNames, numberedPorts } from './common';
import { emitCall } from './emit';
import { noWeights } from './param-count';
import { concatShape } from './merge-shapes';


export default defineLayer({
  role: 'layer',
  type: 'layers.concatenate',
  category: 'layers',
  version: 1,
  title: 'Concatenate',
  aliases: ['concat', 'join', 'stack channels', 'skip connection', 'merge'],
  docs: {
    summary: 'Joins tensors side by side along the last axis (channels): [b, h, w, 3] + [b, h, w, 5] = [b, h, w, 8].',
    intuition:
      'Concatenation puts the features of several tensors next to each other, so the next layer sees all of ' +
      'them at once and can learn how to combine them. A U-Net concatenates each decoder feature map with the ' +
      'encoder map of the same size, handing fine detail across the bottleneck; a conditional GAN concatenates ' +
      'a label embedding with the noise. All other dimensions must match.',
    paper: {
      title: 'U-Net: Convolutional Networks for Biomedical Image Segmentation',
      authors: 'O. Ronneberger, P. Fischer, T. Brox',
      year: 2015,
      url: 'https://arxiv.org/abs/1505.04597',
    },
  },
  params: { inputs: inputCountParam },
  inputs: (p) => numberedPorts(p.inputs, 'a tensor [batch, ..., channels]; all but the channels must match'),
  outputs: fixedPorts({ name: 'out', kind: 'tensor', doc: 'the inputs side by side [batch, ..., sum of channels]' }),
  inferShape: (inputs, p) => concatShape(numberedPortNames(p.inputs).map((port) => ({ port, shape: need(inputs, port) }))),
  build: (tf, _p, o) => tf.layers.concatenate({ name: o.name, axis: -1 }),
  emit: (_p, o) => emitCall('tf.layers.concatenate', { name: o.name, axis: -1 }),
  // the channels: the last axis in the app, the second in PyTorch for images
  torch: { forward: (_p, ctx) => `torch.cat([${ctx.args.join(', ')}], ${ctx.output.length === 4 ? 1 : -1})` },
  paramCount: noWeights,
  examples: [
    { inputs: { in1: [null, 4, 4, 2], in2: [null, 4, 4, 5] }, outputs: { out: [null, 4, 4, 7] } },
    { inputs: { in1: [null, 2, 3, 4, 1], in2: [null, 2, 3, 4, 2] }, outputs: { out: [null, 2, 3, 4, 3] } },
    { params: { inputs: 3 }, inputs: { in1: [null, 3], in2: [null, 7], in3: [null, 1] }, outputs: { out: [null, 11] } },
  ],
});
