import { defineLayer, fixedPorts } from '../spec';
import { emitCall } from './emit';
import { noWeights } from './param-count';
import { poolArgs, poolParams, poolShape } from './pool-params';
import { py, pyCall } from '../torch-emit';

export default defineLayer({
  role: 'layer',
  type: 'layers.maxPool2d',
  category: 'layers',
  version: 1,
  title: 'MaxPool2D',
  aliases: ['max pooling', 'pool', 'downsample', 'subsample'],
  docs: {
    summary: 'Shrinks a feature map by keeping the largest value of each window; no weights.',
    intuition:
      'Max pooling cuts each channel into small windows (say 2x2) and keeps only the strongest response of ' +
      'each. The map gets smaller and the features it keeps no longer depend on exactly where inside the window ' +
      'they fired, which gives classifiers some tolerance to small shifts.',
    paper: {
      title: 'Deep Learning, chapter 9.3: Pooling',
      authors: 'I. Goodfellow, Y. Bengio, A. Courville',
      year: 2016,
      url: 'https://www.deeplearningbook.org/contents/convnets.html',
    },
  },
  params: poolParams,
  inputs: fixedPorts({ name: 'in', kind: 'tensor', doc: 'feature map [batch, height, width, channels]' }),
  outputs: fixedPorts({ name: 'out', kind: 'tensor', doc: 'feature map [batch, height / strides, width / strides, channels]' }),
  inferShape: (inputs, p) => poolShape(inputs, p),
  build: (tf, p, o) => tf.layers.maxPooling2d(poolArgs(p, o.name)),
  emit: (p, o) => emitCall('tf.layers.maxPooling2d', poolArgs(p, o.name)),
  torch: {
    module: (p) => pyCall(p.padding === 'same' ? 'tl.MaxPool2dSame' : 'nn.MaxPool2d', [py(p.poolSize)], { stride: p.strides }),
  },
  paramCount: noWeights,
  examples: [
    { inputs: { in: [null, 28, 28, 16] }, outputs: { out: [null, 14, 14, 16] } },
    { params: { poolSize: 2, strides: 2 }, inputs: { in: [null, 7, 5, 2] }, outputs: { out: [null, 3, 2, 2] } },
    { params: { poolSize: 3, strides: 3, padding: 'same' }, inputs: { in: [null, 8, 8, 3] }, outputs: { out: [null, 3, 3, 3] } },
  ],
});
