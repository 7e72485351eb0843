import type * as TF from '@tensorflow/tfjs';
import { emitRuntimeCall, inputCode } from '../op-emit';
import { need } from '../shape-utils';
import { defineOp, type TFModule } from '../spec';
import { checkLogitsAndLabels, labelInputParam, labelRows, labelsPort, LOGITS_IN, type LabelInput } from '../tensors/class-labels';
import { input, LOSS_OUT, lossOut } from './common';
import { pyCall } from '../torch-emit';

/**
 * Mean over the batch of −Σ_c target_c · log softmax(logits)_c, the targets moved towards uniform by
 * `smoothing`: (1 − s)·label + s/classes. log-softmax keeps it exact for confident logits.
 */
export function categoricalCrossEntropy(tf: TFModule, logits: TF.Tensor, labels: TF.Tensor, form: LabelInput, smoothing: number): TF.Scalar {
  const classes = logits.shape[1]!;
  const rows = labelRows(tf, labels, classes, form);
  const target = smoothing > 0 ? tf.add(tf.mul(rows, 1 - smoothing), smoothing / classes) : rows;
  return tf.mean(tf.neg(tf.sum(tf.mul(target, tf.logSoftmax(logits)), 1)));
}

export default defineOp({
  role: 'loss',
  type: 'losses.categoricalCrossEntropy',
  category: 'losses',
  version: 1,
  title: 'Categorical Cross-Entropy',
  aliases: ['cce', 'cross entropy', 'softmax cross entropy', 'classification loss', 'nll', 'log loss', 'sparse categorical'],
  docs: {
    summary: 'How surprised a classifier is by the true class: −log of the softmax probability it gave that class.',
    intuition:
      'A classifier gives one score (logit) per class; softmax turns the scores into probabilities that add up to 1. ' +
      'Cross-entropy is −log of the probability given to the true class: 0 when the classifier is sure and right, ' +
      'large when it is sure and wrong. Averaged over the batch, it is what LeNet and every image classifier ' +
      'minimise. It is computed from the logits with log-softmax, which stays exact where log(softmax(x)) would ' +
      'round to log(0). Label smoothing (0.1 is common) asks for 90% certainty instead of 100%, which keeps the ' +
      'logits from growing without end.',
    paper: { title: 'Rethinking the Inception Architecture for Computer Vision (label smoothing)', authors: 'Szegedy et al.', year: 2016, url: 'https://arxiv.org/abs/1512.00567' },
  },
  params: {
    labels: labelInputParam,
    labelSmoothing: {
      kind: 'float', default: 0, min: 0, max: 1, step: 0.05,
      doc: 'Moves each target towards uniform: (1 − s)·label + s/classes. 0: the plain loss.',
    },
  },
  inputs: (p) => [LOGITS_IN, labelsPort(p.labels)],
  outputs: () => [LOSS_OUT],
  inferShape: (inputs, p) => checkLogitsAndLabels(need(inputs, 'logits'), need(inputs, 'labels'), p.labels) ?? lossOut(),
  examples: [
    { inputs: { logits: [4, 10], labels: [4] }, outputs: { loss: [] } },
    { params: { labels: 'one-hot', labelSmoothing: 0.1 }, inputs: { logits: [3, 5], labels: [3, 5] }, outputs: { loss: [] } },
  ],
  run: (inputs, p, { tf }) => ({
    loss: categoricalCrossEntropy(tf, input(inputs, 'logits'), input(inputs, 'labels'), p.labels, p.labelSmoothing),
  }),
  // class ids or one-hot rows, told apart by rank as the labels port's form
  torch: (p, ctx) => pyCall('tl.categorical_cross_entropy', [ctx.input('logits'), ctx.input('labels')], { smoothing: p.labelSmoothing || undefined }),
  emit: (p, ctx) => emitRuntimeCall(ctx, 'categoricalCrossEntropy', inputCode(ctx, 'logits'), inputCode(ctx, 'labels'), p.labels, p.labelSmoothing),
});
