import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import cce from './categorical-cross-entropy';
import { codeOf, infer, lossValue, makeEnv, paramsOf } from './test-support';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** log Σ_j e^{x_j}, computed the stable way (shifted by the largest x). */
const logSumExp = (xs: number[]) => {
  const m = Math.max(...xs);
  return m + Math.log(xs.reduce((a, x) => a + Math.exp(x - m), 0));
};
const softmax = (xs: number[]) => xs.map((x) => Math.exp(x - logSumExp(xs)));
const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
/** −Σ_c t_c log softmax(x)_c = Σ_c t_c (lse(x) − x_c) for one sample */
const crossEntropy = (xs: number[], target: number[]) => target.reduce((a, t, c) => a + t * (logSumExp(xs) - xs[c]!), 0);
const oneHot = (id: number, classes: number) => Array.from({ length: classes }, (_, c) => (c === id ? 1 : 0));

describe('losses.categoricalCrossEntropy', () => {
  const rows = [
    [1, 2, 3],
    [0, -1, 0.5],
    [2, 2, -2],
    [0.25, -0.5, 4],
  ];
  const ids = [2, 0, 1, 1];
  const logits = () => tf.tensor2d(rows);
  // −log softmax at the true class: lse(x) − x_label
  const byHand = mean(rows.map((x, i) => logSumExp(x) - x[ids[i]!]!));

  it('is the mean of lse(logits) − logit of the true class, from class ids', () => {
    // a sanity check of the hand formula on one row: −log(e^3 / (e + e^2 + e^3))
    expect(logSumExp(rows[0]!) - 3).toBeCloseTo(-Math.log(Math.exp(3) / (Math.E + Math.exp(2) + Math.exp(3))), 12);
    const got = lossValue(tf, cce, { logits: logits(), labels: tf.tensor1d(ids, 'int32') });
    expect(got).toBeCloseTo(byHand, 5);
    // equal logits: every class has probability 1/3
    expect(lossValue(tf, cce, { logits: tf.zeros([2, 3]), labels: tf.tensor1d([0, 2], 'int32') })).toBeCloseTo(Math.log(3), 6);
  });

  it('gives the same value from one-hot rows', () => {
    const labels = tf.tensor2d(ids.map((id) => oneHot(id, 3)));
    const got = lossValue(tf, cce, { logits: logits(), labels }, { labels: 'one-hot' });
    expect(got).toBeCloseTo(byHand, 5);
    expect(got).toBe(lossValue(tf, cce, { logits: logits(), labels: tf.tensor1d(ids, 'int32') }));
  });

  it('takes soft rows as they are in one-hot form', () => {
    const soft = [[0.5, 0.5, 0], [0.2, 0.3, 0.5], [0, 0, 1], [1, 0, 0]];
    const got = lossValue(tf, cce, { logits: logits(), labels: tf.tensor2d(soft) }, { labels: 'one-hot' });
    expect(got).toBeCloseTo(mean(rows.map((x, i) => crossEntropy(x, soft[i]!))), 5);
  });

  it('smooths labels towards uniform: s = 0.3 over 3 classes asks for 0.8 at the class, 0.1 elsewhere', () => {
    const s = 0.3;
    const target = (id: number) => oneHot(id, 3).map((v) => (1 - s) * v + s / 3);
    expect(target(1)).toEqual([0.1, 0.8, 0.1].map((v) => expect.closeTo(v, 12)));
    const expected = mean(rows.map((x, i) => crossEntropy(x, target(ids[i]!))));
    expect(expected).not.toBeCloseTo(byHand, 2);
    const fromIds = lossValue(tf, cce, { logits: logits(), labels: tf.tensor1d(ids, 'int32') }, { labelSmoothing: s });
    expect(fromIds).toBeCloseTo(expected, 5);
    const fromRows = lossValue(tf, cce, { logits: logits(), labels: tf.tensor2d(ids.map((id) => oneHot(id, 3))) }, { labels: 'one-hot', labelSmoothing: s });
    expect(fromRows).toBeCloseTo(expected, 5);
    // s = 1: the target is uniform whatever the label, the loss lse(x) − mean(x)
    const uniform = lossValue(tf, cce, { logits: logits(), labels: tf.tensor1d(ids, 'int32') }, { labelSmoothing: 1 });
    expect(uniform).toBeCloseTo(mean(rows.map((x) => logSumExp(x) - mean(x))), 5);
  });

  it('stays finite and exact for very confident logits', () => {
    const confident = () => tf.tensor2d([[1000, 0], [0, 1000], [-1000, 1000]]);
    // right and sure: 0; wrong and sure: 1000 (log(softmax) would give log(0) = −Infinity)
    const right = lossValue(tf, cce, { logits: confident(), labels: tf.tensor1d([0, 1, 1], 'int32') });
    expect(right).toBe(0);
    const wrong = lossValue(tf, cce, { logits: confident(), labels: tf.tensor1d([1, 0, 0], 'int32') });
    expect(Number.isFinite(wrong)).toBe(true);
    expect(wrong).toBeCloseTo((1000 + 1000 + 2000) / 3, 3);
    // the naive formula overflows where this does not
    expect(Math.log(softmax([1000, 0])[1]!)).toBe(-Infinity);
    // and with smoothing: s/2 of the target on the wrong class costs 1000 · s/2 per sample
    const smoothed = lossValue(tf, cce, { logits: tf.tensor2d([[1000, 0]]), labels: tf.tensor1d([0], 'int32') }, { labelSmoothing: 0.1 });
    expect(smoothed).toBeCloseTo(1000 * 0.05, 3);
  });

  it('has the gradient (softmax(logits) − target) / batch', () => {
    const check = (form: 'class ids' | 'one-hot', smoothing: number) => {
      const p = paramsOf(cce, { labels: form, labelSmoothing: smoothing });
      const labels = form === 'class ids' ? tf.tensor1d(ids, 'int32') : tf.tensor2d(ids.map((id) => oneHot(id, 3)));
      const g = tf.grad((x: tf.Tensor) => cce.run({ logits: x, labels }, p, makeEnv(tf)).loss!)(logits());
      expect(g.shape).toEqual([4, 3]);
      const got = g.arraySync() as number[][];
      rows.forEach((x, i) => {
        const target = oneHot(ids[i]!, 3).map((v) => (1 - smoothing) * v + smoothing / 3);
        const expected = softmax(x).map((q, c) => (q - target[c]!) / rows.length);
        got[i]!.forEach((v, c) => expect(v).toBeCloseTo(expected[c]!, 6));
      });
    };
    check('class ids', 0);
    check('one-hot', 0);
    check('class ids', 0.2);
    // the gradient of a very confident, wrong row is −1/batch at the true class, +1/batch at the guess
    const p = paramsOf(cce);
    const g = tf.grad((x: tf.Tensor) => cce.run({ logits: x, labels: tf.tensor1d([1], 'int32') }, p, makeEnv(tf)).loss!)(tf.tensor2d([[1000, 0]]));
    expect(Array.from(g.dataSync())).toEqual([1, -1]);
  });

  it('infers a scalar and refuses labels that do not fit the logits', () => {
    expect(infer(cce, { logits: [8, 10], labels: [8] })).toEqual({ ok: true, outputs: { loss: [] } });
    expect(infer(cce, { logits: [8, 10], labels: [8, 10] }, { labels: 'one-hot' })).toEqual({ ok: true, outputs: { loss: [] } });
    expect(codeOf(infer(cce, { logits: [8, 10], labels: [8, 10] }))).toBe('shape.labels');
    expect(codeOf(infer(cce, { logits: [8, 10], labels: [4] }))).toBe('shape.labels');
    expect(codeOf(infer(cce, { logits: [8, 10], labels: [8] }, { labels: 'one-hot' }))).toBe('shape.labels');
    expect(codeOf(infer(cce, { logits: [8, 10], labels: [8, 9] }, { labels: 'one-hot' }))).toBe('shape.labels');
    expect(codeOf(infer(cce, { logits: [8, 2, 5], labels: [8] }))).toBe('shape.rank');
  });

  it('asks for int32 ids or float32 rows at its labels port, as the Labels param says', () => {
    const labels = (form: string) => cce.inputs(paramsOf(cce, { labels: form }), { models: {} }).find((q) => q.name === 'labels');
    expect(labels('class ids')?.dtype).toBe('int32');
    expect(labels('one-hot')?.dtype ?? 'float32').toBe('float32');
  });
});
