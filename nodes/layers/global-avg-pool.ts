import { need, out } from '../shape-utils';
import { defineLayer, fixedPorts } from '../spec';
import { expectImage } from './checks';
import { emitCall } from './emit';
import { noWeights } from './param-count';

export default defineLayer({
  role: 'layer',
  type: 'layers.globalAvgPool',
  category: 'layers',
  version: 1,
  title: 'GlobalAvgPool',
  aliases: ['global average pooling', 'gap', 'spatial mean', 'pool'],
  docs: {
    summary: 'Averages each channel over the whole image: [b, h, w, c] becomes [b, c]; no weights.',
    intuition:
      'Global average pooling asks, for every channel, "how strongly did this feature appear anywhere in the ' +
      'image?" and answers with one number. It turns a feature map into a feature vector without the many ' +
      'weights a Flatten + Dense would need, and it works for any image size.',
    paper: {
      title: 'Network In Network',
      authors: 'M. Lin, Q. Chen, S. Yan',
      year: 2013,
      url: 'https://arxiv.org/abs/1312.4400',
    },
  },
  params: {},
  inputs: fixedPorts({ name: 'in', kind: 'tensor', doc: 'feature map [batch, height, width, channels]' }),
  outputs: fixedPorts({ name: 'out', kind: 'tensor', doc: 'one mean per channel [batch, channels]' }),
  inferShape(inputs) {
    const x = need(inputs, 'in');
    return expectImage('in', x) ?? out([x[0] ?? null, x[3] ?? null]);
  },
  build: (tf, _p, o) => tf.layers.globalAveragePooling2d({ name: o.name }),
  emit: (_p, o) => emitCall('tf.layers.globalAveragePooling2d', { name: o.name }),
  torch: { forward: (_p, ctx) => `${ctx.args[0]!}.mean((2, 3))` },
  paramCount: noWeights,
  examples: [
    { inputs: { in: [null, 4, 4, 3] }, outputs: { out: [null, 3] } },
    { inputs: { in: [null, 1, 7, 5] }, outputs: { out: [null, 5] } },
  ],
});
