import { need, out } from '../shape-utils';
import { defineOp, fixedPorts } from '../spec';
import { py } from '../torch-emit';

const IN = { name: 'in', kind: 'tensor', doc: 'any tensor' } as const;
const SAME = { name: 'out', kind: 'tensor', doc: 'same shape' } as const;

export default defineOp({
  role: 'op',
  type: 'tensors.scale',
  category: 'tensors',
  version: 1,
  title: 'Scale & Shift',
  aliases: ['scale', 'shift', 'multiply by', 'affine', 'rescale', 'normalize range', 'noise level'],
  docs: {
    summary: 'scale · x + shift for every value: change a range, or set how strong some noise is.',
    intuition:
      'Moves values into another range (pixels in [0, 1] to [-1, 1] is ×2 then −1) or sets a strength: a noise ' +
      'tensor scaled by 0.3 before it is added to images corrupts them gently.',
    paper: { title: 'tf.mul', site: 'js.tensorflow.org', url: 'https://js.tensorflow.org/api/latest/#mul' },
  },
  params: {
    scale: { kind: 'float', default: 1, doc: 'Multiplies every value.' },
    shift: { kind: 'float', default: 0, doc: 'Then added to every value.' },
  },
  inputs: fixedPorts(IN),
  outputs: fixedPorts(SAME),
  inferShape: (inputs) => out(need(inputs, 'in')),
  examples: [{ params: { scale: 0.3 }, inputs: { in: [4, 28, 28, 1] }, outputs: { out: [4, 28, 28, 1] } }],
  run: (inputs, p, { tf }) => ({ out: tf.add(tf.mul(inputs['in']!, p.scale), p.shift) }),
  torch: (p, ctx) => `${ctx.input('in')} * ${py(p.scale)} + ${py(p.shift)}`,
  emit: (p, ctx) => `tf.add(tf.mul(${ctx.input('in')}, ${p.scale}), ${p.shift})`,
});
