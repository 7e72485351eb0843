import { issue } from '../../src/messages';
import { out } from '../shape-utils';
import { defineOp, fixedPorts, type ShapeResult } from '../spec';
import { py, pyCall } from '../torch-emit';

/** The most values a Constant may hold: it is written out in the document and the export. */
const MAX_VALUES = 65536;

/**
 * The numbers a Constant's text lists, each repeated `repeat` times in a row: "0..9" is 0 to 9,
 * "1, 2.5, -3" those three; commas or spaces between. An error text when the list is not one.
 */
export function constantValues(text: string, repeat: number, integers: boolean): number[] | string {
  const values: number[] = [];
  for (const item of text.split(/[\s,]+/).filter(Boolean)) {
    const range = /^(-?\d+)\.\.(-?\d+)$/.exec(item);
    const [first, last] = range ? [Number(range[1]), Number(range[2])] : [Number(item), Number(item)];
    if (!range && (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(item) || !Number.isFinite(first))) {
      return `"${item}" is not a number or a range like 0..9`;
    }
    if (integers && !Number.isInteger(first)) return `"${item}" is not a whole number, and class ids are`;
    // counted before the range is made, so "0..999999999" costs nothing
    const count = Math.abs(last - first) + 1;
    if ((values.length / repeat + count) * repeat > MAX_VALUES) return `it lists more than ${MAX_VALUES} values`;
    const step = first <= last ? 1 : -1;
    for (let k = 0; k < count; k++) for (let r = 0; r < repeat; r++) values.push(first + k * step);
  }
  return values.length ? values : 'it lists no values';
}

const valuesOf = (p: { values: string; repeat: number; dtype: string }) => constantValues(p.values, p.repeat, p.dtype === 'int32');

export default defineOp({
  role: 'op',
  type: 'tensors.constant',
  category: 'tensors',
  version: 1,
  title: 'Constant',
  aliases: ['fixed', 'labels', 'list', 'values', 'class list', 'digits 0-9', 'preview labels'],
  docs: {
    summary: 'A fixed list of numbers or class ids, the same on every evaluation.',
    intuition:
      'Some inputs should not change from one evaluation to the next: the labels 0 to 9, each repeated along a ' +
      'row, make a conditional generator\'s preview show one row per digit, so you can watch each digit take ' +
      'shape. Write the values as a list ("0, 1, 2") or a range ("0..9"); the list is the batch.',
    paper: { title: 'tf.tensor1d', site: 'js.tensorflow.org', url: 'https://js.tensorflow.org/api/latest/#tensor1d' },
  },
  params: {
    values: { kind: 'string', default: '0..9', doc: 'The values, separated by commas or spaces; a..b is every whole number from a to b.' },
    repeat: { kind: 'int', default: 1, min: 1, max: 4096, doc: 'Each value this many times in a row: "0..9" with 8 gives eight 0s, then eight 1s, ...' },
    dtype: {
      kind: 'enum', options: ['int32', 'float32'], default: 'int32',
      doc: '"int32": class ids (for One-hot, Embedding, a conditional model). "float32": values to compute with.',
    },
  },
  inputs: fixedPorts(),
  outputs: (p) => [{ name: 'out', kind: 'tensor', dtype: p.dtype, doc: 'the values [count], one per sample' }],
  inferShape(_inputs, p): ShapeResult {
    const v = valuesOf(p);
    if (typeof v === 'string') return { ok: false, issue: issue('param.invalid', { param: 'values', detail: `${v}. Write numbers separated by commas, or a range like 0..9.` }) };
    return out([v.length]);
  },
  examples: [
    { inputs: {}, outputs: { out: [10] } },
    { params: { values: '1, 2.5', repeat: 3, dtype: 'float32' }, inputs: {}, outputs: { out: [6] } },
  ],
  run: (_inputs, p, { tf }) => ({ out: tf.tensor1d(valuesOf(p) as number[], p.dtype) }),
  // the same values in every process under torchrun (not split like a batch)
  torch: (p) => pyCall('tl.constant', [py(valuesOf(p) as number[]), py(p.dtype)]),
  emit: (p) => `tf.tensor1d(${JSON.stringify(valuesOf(p))}, '${p.dtype}')`,
});
