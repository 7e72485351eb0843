import type * as TF from '@tensorflow/tfjs';
import { emitRuntimeCall, inputCode } from '../op-emit';
import { need, out } from '../shape-utils';
import { defineOp, fixedPorts, type TFModule } from '../spec';
import { py } from '../torch-emit';

/** Class ids [...] → float32 rows [..., classes] with a 1 at each id (ids outside [0, classes) give zeros). */
export function oneHotRows(tf: TFModule, ids: TF.Tensor, classes: number): TF.Tensor {
  return tf.oneHot(tf.cast(ids, 'int32'), classes).toFloat();
}

export default defineOp({
  role: 'op',
  type: 'tensors.oneHot',
  category: 'tensors',
  version: 1,
  title: 'One-hot',
  aliases: ['one hot', 'onehot', 'encode labels', 'class vector', 'label to vector', 'categorical'],
  docs: {
    summary: 'Turns class ids into vectors with a 1 at the class and 0 elsewhere.',
    intuition:
      'A class id is a name, not a quantity: digit 7 is not "more" than digit 3. One-hot encoding gives each ' +
      'class its own axis, so a network can use the label as input without reading an order into it. A ' +
      'conditional GAN concatenates the one-hot label with its noise, so the generator learns to draw the ' +
      'digit it is asked for.',
    paper: { title: 'Conditional Generative Adversarial Nets', authors: 'Mirza, Osindero', year: 2014, url: 'https://arxiv.org/abs/1411.1784' },
  },
  params: { classes: { kind: 'int', default: 10, min: 2, max: 100000, doc: 'How many classes: the length of each vector.' } },
  inputs: fixedPorts({ name: 'ids', kind: 'tensor', dtype: 'int32', doc: 'class ids [batch, ...], int32' }),
  outputs: fixedPorts({ name: 'out', kind: 'tensor', doc: 'one-hot rows [batch, ..., classes], float32' }),
  inferShape: (inputs, p) => out([...need(inputs, 'ids'), p.classes]),
  examples: [{ inputs: { ids: [4] }, outputs: { out: [4, 10] } }, { params: { classes: 3 }, inputs: { ids: [2, 5] }, outputs: { out: [2, 5, 3] } }],
  run: (inputs, p, { tf }) => ({ out: oneHotRows(tf, inputs['ids']!, p.classes) }),
  torch: (p, ctx) => `F.one_hot(${ctx.input('ids')}.long(), ${py(p.classes)}).float()`,
  emit: (p, ctx) => emitRuntimeCall(ctx, 'oneHotRows', inputCode(ctx, 'ids'), p.classes),
});
