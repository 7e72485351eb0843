import { deconvOutDim, need, out } from '../shape-utils';
import { defineLayer, fixedPorts } from '../spec';
import { expectImage, lastDim } from './checks';
import { emittedInitializers, initializers } from './common';
import { convArgs, convParamCount, convParams, torchConvWeights, convFace } from './conv-params';
import { emitCall } from './emit';
import { channelsOf, py, pyCall, torchActivation } from '../torch-emit';

export default defineLayer({
  role: 'layer',
  type: 'layers.conv2dTranspose',
  category: 'layers',
  version: 1,
  title: 'Conv2DTranspose',
  aliases: ['deconvolution', 'deconv', 'transposed convolution', 'fractionally strided', 'upsample'],
  docs: {
    summary: 'A learned upsampling: each input pixel paints a filter-shaped patch into a larger output.',
    intuition:
      'A transposed convolution runs a convolution backwards: instead of summing a window into one output ' +
      'pixel, each input pixel spreads its value, weighted by a learned filter, over a window of the output. ' +
      'With stride 2 the output is twice as high and wide, which is how DCGAN generators grow a small feature ' +
      'map into an image. Overlapping windows can leave checkerboard patterns; UpSampling2D followed by a ' +
      'Conv2D is the usual cure.',
    paper: {
      title: 'A guide to convolution arithmetic for deep learning',
      authors: 'V. Dumoulin, F. Visin',
      year: 2016,
      url: 'https://arxiv.org/abs/1603.07285',
    },
  },
  params: convParams,
  face: convFace,
  inputs: fixedPorts({ name: 'in', kind: 'tensor', doc: 'feature map [batch, height, width, channels]' }),
  outputs: fixedPorts({ name: 'out', kind: 'tensor', doc: 'feature map [batch, height * strides, width * strides, filters]' }),
  inferShape(inputs, p) {
    const x = need(inputs, 'in');
    const bad = expectImage('in', x);
    if (bad) return bad;
    const channels = lastDim('in', x, 'a Conv2DTranspose (its filters span all input channels)');
    if (typeof channels !== 'number') return channels;
    const [b, h, w] = x;
    const grow = (d: number | null | undefined) => deconvOutDim(d ?? null, p.kernelSize, p.strides, p.padding);
    return out([b ?? null, grow(h), grow(w), p.filters]);
  },
  seeds: 'seed',
  build: (tf, p, o) => tf.layers.conv2dTranspose({ ...convArgs(p, o.name), ...initializers(tf, o.seed) }),
  emit: (p, o) => emitCall('tf.layers.conv2dTranspose', { ...convArgs(p, o.name), ...emittedInitializers(o.seeds) }),
  torch: {
    module: (p, ctx) => {
      const [k, s] = [p.kernelSize, p.strides];
      const args = [py(channelsOf(ctx.inputs[0])), py(p.filters), py(k)];
      if (p.padding === 'same') return pyCall('tl.ConvTranspose2dSame', args, { stride: s, bias: p.useBias });
      // TensorFlow's "valid" output is input * stride + max(kernel - stride, 0)
      return pyCall('nn.ConvTranspose2d', args, { stride: s, output_padding: k < s ? s - k : undefined, bias: p.useBias });
    },
    forward: (p, ctx) => torchActivation(p.activation, `${ctx.module}(${ctx.args[0]!})`, 4),
    weights: torchConvWeights,
  },
  paramCount: convParamCount,
  examples: [
    { inputs: { in: [null, 4, 4, 3] }, outputs: { out: [null, 4, 4, 32] } },
    { params: { filters: 5, kernelSize: 4, strides: 2 }, inputs: { in: [null, 7, 7, 8] }, outputs: { out: [null, 14, 14, 5] } },
    // "valid" adds what the kernel reaches beyond the last stride
    {
      params: { filters: 4, kernelSize: 5, strides: 2, padding: 'valid', useBias: false },
      inputs: { in: [null, 1, 1, 4] },
      outputs: { out: [null, 5, 5, 4] },
    },
  ],
});
