import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import bce from './bce-logits';
import { codeOf, infer, lossValue, makeEnv, paramsOf } from './test-support';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
/** the textbook definition, fine for moderate logits */
const naive = (x: number, z: number) => -(z * Math.log(sigmoid(x)) + (1 - z) * Math.log(1 - sigmoid(x)));
const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;

describe('losses.bceLogits', () => {
  const xs = [0, 2, -3, 0.5];
  const logits = () => tf.tensor2d(xs, [4, 1]);

  it('matches the textbook BCE for targets ones and zeros', () => {
    expect(lossValue(tf, bce, { logits: logits() }, { target: 'ones' })).toBeCloseTo(mean(xs.map((x) => naive(x, 1))), 5);
    expect(lossValue(tf, bce, { logits: logits() }, { target: 'zeros' })).toBeCloseTo(mean(xs.map((x) => naive(x, 0))), 5);
    expect(lossValue(tf, bce, { logits: tf.tensor2d([[0]]) })).toBeCloseTo(Math.log(2), 6);
  });

  it('takes targets from the target port', () => {
    const zs = [0.25, 1, 0, 0.5];
    const got = lossValue(tf, bce, { logits: logits(), target: tf.tensor2d(zs, [4, 1]) }, { target: 'input' });
    expect(got).toBeCloseTo(mean(xs.map((x, i) => naive(x, zs[i]!))), 5);
  });

  it('stays exact and finite for very large logits', () => {
    const big = tf.tensor1d([100, -100, 80]);
    // z = 1: softplus(-x) = [~0, 100, ~0]
    expect(lossValue(tf, bce, { logits: big }, { target: 'ones' })).toBeCloseTo(100 / 3, 4);
    // z = 0: softplus(x) = [100, ~0, 80]
    expect(lossValue(tf, bce, { logits: big }, { target: 'zeros' })).toBeCloseTo(60, 4);
  });

  it('smooths labels towards 0.5: s = 0.2 turns 1 into 0.9', () => {
    const got = lossValue(tf, bce, { logits: logits() }, { target: 'ones', labelSmoothing: 0.2 });
    expect(got).toBeCloseTo(mean(xs.map((x) => naive(x, 0.9))), 5);
    const zeros = lossValue(tf, bce, { logits: logits() }, { target: 'zeros', labelSmoothing: 0.2 });
    expect(zeros).toBeCloseTo(mean(xs.map((x) => naive(x, 0.1))), 5);
  });

  it('sumPerSample adds each sample\'s values, then averages over the batch', () => {
    const x = tf.tensor2d([[0, 0, 0], [1, 2, 3]]);
    const perSample = [3 * Math.log(2), naive(1, 1) + naive(2, 1) + naive(3, 1)];
    expect(lossValue(tf, bce, { logits: x }, { reduction: 'sumPerSample' })).toBeCloseTo(mean(perSample), 5);
    expect(lossValue(tf, bce, { logits: x }, { reduction: 'mean' })).toBeCloseTo(mean(perSample) / 3, 5);
  });

  it('has the gradient sigmoid(x) − z, also at x = 0', () => {
    const p = paramsOf(bce, { target: 'ones' });
    const x = tf.tensor1d([0, 3, -2]);
    const g = tf.grad((t: tf.Tensor) => bce.run({ logits: t }, p, makeEnv(tf)).loss!)(x);
    const expected = [0, 3, -2].map((v) => (sigmoid(v) - 1) / 3);
    Array.from(g.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 6));
  });

  it('infers a scalar and reports bad inputs with codes', () => {
    expect(infer(bce, { logits: [8, 1] })).toEqual({ ok: true, outputs: { loss: [] } });
    expect(codeOf(infer(bce, { logits: [] }))).toBe('shape.rank');
    expect(codeOf(infer(bce, { logits: [8, 1], target: [8, 2] }, { target: 'input' }))).toBe('shape.same');
    expect(codeOf(infer(bce, { logits: [8, 1], target: [4, 1] }, { target: 'input' }))).toBe('shape.batch');
    expect(infer(bce, { logits: [8, 1], target: [8, 1] }, { target: 'input' }).ok).toBe(true);
  });

  it('shows a target port only when targets come from the graph', () => {
    const names = (target: string) => bce.inputs(paramsOf(bce, { target }), { models: {} }).map((p) => p.name);
    expect(names('ones')).toEqual(['logits']);
    expect(names('input')).toEqual(['logits', 'target']);
  });
});
