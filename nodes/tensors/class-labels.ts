// Shared by the nodes that take class labels (categorical cross-entropy, Accuracy): labels come as
// int32 class ids [batch] or as float32 rows [batch, classes] (one-hot or soft), chosen by a param.
import type * as TF from '@tensorflow/tfjs';
import { issue, showShape } from '../../src/messages';
import { expectRank } from '../shape-utils';
import type { InputPortSpec, Shape, ShapeResult, TFModule } from '../spec';

export const LABEL_INPUTS = ['class ids', 'one-hot'] as const;
export type LabelInput = (typeof LABEL_INPUTS)[number];

export const labelInputParam = {
  kind: 'enum',
  options: LABEL_INPUTS,
  default: 'class ids',
  doc: '"class ids": one int32 id per sample [batch] (a data node\'s labels, a Categorical sampler). "one-hot": a float32 row per sample [batch, classes].',
} as const;

export const LOGITS_IN: InputPortSpec = { name: 'logits', kind: 'tensor', doc: 'raw class scores before the softmax [batch, classes]' };

export function labelsPort(form: LabelInput): InputPortSpec {
  return form === 'class ids'
    ? { name: 'labels', kind: 'tensor', dtype: 'int32', doc: 'the true class of each sample [batch], int32 ids' }
    : { name: 'labels', kind: 'tensor', doc: 'the true class of each sample as a row [batch, classes], float32' };
}

/** Logits [batch, classes] and labels that fit them; null when they do. */
export function checkLogitsAndLabels(logits: Shape, labels: Shape, form: LabelInput): ShapeResult | null {
  const bad = expectRank('logits', logits, 2, '[batch, classes]', 'Flatten the scores first, one row of class scores per sample.');
  if (bad) return bad;
  const want = form === 'class ids' ? [logits[0] ?? null] : logits;
  const fits = labels.length === want.length && labels.every((d, i) => d === null || want[i] === null || d === want[i]);
  if (fits) return null;
  const hint = form === 'class ids'
    ? 'Class ids are one number per sample; for one-hot rows set Labels to "one-hot".'
    : 'One-hot rows have one column per class, as the logits do; for class ids set Labels to "class ids".';
  return { ok: false, port: 'labels', issue: issue('shape.labels', { expected: showShape(want), got: showShape(labels), hint }) };
}

/** Labels as float32 rows [batch, classes], whatever form they came in. */
export function labelRows(tf: TFModule, labels: TF.Tensor, classes: number, form: LabelInput): TF.Tensor2D {
  return (form === 'class ids' ? tf.oneHot(tf.cast(labels, 'int32') as TF.Tensor1D, classes).toFloat() : labels) as TF.Tensor2D;
}

/** Labels as int32 class ids [batch]: one-hot rows give the column of their largest value. */
export function labelIds(tf: TFModule, labels: TF.Tensor, form: LabelInput): TF.Tensor1D {
  return (form === 'class ids' ? tf.cast(labels, 'int32') : tf.argMax(labels, 1)) as TF.Tensor1D;
}
