import type * as TF from '@tensorflow/tfjs';
import { broadcastShape } from '../layers/merge-shapes';
import { code, emitRuntimeCall } from '../op-emit';
import { need } from '../shape-utils';
import { defineOp, fixedPorts, type TFModule } from '../spec';

export const OPERATIONS = ['add', 'subtract', 'multiply'] as const;
export type Operation = (typeof OPERATIONS)[number];

/** a + b, a − b or a · b, element by element, broadcasting as NumPy does. */
export function elementwise(tf: TFModule, op: Operation, a: TF.Tensor, b: TF.Tensor): TF.Tensor {
  return op === 'add' ? tf.add(a, b) : op === 'subtract' ? tf.sub(a, b) : tf.mul(a, b);
}

export default defineOp({
  role: 'op',
  type: 'tensors.arithmetic',
  category: 'tensors',
  version: 1,
  title: 'Arithmetic',
  aliases: ['add', 'subtract', 'multiply', 'plus', 'minus', 'times', 'sum', 'difference', 'product', 'add noise', 'residual'],
  docs: {
    summary: 'a + b, a − b or a × b, value by value, in the training graph.',
    intuition:
      'Layers combine tensors inside a model; this node does it between models and data. Add noise to an image ' +
      'to train a denoising autoencoder, subtract a reconstruction from its input to look at the error, or ' +
      'multiply by a mask. Shapes broadcast as in NumPy: a size-1 dimension repeats to match the other.',
    paper: { title: 'tf.add', site: 'js.tensorflow.org', url: 'https://js.tensorflow.org/api/latest/#add' },
  },
  params: { op: { kind: 'enum', options: OPERATIONS, default: 'add', doc: 'What to do with a and b.' } },
  inputs: fixedPorts(
    { name: 'a', kind: 'tensor', doc: 'a tensor [batch, ...]' },
    { name: 'b', kind: 'tensor', doc: 'a tensor that broadcasts against a' },
  ),
  outputs: fixedPorts({ name: 'out', kind: 'tensor', doc: 'a op b, the broadcast shape' }),
  inferShape: (inputs) => broadcastShape([{ port: 'a', shape: need(inputs, 'a') }, { port: 'b', shape: need(inputs, 'b') }]),
  examples: [
    { inputs: { a: [4, 28, 28, 1], b: [4, 28, 28, 1] }, outputs: { out: [4, 28, 28, 1] } },
    { params: { op: 'multiply' }, inputs: { a: [2, 3, 3, 4], b: [2, 1, 1, 4] }, outputs: { out: [2, 3, 3, 4] } },
  ],
  run: (inputs, p, { tf }) => ({ out: elementwise(tf, p.op, inputs['a']!, inputs['b']!) }),
  torch: (p, ctx) => `${ctx.input('a')} ${p.op === 'add' ? '+' : p.op === 'subtract' ? '-' : '*'} ${ctx.input('b')}`,
  emit: (p, ctx) => emitRuntimeCall(ctx, 'elementwise', p.op, code(ctx.input('a')), code(ctx.input('b'))),
});
