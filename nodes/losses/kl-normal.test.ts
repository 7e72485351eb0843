import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import kl from './kl-normal';
import { codeOf, infer, lossValue } from './test-support';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** KL(N(mu, σ²) ‖ N(0, 1)) for one dimension, from the textbook formula with σ */
const klOne = (mu: number, logvar: number) => {
  const sigma = Math.exp(logvar / 2);
  return Math.log(1 / sigma) + (sigma * sigma + mu * mu) / 2 - 0.5;
};

describe('losses.klNormal', () => {
  it('is zero for the standard normal itself', () => {
    expect(lossValue(tf, kl, { mu: tf.zeros([3, 4]), logvar: tf.zeros([3, 4]) })).toBeCloseTo(0, 7);
  });

  it('matches the closed form, summed over latent dims and averaged over the batch', () => {
    const mu = [[1, -0.5], [0, 2]];
    const logvar = [[0, Math.log(0.25)], [1, -1]];
    const perSample = mu.map((row, i) => row.reduce((s, m, j) => s + klOne(m, logvar[i]![j]!), 0));
    const got = lossValue(tf, kl, { mu: tf.tensor2d(mu), logvar: tf.tensor2d(logvar) });
    expect(got).toBeCloseTo((perSample[0]! + perSample[1]!) / 2, 5);
  });

  it('sums over every latent dim of a convolutional latent', () => {
    const got = lossValue(tf, kl, { mu: tf.ones([2, 2, 2, 3]), logvar: tf.zeros([2, 2, 2, 3]) });
    expect(got).toBeCloseTo(12 * 0.5, 5);
  });

  it('wants mu and logvar of one shape', () => {
    expect(infer(kl, { mu: [16, 8], logvar: [16, 8] })).toEqual({ ok: true, outputs: { loss: [] } });
    expect(codeOf(infer(kl, { mu: [16, 8], logvar: [16, 4] }))).toBe('shape.same');
    expect(codeOf(infer(kl, { mu: [], logvar: [] }))).toBe('shape.rank');
  });
});
