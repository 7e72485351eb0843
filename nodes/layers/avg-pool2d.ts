import { defineLayer, fixedPorts } from '../spec';
import { emitCall } from './emit';
import { poolArgs, poolParams, poolShape } from './pool-params';

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
  },
  params: poolParams,
  inputs: fixedPorts({ name: 'in', kind: 'tensor', doc: 'feature map [batch, height, width, channels]' }),
  outputs: fixedPorts({ name: 'out', kind: 'tensor', doc: 'feature map [batch, height / strides, width / strides, channels]' }),
  inferShape: (inputs, p) => poolShape(inputs, p),
  build: (tf, p, o) => tf.layers.averagePooling2d(poolArgs(p, o.name)),
  emit: (p, o) => emitCall('tf.layers.averagePooling2d', poolArgs(p, o.name)),
});
