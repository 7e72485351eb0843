import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import featureMatching from './feature-matching';
import hinge from './hinge';
import { codeOf, infer, lossValue } from './test-support';
import wasserstein from './wasserstein';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const scores = () => tf.tensor2d([[2], [0.5], [-1], [-3]]);

describe('losses.hinge', () => {
  it('real: mean(relu(1 − d))', () => {
    expect(lossValue(tf, hinge, { logits: scores() }, { mode: 'real' })).toBeCloseTo((0 + 0.5 + 2 + 4) / 4, 6);
  });
  it('fake: mean(relu(1 + d))', () => {
    expect(lossValue(tf, hinge, { logits: scores() }, { mode: 'fake' })).toBeCloseTo((3 + 1.5 + 0 + 0) / 4, 6);
  });
  it('generator: −mean(d)', () => {
    expect(lossValue(tf, hinge, { logits: scores() }, { mode: 'generator' })).toBeCloseTo(0.375, 6);
  });
  it('needs batched scores', () => {
    expect(infer(hinge, { logits: [8, 1] }).ok).toBe(true);
    expect(codeOf(infer(hinge, { logits: [] }))).toBe('shape.rank');
  });
});

describe('losses.wasserstein', () => {
  it('real minimises −mean, fake minimises +mean', () => {
    expect(lossValue(tf, wasserstein, { critic: scores() }, { sign: 'real' })).toBeCloseTo(0.375, 6);
    expect(lossValue(tf, wasserstein, { critic: scores() }, { sign: 'fake' })).toBeCloseTo(-0.375, 6);
  });
  it('needs batched scores', () => {
    expect(codeOf(infer(wasserstein, { critic: [] }))).toBe('shape.rank');
  });
});

describe('losses.featureMatching', () => {
  const a = () => tf.tensor2d([[1, 2], [3, 4]]);
  const b = () => tf.tensor2d([[3, 4], [1, 2]]);

  it('perSample: MSE between paired samples', () => {
    expect(lossValue(tf, featureMatching, { a: a(), b: b() })).toBeCloseTo(4, 6);
  });

  it('batchMean: MSE between batch averages (here equal, so zero)', () => {
    expect(lossValue(tf, featureMatching, { a: a(), b: b() }, { match: 'batchMean' })).toBeCloseTo(0, 6);
    // means [2, 3] and [0, 0.5] → ((4 + 6.25) / 2)
    const c = tf.tensor2d([[0, 0], [0, 1], [0, 0.5]]);
    expect(lossValue(tf, featureMatching, { a: a(), b: c }, { match: 'batchMean' })).toBeCloseTo(5.125, 6);
  });

  it('perSample needs one shape; batchMean allows different batch sizes', () => {
    expect(infer(featureMatching, { a: [8, 4, 4, 16], b: [8, 4, 4, 16] }).ok).toBe(true);
    expect(codeOf(infer(featureMatching, { a: [8, 16], b: [4, 16] }))).toBe('shape.batch');
    expect(infer(featureMatching, { a: [8, 16], b: [4, 16] }, { match: 'batchMean' }).ok).toBe(true);
    expect(codeOf(infer(featureMatching, { a: [8, 16], b: [8, 32] }, { match: 'batchMean' }))).toBe('shape.same');
  });
});
