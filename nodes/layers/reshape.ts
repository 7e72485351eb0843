import { issue, showShape } from '../../src/messages';
import { need, out, sampleSize } from '../shape-utils';
import { defineLayer, fixedPorts } from '../spec';
import { expectKnownSample, fail } from './checks';
import { emitCall } from './emit';
import { noWeights } from './param-count';
import { py } from '../torch-emit';

export default defineLayer({
  role: 'layer',
  type: 'layers.reshape',
  category: 'layers',
  version: 1,
  title: 'Reshape',
  aliases: ['view', 'resize shape', 'unflatten', 'to image'],
  docs: {
    summary: 'Rearranges the values of each sample into a new shape with the same number of values.',
    intuition:
      'Reshape changes how a sample is laid out, never its values: a Dense output of 7*7*128 = 6272 features ' +
      'can become a [7, 7, 128] feature map that convolutions can work on, as at the start of a DCGAN generator. ' +
      'The number of values per sample must stay the same.',
    paper: {
      title: 'Unsupervised Representation Learning with Deep Convolutional Generative Adversarial Networks',
      authors: 'A. Radford, L. Metz, S. Chintala',
      year: 2015,
      url: 'https://arxiv.org/abs/1511.06434',
    },
  },
  params: {
    targetShape: {
      kind: 'shape',
      default: [7, 7, 128],
      minLength: 1,
      maxLength: 4,
      doc: 'The new shape of one sample, without the batch dimension; its product must equal the input size.',
    },
  },
  inputs: fixedPorts({ name: 'in', kind: 'tensor', doc: 'any tensor [batch, ...]' }),
  outputs: fixedPorts({ name: 'out', kind: 'tensor', doc: 'the same values [batch, ...targetShape]' }),
  inferShape(inputs, p) {
    const x = need(inputs, 'in');
    const bad = expectKnownSample('in', x, 'Reshape');
    if (bad) return bad;
    const gotSize = sampleSize(x) ?? 0;
    const targetSize = p.targetShape.reduce((a, d) => a * d, 1);
    if (gotSize !== targetSize) {
      const target = showShape([null, ...p.targetShape]);
      return fail(issue('shape.reshape', { got: showShape(x), gotSize, target, targetSize }), 'in');
    }
    return out([x[0] ?? null, ...p.targetShape]);
  },
  build: (tf, p, o) => tf.layers.reshape({ name: o.name, targetShape: p.targetShape }),
  emit: (p, o) => emitCall('tf.layers.reshape', { name: o.name, targetShape: p.targetShape }),
  torch: { forward: (p, ctx) => `tl.reshape(${ctx.args[0]!}, ${py(p.targetShape)})` },
  paramCount: noWeights,
  examples: [
    // the start of a DCGAN generator
    { inputs: { in: [null, 6272] }, outputs: { out: [null, 7, 7, 128] } },
    { params: { targetShape: [3, 4] }, inputs: { in: [null, 12] }, outputs: { out: [null, 3, 4] } },
    { params: { targetShape: [12] }, inputs: { in: [null, 2, 2, 3] }, outputs: { out: [null, 12] } },
    { params: { targetShape: [1, 2, 3, 2] }, inputs: { in: [null, 3, 4] }, outputs: { out: [null, 1, 2, 3, 2] } },
  ],
});
