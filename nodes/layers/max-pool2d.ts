import { defineLayer, fixedPorts } from '../spec';
import { emitCall } from './emit';
import { poolArgs, poolParams, poolShape } from './pool-params';

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
  },
  params: poolParams,
  inputs: fixedPorts({ name: 'in', kind: 'tensor', doc: 'feature map [batch, height, width, channels]' }),
  outputs: fixedPorts({ name: 'out', kind: 'tensor', doc: 'feature map [batch, height / strides, width / strides, channels]' }),
  inferShape: (inputs, p) => poolShape(inputs, p),
  build: (tf, p, o) => tf.layers.maxPooling2d(poolArgs(p, o.name)),
  emit: (p, o) => emitCall('tf.layers.maxPooling2d', poolArgs(p, o.name)),
});
