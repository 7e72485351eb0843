import { need, out, sampleSize } from '../shape-utils';
import { defineLayer, fixedPorts } from '../spec';
import { expectKnownSample, expectMinRank } from './checks';
import { emitCall } from './emit';
import { noWeights } from './param-count';


export default defineLayer({
  role: 'layer',
  type: 'layers.flatten',
  category: 'layers',
  version: 1,
  title: 'Flatten',
  aliases: ['vectorise', 'vectorize', 'ravel', 'to vector'],
  docs: {
    summary: 'Lays all values of each sample out in one long vector: [b, h, w, c] becomes [b, h*w*c].',
    intuition:
      'Dense layers expect a flat list of features per sample. Flatten keeps every value and only changes how ' +
      'they are arranged, row by row, so an image or feature map can feed a Dense layer, as at the end of a ' +
      'classifier or discriminator.',
    paper: {
      title: 'tf.layers.flatten',
      site: 'TensorFlow.js API',
      url: 'https://js.tensorflow.org/api/latest/#layers.flatten',
    },
  },
  params: {},
  inputs: fixedPorts({ name: 'in', kind: 'tensor', doc: 'any tensor with at least [batch, a, b]' }),
  outputs: fixedPorts({ name: 'out', kind: 'tensor', doc: 'features [batch, product of the other dims]' }),
  inferShape(inputs) {
    const x = need(inputs, 'in');
    const bad =
      expectMinRank('in', x, 3, '[batch, ...]', 'It is already flat: remove this Flatten.') ??
      expectKnownSample('in', x, 'Flatten');
    return bad ?? out([x[0] ?? null, sampleSize(x)]);
  },
  build: (tf, _p, o) => tf.layers.flatten({ name: o.name }),
  emit: (_p, o) => emitCall('tf.layers.flatten', { name: o.name }),
  // in the app's order (height, width, channels), which the Dense weights after it expect
  torch: { forward: (_p, ctx) => `tl.flatten_channels_last(${ctx.args[0]!})` },
  paramCount: noWeights,
  examples: [
    { inputs: { in: [null, 4, 4, 3] }, outputs: { out: [null, 48] } },
    { inputs: { in: [null, 5, 2] }, outputs: { out: [null, 10] } },
    { inputs: { in: [null, 2, 3, 4, 5] }, outputs: { out: [null, 120] } },
  ],
});
