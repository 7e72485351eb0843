import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { codeOf, infer, makeEnv, paramsOf } from '../losses/test-support';
import accuracy from './accuracy';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Runs Accuracy inside tf.tidy and reads its scalar back (with its shape and dtype). */
function accuracyOf(logits: tf.Tensor, labels: tf.Tensor, stored: Record<string, unknown> = {}) {
  const p = paramsOf(accuracy, stored);
  const out = tf.tidy(() => accuracy.run({ logits, labels }, p, makeEnv(tf)).out!);
  const read = { value: out.dataSync()[0], shape: out.shape, dtype: out.dtype };
  out.dispose();
  return read;
}

describe('metrics.accuracy', () => {
  // top-1 guesses: 2, 0, 1, 3, 1 (each row's largest logit)
  const logits = () => tf.tensor2d([
    [0.1, 0.2, 3, -1],
    [5, 4.9, 0, 0],
    [-2, -1, -3, -4],
    [0, 0, 0, 0.01],
    [1, 2, 1.5, 0],
  ]);
  const ids = [2, 0, 2, 3, 0]; // right, right, wrong (guess 1), right, wrong (guess 1)
  const rows = (xs: number[]) => tf.tensor2d(xs.map((id) => [0, 1, 2, 3].map((c) => (c === id ? 1 : 0))));

  it('is the fraction of rows whose largest logit is at the true class id', () => {
    expect(accuracyOf(logits(), tf.tensor1d(ids, 'int32'))).toEqual({ value: Math.fround(3 / 5), shape: [], dtype: 'float32' });
    expect(accuracyOf(logits(), tf.tensor1d([2, 0, 1, 3, 1], 'int32')).value).toBe(1);
    expect(accuracyOf(logits(), tf.tensor1d([0, 1, 0, 0, 3], 'int32')).value).toBe(0);
    expect(accuracyOf(logits(), tf.tensor1d([2, 1, 1, 0, 2], 'int32')).value).toBeCloseTo(2 / 5, 6);
  });

  it('gives the same from one-hot rows', () => {
    expect(accuracyOf(logits(), rows(ids), { labels: 'one-hot' }).value).toBeCloseTo(3 / 5, 6);
    expect(accuracyOf(logits(), rows([2, 0, 1, 3, 1]), { labels: 'one-hot' }).value).toBe(1);
    // a soft row counts for the class of its largest value
    const soft = tf.tensor2d([[0.1, 0.1, 0.7, 0.1], [0.2, 0.6, 0.1, 0.1], [0.3, 0.4, 0.2, 0.1], [0, 0, 0.4, 0.6], [0.5, 0.2, 0.2, 0.1]]);
    expect(accuracyOf(logits(), soft, { labels: 'one-hot' }).value).toBeCloseTo(3 / 5, 6);
  });

  it('infers a scalar and refuses labels of the wrong shape with shape.labels at the labels port', () => {
    expect(infer(accuracy, { logits: [5, 4], labels: [5] })).toEqual({ ok: true, outputs: { out: [] } });
    expect(infer(accuracy, { logits: [5, 4], labels: [5, 4] }, { labels: 'one-hot' })).toEqual({ ok: true, outputs: { out: [] } });
    const cases: [Record<string, unknown>, number[], string, string][] = [
      [{}, [5, 4], '[5]', '[5, 4]'],
      [{}, [3], '[5]', '[3]'],
      [{ labels: 'one-hot' }, [5], '[5, 4]', '[5]'],
      [{ labels: 'one-hot' }, [5, 3], '[5, 4]', '[5, 3]'],
    ];
    for (const [stored, labels, expected, got] of cases) {
      const r = infer(accuracy, { logits: [5, 4], labels }, stored);
      expect(r.ok, JSON.stringify(labels)).toBe(false);
      if (r.ok) continue;
      expect(r.port).toBe('labels');
      expect(r.issue.code).toBe('shape.labels');
      expect(r.issue.args).toMatchObject({ expected, got });
    }
    expect(codeOf(infer(accuracy, { logits: [5], labels: [5] }))).toBe('shape.rank');
  });
});
