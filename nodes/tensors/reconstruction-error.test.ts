// Reconstruction Error: one number per example, the sum over its pixels of BCE on logits (the
// negative log-likelihood in nats) or of squared differences; shapes that do not match are refused.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeEnv, paramsOf, runAndRead } from '../samplers/test-support';
import spec from './reconstruction-error';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const logits = [[2, -1, 0, 3], [-4, 0.5, 1, -2]];
const pixels = [[1, 0, 0.5, 1], [0, 1, 1, 0]];
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const bce = (x: number, z: number) => -(z * Math.log(sigmoid(x)) + (1 - z) * Math.log(1 - sigmoid(x)));

function run(likelihood: 'bernoulli' | 'squared', shape: number[]) {
  const inputs = { reconstruction: tf.tensor(logits.flat(), shape), target: tf.tensor(pixels.flat(), shape) };
  return runAndRead(tf, spec, inputs, paramsOf(spec, { likelihood }), makeEnv(tf, 1)).error!;
}

describe('Reconstruction Error', () => {
  it('bernoulli: the BCE of the logits against the pixels, summed per example', () => {
    const r = run('bernoulli', [2, 2, 2, 1]);
    expect(r.shape).toEqual([2]);
    logits.forEach((row, i) => expect(r.values[i]).toBeCloseTo(row.reduce((s, x, j) => s + bce(x, pixels[i]![j]!), 0), 5));
  });

  it('squared: the sum of squared differences per example', () => {
    const r = run('squared', [2, 4]);
    logits.forEach((row, i) => expect(r.values[i]).toBeCloseTo(row.reduce((s, x, j) => s + (x - pixels[i]![j]!) ** 2, 0), 5));
  });

  it('refuses a target of another shape, and a batch of scalars', () => {
    const p = paramsOf(spec, {});
    const bad = spec.inferShape({ reconstruction: [null, 28, 28, 1], target: [null, 784] }, p, { models: {} });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.port).toBe('target');
    expect(spec.inferShape({ reconstruction: [null], target: [null] }, p, { models: {} }).ok).toBe(false);
    expect(spec.inferShape({ reconstruction: [null, 28, 28, 1], target: [8, 28, 28, 1] }, p, { models: {} })).toEqual({ ok: true, outputs: { error: [8] } });
  });
});
