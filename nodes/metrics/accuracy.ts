import type * as TF from '@tensorflow/tfjs';
import { emitRuntimeCall, inputCode } from '../op-emit';
import { need, ok } from '../shape-utils';
import { defineOp, fixedPorts, type TFModule } from '../spec';
import { checkLogitsAndLabels, labelIds, labelInputParam, labelsPort, LOGITS_IN, type LabelInput } from '../tensors/class-labels';

/** The fraction of samples whose largest logit is at their true class (top-1 accuracy), in [0, 1]. */
export function topOneAccuracy(tf: TFModule, logits: TF.Tensor, labels: TF.Tensor, form: LabelInput): TF.Scalar {
  return tf.mean(tf.cast(tf.equal(tf.argMax(logits, 1), labelIds(tf, labels, form)), 'float32'));
}

export default defineOp({
  role: 'op',
  type: 'metrics.accuracy',
  category: 'metrics',
  version: 1,
  title: 'Accuracy',
  aliases: ['top-1', 'correct', 'classification accuracy', 'score', 'evaluate'],
  docs: {
    summary: 'The fraction of samples the classifier gets right: its highest score is at the true class.',
    intuition:
      'Cross-entropy is what a classifier learns from, because it changes smoothly; accuracy is what people ' +
      'care about: how often the top guess is right. It has no useful gradient (a small change of the weights ' +
      'rarely flips a guess), so it is never trained on: connect it to a Metric to chart it. Fed from the test ' +
      'split, it tells how well the classifier does on digits it has never seen.',
    paper: { title: 'Gradient-Based Learning Applied to Document Recognition', authors: 'LeCun, Bottou, Bengio, Haffner', year: 1998, url: 'https://doi.org/10.1109/5.726791' },
  },
  params: { labels: labelInputParam },
  inputs: (p) => [LOGITS_IN, labelsPort(p.labels)],
  outputs: fixedPorts({ name: 'out', kind: 'tensor', doc: 'accuracy in [0, 1], a scalar []' }),
  inferShape: (inputs, p) => checkLogitsAndLabels(need(inputs, 'logits'), need(inputs, 'labels'), p.labels) ?? ok({ out: [] }),
  examples: [
    { inputs: { logits: [4, 10], labels: [4] }, outputs: { out: [] } },
    { params: { labels: 'one-hot' }, inputs: { logits: [3, 5], labels: [3, 5] }, outputs: { out: [] } },
  ],
  run: (inputs, p, { tf }) => ({ out: topOneAccuracy(tf, inputs['logits']!, inputs['labels']!, p.labels) }),
  emit: (p, ctx) => emitRuntimeCall(ctx, 'topOneAccuracy', inputCode(ctx, 'logits'), inputCode(ctx, 'labels'), p.labels),
});
