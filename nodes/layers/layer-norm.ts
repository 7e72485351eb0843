import { need, out } from '../shape-utils';
import { defineLayer, fixedPorts } from '../spec';
import { expectMinRank, lastDim } from './checks';
import { emitCall } from './emit';
import { perChannel } from './param-count';
import { channelsOf, py, pyCall } from '../torch-emit';

export default defineLayer({
  role: 'layer',
  type: 'layers.layerNorm',
  category: 'layers',
  version: 1,
  title: 'LayerNorm',
  aliases: ['layer normalization', 'layer normalisation', 'ln', 'normalize', 'normalise'],
  docs: {
    summary: 'Normalises each sample\'s features (last axis) to mean 0 and variance 1, then scales and shifts.',
    intuition:
      'LayerNorm computes the mean and standard deviation over the features of each position of each sample, ' +
      'not over the batch, so it behaves the same in training and inference and with a batch of one. Transformers ' +
      'use it around every attention and feed-forward block. For images, where channels at one pixel are few, ' +
      'GroupNorm is usually the better choice.',
    paper: {
      title: 'Layer Normalization',
      authors: 'J. L. Ba, J. R. Kiros, G. E. Hinton',
      year: 2016,
      url: 'https://arxiv.org/abs/1607.06450',
    },
  },
  params: {
    epsilon: { kind: 'float', default: 0.001, min: 1e-8, max: 1, log: true, doc: 'Added to the variance so that division never blows up.' },
  },
  inputs: fixedPorts({ name: 'in', kind: 'tensor', doc: 'features [batch, ..., features]' }),
  outputs: fixedPorts({ name: 'out', kind: 'tensor', doc: 'normalised features, same shape' }),
  inferShape(inputs) {
    const x = need(inputs, 'in');
    const bad = expectMinRank('in', x, 2, '[batch, ..., features]');
    if (bad) return bad;
    const features = lastDim('in', x, 'LayerNorm (it learns a scale and shift per feature)');
    return typeof features === 'number' ? out(x) : features;
  },
  build: (tf, p, o) => tf.layers.layerNormalization({ name: o.name, axis: -1, epsilon: p.epsilon }),
  emit: (p, o) => emitCall('tf.layers.layerNormalization', { name: o.name, axis: -1, epsilon: p.epsilon }),
  // a scale and a shift per feature
  // over the last axis of the app's layout: the channels, which PyTorch holds second in images
  torch: {
    module: (p, ctx) => pyCall('nn.LayerNorm', [py(channelsOf(ctx.inputs[0]))], { eps: p.epsilon }),
    forward: (_p, ctx) => (ctx.inputs[0]!.length === 4 ? `tl.to_channels_first(${ctx.module}(tl.to_channels_last(${ctx.args[0]!})))` : `${ctx.module}(${ctx.args[0]!})`),
    weights: () => [['gamma', 'weight', 'same'], ['beta', 'bias', 'same']],
  },
  paramCount: perChannel(2),
  examples: [
    { inputs: { in: [null, 5] }, outputs: { out: [null, 5] } },
    { inputs: { in: [null, 3, 6] }, outputs: { out: [null, 3, 6] } },
    { params: { epsilon: 1e-6 }, inputs: { in: [null, 4, 4, 3] }, outputs: { out: [null, 4, 4, 3] } },
  ],
});
