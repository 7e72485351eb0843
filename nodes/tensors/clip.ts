import { issue } from '../../src/messages';
import { need, out } from '../shape-utils';
import { defineOp, fixedPorts } from '../spec';
import { py } from '../torch-emit';

const IN = { name: 'in', kind: 'tensor', doc: 'any tensor' } as const;
const SAME = { name: 'out', kind: 'tensor', doc: 'same shape' } as const;

export default defineOp({
  role: 'op',
  type: 'tensors.clip',
  category: 'tensors',
  version: 1,
  title: 'Clip',
  aliases: ['clamp', 'limit', 'bound', 'clip values', 'saturate'],
  docs: {
    summary: 'Limits every value to [min, max]: below min becomes min, above max becomes max.',
    intuition:
      'Keeps values in a valid range, e.g. noisy pixels back in [0, 1] before they are shown or compared. ' +
      'Its gradient is zero where a value was clipped: nothing is learned from those values.',
    paper: { title: 'tf.clipByValue', site: 'js.tensorflow.org', url: 'https://js.tensorflow.org/api/latest/#clipByValue' },
  },
  params: {
    min: { kind: 'float', default: -1, doc: 'Smallest value let through.' },
    max: { kind: 'float', default: 1, doc: 'Largest value let through; at least min.' },
  },
  inputs: fixedPorts(IN),
  outputs: fixedPorts(SAME),
  inferShape: (inputs, p) =>
    p.min <= p.max ? out(need(inputs, 'in')) : { ok: false, issue: issue('param.invalid', { param: 'max', detail: `must be at least min (${p.min}), but is ${p.max}.` }) },
  examples: [{ params: { min: 0, max: 1 }, inputs: { in: [4, 2] }, outputs: { out: [4, 2] } }],
  run: (inputs, p, { tf }) => ({ out: tf.clipByValue(inputs['in']!, p.min, p.max) }),
  torch: (p, ctx) => `${ctx.input('in')}.clamp(${py(p.min)}, ${py(p.max)})`,
  emit: (p, ctx) => `tf.clipByValue(${ctx.input('in')}, ${p.min}, ${p.max})`,
});
