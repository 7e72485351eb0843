import { need, out } from '../shape-utils';
import { defineLayer, fixedPorts } from '../spec';
import { expectImage } from './checks';
import { emitCall } from './emit';
import { noWeights } from './param-count';
import { py } from '../torch-emit';

const INTERPOLATIONS = ['nearest', 'bilinear'] as const;

export default defineLayer({
  role: 'layer',
  type: 'layers.upSampling2d',
  category: 'layers',
  version: 1,
  title: 'UpSampling2D',
  aliases: ['upsample', 'resize', 'enlarge', 'nearest neighbour', 'bilinear'],
  docs: {
    summary: 'Makes a feature map larger by repeating (or blending) its pixels; no weights.',
    intuition:
      'UpSampling2D enlarges height and width by a fixed factor: "nearest" copies every pixel into a size x size ' +
      'block, "bilinear" blends neighbouring pixels smoothly. It learns nothing by itself; followed by a Conv2D ' +
      'it becomes a learned upsampling that avoids the checkerboard artefacts transposed convolutions can leave, ' +
      'which is why U-Nets and many generators use it.',
    paper: {
      title: 'Deconvolution and Checkerboard Artifacts',
      authors: 'A. Odena, V. Dumoulin, C. Olah',
      year: 2016,
      url: 'https://distill.pub/2016/deconv-checkerboard/',
    },
  },
  params: {
    size: { kind: 'int', default: 2, min: 1, max: 8, doc: 'Factor by which height and width grow.' },
    interpolation: { kind: 'enum', options: INTERPOLATIONS, default: 'nearest', doc: 'How new pixels are filled: copies or smooth blends.' },
  },
  inputs: fixedPorts({ name: 'in', kind: 'tensor', doc: 'feature map [batch, height, width, channels]' }),
  outputs: fixedPorts({ name: 'out', kind: 'tensor', doc: 'feature map [batch, height * size, width * size, channels]' }),
  inferShape(inputs, p) {
    const x = need(inputs, 'in');
    const bad = expectImage('in', x);
    if (bad) return bad;
    const [b, h, w, c] = x;
    const grow = (d: number | null | undefined) => (typeof d === 'number' ? d * p.size : null);
    return out([b ?? null, grow(h), grow(w), c ?? null]);
  },
  build: (tf, p, o) => tf.layers.upSampling2d({ name: o.name, size: [p.size, p.size], interpolation: p.interpolation }),
  emit: (p, o) => emitCall('tf.layers.upSampling2d', { name: o.name, size: [p.size, p.size], interpolation: p.interpolation }),
  torch: {
    forward: (p, ctx) => {
      // tfjs's bilinear resize samples at corners, PyTorch's at pixel centres: not the same pixels
      if (p.interpolation !== 'nearest') throw new Error('only "nearest" up-sampling has a PyTorch twin here');
      return `F.interpolate(${ctx.args[0]!}, scale_factor=${py(p.size)}, mode="nearest")`;
    },
  },
  paramCount: noWeights,
  examples: [
    { inputs: { in: [null, 4, 4, 2] }, outputs: { out: [null, 8, 8, 2] } },
    { params: { size: 3, interpolation: 'bilinear' }, inputs: { in: [null, 3, 5, 1] }, outputs: { out: [null, 9, 15, 1] } },
  ],
});
