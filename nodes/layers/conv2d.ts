import { convOutDim, need, out } from '../shape-utils';
import { defineLayer, fixedPorts } from '../spec';
import { expectImage, expectNonEmpty, lastDim } from './checks';
import { emittedInitializers, initializers } from './common';
import { convArgs, convParamCount, convParams, torchConvWeights, convFace } from './conv-params';
import { emitCall } from './emit';
import { channelsOf, py, pyCall, torchActivation } from '../torch-emit';

export default defineLayer({
  role: 'layer',
  type: 'layers.conv2d',
  category: 'layers',
  version: 1,
  title: 'Conv2D',
  aliases: ['convolution', 'conv', 'cnn', 'filter', 'downsample'],
  docs: {
    summary: 'Slides small learned filters over an image; each filter makes one output channel.',
    intuition:
      'A convolution looks at a small window (say 3x3 pixels, across all channels) and computes a weighted sum ' +
      'with learned weights, then moves the window over the whole image. Because the same weights are used ' +
      'everywhere, a filter that detects an edge or a texture finds it wherever it is, with far fewer weights ' +
      'than a Dense layer. Stride 2 halves height and width, which is how encoders and discriminators shrink an ' +
      'image into features.',
    paper: {
      title: 'Gradient-Based Learning Applied to Document Recognition',
      authors: 'Y. LeCun, L. Bottou, Y. Bengio, P. Haffner',
      year: 1998,
      url: 'https://doi.org/10.1109/5.726791',
    },
  },
  params: convParams,
  face: convFace,
  inputs: fixedPorts({ name: 'in', kind: 'tensor', doc: 'image or feature map [batch, height, width, channels]' }),
  outputs: fixedPorts({ name: 'out', kind: 'tensor', doc: 'feature map [batch, height / strides, width / strides, filters]' }),
  inferShape(inputs, p) {
    const x = need(inputs, 'in');
    const bad = expectImage('in', x);
    if (bad) return bad;
    const channels = lastDim('in', x, 'a Conv2D (its filters span all input channels)');
    if (typeof channels !== 'number') return channels;
    const [b, h, w] = x;
    const oh = convOutDim(h ?? null, p.kernelSize, p.strides, p.padding);
    const ow = convOutDim(w ?? null, p.kernelSize, p.strides, p.padding);
    const what = `a ${p.kernelSize}x${p.kernelSize} kernel with stride ${p.strides} and "${p.padding}" padding`;
    return expectNonEmpty('in', x, [oh, ow], what) ?? out([b ?? null, oh, ow, p.filters]);
  },
  seeds: 'seed',
  build: (tf, p, o) => tf.layers.conv2d({ ...convArgs(p, o.name), ...initializers(tf, o.seed) }),
  emit: (p, o) => emitCall('tf.layers.conv2d', { ...convArgs(p, o.name), ...emittedInitializers(o.seeds) }),
  torch: {
    module: (p, ctx) => {
      const [k, s] = [p.kernelSize, p.strides];
      const args = [py(channelsOf(ctx.inputs[0])), py(p.filters), py(k)];
      // PyTorch pads both sides alike: TensorFlow's "same" is that only at stride 1 with an odd kernel
      if (p.padding === 'same' && (s > 1 || k % 2 === 0)) return pyCall('tl.Conv2dSame', args, { stride: s, bias: p.useBias });
      return pyCall('nn.Conv2d', args, { stride: s === 1 ? undefined : s, padding: p.padding === 'same' ? (k - 1) / 2 : undefined, bias: p.useBias });
    },
    forward: (p, ctx) => torchActivation(p.activation, `${ctx.module}(${ctx.args[0]!})`, 4),
    weights: torchConvWeights,
  },
  paramCount: convParamCount,
  examples: [
    { inputs: { in: [null, 8, 8, 3] }, outputs: { out: [null, 8, 8, 32] } },
    { params: { filters: 64, kernelSize: 5, strides: 2 }, inputs: { in: [null, 28, 28, 1] }, outputs: { out: [null, 14, 14, 64] } },
    { params: { filters: 5, strides: 2 }, inputs: { in: [null, 7, 9, 1] }, outputs: { out: [null, 4, 5, 5] } },
    {
      params: { filters: 4, kernelSize: 5, strides: 2, padding: 'valid', useBias: false },
      inputs: { in: [null, 8, 8, 3] },
      outputs: { out: [null, 2, 2, 4] },
    },
  ],
});
