import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { OpNodeSpec, Shape } from '../spec';
import gaussian from './gaussian';
import reparameterize from './reparameterize';
import { makeEnv, paramsOf, runAndRead } from './test-support';
import uniform from './uniform';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const stats = (v: Float32Array) => {
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  return { mean, variance: v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length };
};
const inferred = (r: ReturnType<typeof gaussian.inferShape>, port: string): Shape | undefined => (r.ok ? r.outputs[port] : undefined);

describe.each([
  ['gaussian', gaussian as OpNodeSpec],
  ['uniform', uniform as OpNodeSpec],
])('samplers.%s', (_name, spec) => {
  it.each([
    { batchSize: 1, shape: [3] },
    { batchSize: 5, shape: [4, 4, 2] },
    { batchSize: 7, shape: [2, 3, 1, 2] },
  ])('inferShape agrees with run for %j', (stored) => {
    const p = paramsOf(spec, stored);
    const r = runAndRead(tf, spec, {}, p, makeEnv(tf, 1));
    expect(inferred(spec.inferShape({}, p, { models: {} }), 'out')).toEqual(r.out?.shape);
  });

  it('repeats with the same seed and differs with another', () => {
    const p = paramsOf(spec, { batchSize: 4, shape: [8] });
    const a = runAndRead(tf, spec, {}, p, makeEnv(tf, 7)).out?.values;
    const b = runAndRead(tf, spec, {}, p, makeEnv(tf, 7)).out?.values;
    const c = runAndRead(tf, spec, {}, p, makeEnv(tf, 8)).out?.values;
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('draws fresh values on every evaluation of one stream', () => {
    const p = paramsOf(spec, { batchSize: 4, shape: [8] });
    const env = makeEnv(tf, 7);
    expect(runAndRead(tf, spec, {}, p, env).out?.values).not.toEqual(runAndRead(tf, spec, {}, p, env).out?.values);
  });
});

describe('noise statistics', () => {
  it('gaussian has the requested mean and std', () => {
    const p = paramsOf(gaussian, { batchSize: 1000, shape: [50], mean: 3, std: 0.5 });
    const s = stats(runAndRead(tf, gaussian, {}, p, makeEnv(tf, 2)).out!.values);
    expect(Math.abs(s.mean - 3)).toBeLessThan(0.01); // standard error 0.5 / sqrt(50000) ~ 0.0022
    expect(Math.abs(s.variance - 0.25)).toBeLessThan(0.01);
  });

  it('uniform stays in [low, high) with the right mean', () => {
    const p = paramsOf(uniform, { batchSize: 1000, shape: [50], low: -2, high: 4 });
    const v = runAndRead(tf, uniform, {}, p, makeEnv(tf, 2)).out!.values;
    expect(Math.min(...v)).toBeGreaterThanOrEqual(-2);
    expect(Math.max(...v)).toBeLessThan(4);
    expect(Math.abs(stats(v).mean - 1)).toBeLessThan(0.05); // standard error 6 / sqrt(12 * 50000) ~ 0.008
  });

  it('uniform says what to do when low is not below high', () => {
    const r = uniform.inferShape({}, paramsOf(uniform, { low: 1, high: 1 }), { models: {} });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issue).toMatchObject({ code: 'param.invalid', args: { param: 'high' } });
  });
});

describe('samplers.reparameterize', () => {
  it('z has mean mu and variance exp(logvar), per element', () => {
    const n = 20000;
    // column 0: mu 2, var 0.25; column 1: mu -1, var 4
    const mu = tf.tensor2d(Array.from({ length: n }, () => [2, -1]));
    const logvar = tf.tensor2d(Array.from({ length: n }, () => [Math.log(0.25), Math.log(4)]));
    const z = runAndRead(tf, reparameterize, { mu, logvar }, paramsOf(reparameterize), makeEnv(tf, 5)).z!;
    expect(z.shape).toEqual([n, 2]);
    const col = (j: number) => z.values.filter((_, i) => i % 2 === j);
    const [s0, s1] = [stats(col(0)), stats(col(1))];
    // standard errors: 0.5 / sqrt(n) ~ 0.0035 and 2 / sqrt(n) ~ 0.014; variance within ~5 standard errors
    expect(Math.abs(s0.mean - 2)).toBeLessThan(0.02);
    expect(Math.abs(s1.mean + 1)).toBeLessThan(0.07);
    expect(Math.abs(s0.variance - 0.25)).toBeLessThan(0.015);
    expect(Math.abs(s1.variance - 4)).toBeLessThan(0.25);
    tf.dispose([mu, logvar]);
  });

  it('lets gradients reach mu and logvar (that is the trick)', () => {
    const mu = tf.tensor2d([[0.5, -0.5]]);
    const logvar = tf.tensor2d([[0, 0]]);
    const env = makeEnv(tf, 3);
    const grads = tf.grads((m: tf.Tensor, l: tf.Tensor) => tf.sum(reparameterize.run({ mu: m, logvar: l }, paramsOf(reparameterize), env).z!))([mu, logvar]);
    expect(Array.from(grads[0]!.dataSync())).toEqual([1, 1]);
    // d z / d logvar = eps * exp(logvar / 2) / 2: nonzero for Gaussian eps
    expect(Array.from(grads[1]!.dataSync()).every((g) => g !== 0 && Number.isFinite(g))).toBe(true);
    tf.dispose([mu, logvar, ...grads]);
  });

  it.each<[Shape, Shape, Shape]>([
    [[8, 16], [8, 16], [8, 16]],
    [[null, 4, 4, 2], [null, 4, 4, 2], [null, 4, 4, 2]],
    [[null, 32], [8, 32], [8, 32]],
  ])('inferShape(%j, %j) = %j, and run agrees', (mu, logvar, z) => {
    const r = reparameterize.inferShape({ mu, logvar }, paramsOf(reparameterize), { models: {} });
    expect(inferred(r, 'z')).toEqual(z);
    const concrete = z.map((d) => d ?? 3);
    const got = runAndRead(tf, reparameterize, { mu: tf.zeros(concrete), logvar: tf.zeros(concrete) }, paramsOf(reparameterize), makeEnv(tf, 1));
    expect(got.z?.shape).toEqual(concrete);
  });

  it('names the mismatch when mu and logvar differ', () => {
    const diff = reparameterize.inferShape({ mu: [null, 16], logvar: [null, 8] }, paramsOf(reparameterize), { models: {} });
    expect(diff).toMatchObject({ ok: false, port: 'logvar', issue: { code: 'shape.same' } });
    const batch = reparameterize.inferShape({ mu: [4, 16], logvar: [8, 16] }, paramsOf(reparameterize), { models: {} });
    expect(batch).toMatchObject({ ok: false, issue: { code: 'shape.batch', args: { batchA: 4, batchB: 8 } } });
  });
});
