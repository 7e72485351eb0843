// The latent-exploration samplers: Fixed Noise is the same batch at every evaluation and leaves the
// training stream alone; Latent Interpolation's rows start and end exactly at their two random
// points (so their decodes are the decodes of those points); Latent Grid covers the plane in place.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { philoxNormalTensor } from '../../src/runtime/gpu-random/reference';
import fixedNoise from './fixed-noise';
import latentGrid from './latent-grid';
import latentInterpolation from './latent-interpolation';
import { makeEnv, paramsOf, runAndRead } from './test-support';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const rowsOf = (values: Float32Array, width: number) => Array.from({ length: values.length / width }, (_, i) => Array.from(values.subarray(i * width, (i + 1) * width)));

describe('Fixed Noise', () => {
  it('gives the same batch at every evaluation and under every training seed, another for another seed param', () => {
    const p = paramsOf(fixedNoise, { batchSize: 4, shape: [2, 3] });
    const env = makeEnv(tf, 1);
    const first = runAndRead(tf, fixedNoise, {}, p, env).out!;
    expect(first.shape).toEqual([4, 2, 3]);
    expect(runAndRead(tf, fixedNoise, {}, p, env).out!.values).toEqual(first.values);
    expect(runAndRead(tf, fixedNoise, {}, p, makeEnv(tf, 99)).out!.values).toEqual(first.values);
    expect(runAndRead(tf, fixedNoise, {}, paramsOf(fixedNoise, { batchSize: 4, shape: [2, 3], seed: 2 }), env).out!.values).not.toEqual(first.values);
  });

  it('draws nothing from the training stream, so adding it changes no other draw', () => {
    const env = makeEnv(tf, 5);
    runAndRead(tf, fixedNoise, {}, paramsOf(fixedNoise, { batchSize: 8, shape: [4] }), env);
    expect(env.rng.seed()).toBe(makeEnv(tf, 5).rng.seed());
  });
});

describe('Latent Interpolation', () => {
  const steps = 5, d = 6, seed = 3;
  const ends = () => ({
    a: rowsOf(philoxNormalTensor(tf, [steps, d], seed, 0).dataSync() as Float32Array, d),
    b: rowsOf(philoxNormalTensor(tf, [steps, d], seed, steps * d).dataSync() as Float32Array, d),
  });

  it.each(['spherical', 'linear'] as const)('%s: every row starts at a_r and ends at b_r exactly, and their decodes are those of a_r and b_r', (path) => {
    const r = runAndRead(tf, latentInterpolation, {}, paramsOf(latentInterpolation, { steps, shape: [d], seed, path }), makeEnv(tf, 1)).out!;
    expect(r.shape).toEqual([steps * steps, d]);
    const points = rowsOf(r.values, d);
    const { a, b } = ends();
    for (let row = 0; row < steps; row++) {
      expect(points[row * steps]).toEqual(a[row]);
      expect(points[row * steps + steps - 1]).toEqual(b[row]);
    }
    // a decoder (any function of the point) of the ends equals the decodes of a_r and b_r
    const decoder = tf.sequential({ layers: [tf.layers.dense({ units: 3, inputShape: [d], activation: 'tanh' })] });
    const decode = (xs: number[][]) => Array.from((decoder.predict(tf.tensor2d(xs)) as tf.Tensor).dataSync());
    expect(decode([points[0]!, points[steps - 1]!])).toEqual(decode([a[0]!, b[0]!]));
  });

  it('spherical keeps the length between the ends, linear passes through the midpoint', () => {
    const norm = (v: number[]) => Math.hypot(...v);
    const { a, b } = ends();
    const sph = rowsOf(runAndRead(tf, latentInterpolation, {}, paramsOf(latentInterpolation, { steps, shape: [d], seed }), makeEnv(tf, 1)).out!.values, d);
    const lin = rowsOf(runAndRead(tf, latentInterpolation, {}, paramsOf(latentInterpolation, { steps, shape: [d], seed, path: 'linear' }), makeEnv(tf, 1)).out!.values, d);
    const mid = (steps - 1) / 2;
    for (let row = 0; row < steps; row++) {
      const [na, nb] = [norm(a[row]!), norm(b[row]!)];
      // the great circle's midpoint: (a + b) / (2 cos(Ω/2)), longer than the chord's
      expect(norm(sph[row * steps + mid]!)).toBeGreaterThan(norm(lin[row * steps + mid]!));
      expect(Math.min(na, nb) * 0.99).toBeLessThan(norm(sph[row * steps + mid]!));
      lin[row * steps + mid]!.forEach((v, i) => expect(v).toBeCloseTo((a[row]![i]! + b[row]![i]!) / 2, 5));
    }
  });

  it('images: a shape of several dims comes back in it, row after row', () => {
    const r = runAndRead(tf, latentInterpolation, {}, paramsOf(latentInterpolation, { steps: 3, shape: [2, 2, 1] }), makeEnv(tf, 1)).out!;
    expect(r.shape).toEqual([9, 2, 2, 1]);
  });
});

describe('Latent Grid', () => {
  it('covers [-extent, extent]^2 row by row from the top: x to the right, y upwards', () => {
    const r = runAndRead(tf, latentGrid, {}, paramsOf(latentGrid, { side: 3, extent: 2 }), makeEnv(tf, 1)).out!;
    expect(r.shape).toEqual([9, 2]);
    expect(rowsOf(r.values, 2)).toEqual([[-2, 2], [0, 2], [2, 2], [-2, 0], [0, 0], [2, 0], [-2, -2], [0, -2], [2, -2]]);
  });
});
