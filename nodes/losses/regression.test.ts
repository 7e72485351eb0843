import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import mae from './mae';
import mse from './mse';
import { codeOf, infer, lossValue } from './test-support';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// pred − target = [[1, -2], [0, 3]]
const pair = () => ({ pred: tf.tensor2d([[1, 0], [2, 5]]), target: tf.tensor2d([[0, 2], [2, 2]]) });

describe('losses.mse and losses.mae', () => {
  it('mse: mean of squares, or per-sample sums averaged over the batch', () => {
    expect(lossValue(tf, mse, pair())).toBeCloseTo((1 + 4 + 0 + 9) / 4, 6);
    expect(lossValue(tf, mse, pair(), { reduction: 'sumPerSample' })).toBeCloseTo((5 + 9) / 2, 6);
  });

  it('mae: mean of absolute values, or per-sample sums averaged over the batch', () => {
    expect(lossValue(tf, mae, pair())).toBeCloseTo((1 + 2 + 0 + 3) / 4, 6);
    expect(lossValue(tf, mae, pair(), { reduction: 'sumPerSample' })).toBeCloseTo((3 + 3) / 2, 6);
  });

  it('sums over every non-batch dim of images', () => {
    const pred = tf.ones([2, 3, 3, 1]);
    const target = tf.zeros([2, 3, 3, 1]);
    expect(lossValue(tf, mse, { pred, target }, { reduction: 'sumPerSample' })).toBeCloseTo(9, 6);
    expect(lossValue(tf, mse, { pred, target })).toBeCloseTo(1, 6);
  });

  it.each([mse, mae])('$type: shapes must match', (spec) => {
    expect(infer(spec, { pred: [4, 28, 28, 1], target: [4, 28, 28, 1] })).toEqual({ ok: true, outputs: { loss: [] } });
    expect(codeOf(infer(spec, { pred: [4, 10], target: [4, 12] }))).toBe('shape.same');
    expect(codeOf(infer(spec, { pred: [4, 10], target: [4, 10, 1] }))).toBe('shape.same');
    expect(codeOf(infer(spec, { pred: [4, 10], target: [8, 10] }))).toBe('shape.batch');
    expect(codeOf(infer(spec, { pred: [], target: [] }))).toBe('shape.rank');
  });
});
