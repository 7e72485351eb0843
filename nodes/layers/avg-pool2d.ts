import { defineLayer, fixedPorts } from '../spec';
import { emitCall } from './emit';
import { noWeights } from './param-count';
import { poolArgs, poolParams, poolShape } from './pool-params';
import { py, pyCall } from '../torch-emit';

export default defineLayer({
  role: 'layer',
  type: 'layers.avgPool2d',
  category: 'layers',
  version: 1,
  title: 'AvgPool2D',
  aliases: ['average pooling', 'mean pooling', 'pool', 'downsample'],
  docs: {
    summary: 'Shrinks a feature map by averaging each window; no weights.',
    intuition:
      'Average pooling cuts each channel into small windows and replaces each by its mean: a blur followed by ' +
      'subsampling. Unlike max pooling every value contributes, so gradients reach every input pixel; that makes ' +
      'it a gentle way to halve resolution in generators, discriminators and U-Nets.',
    paper: {
      title: 'Gradient-Based Learning Applied to Document Recognition',
      authors: 'Y. LeCun, L. Bottou, Y. Bengio, P. Haffner',
      year: 1998,
      url: 'https://doi.org/10.1109/5.726791',
    },
  },
  params: poolParams,
  inputs: fixedPorts({ name: 'in', kind: 'tensor', doc: 'feature map [batch, height, width, channels]' }),
  outputs: fixedPorts({ name: 'out', kind: 'tensor', doc: 'feature map [batch, height / strides, width / strides, channels]' }),
  inferShape: (inputs, p) => poolShape(inputs, p),
  build: (tf, p, o) => tf.layers.averagePooling2d(poolArgs(p, o.name)),
  emit: (p, o) => emitCall('tf.layers.averagePooling2d', poolArgs(p, o.name)),
  torch: {
    module: (p) => pyCall(p.padding === 'same' ? 'tl.AvgPool2dSame' : 'nn.AvgPool2d', [py(p.poolSize)], { stride: p.strides }),
  },
  paramCount: noWeights,
  examples: [
    { inputs: { in: [null, 8, 8, 3] }, outputs: { out: [null, 4, 4, 3] } },
    { params: { poolSize: 3, strides: 2, padding: 'same' }, inputs: { in: [null, 7, 5, 2] }, outputs: { out: [null, 4, 3, 2] } },
    { params: { poolSize: 3, strides: 1 }, inputs: { in: [null, 7, 5, 2] }, outputs: { out: [null, 5, 3, 2] } },
  ],
});
