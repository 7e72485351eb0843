import type * as TF from '@tensorflow/tfjs';
import { philoxNormalTensor } from '../../src/runtime/gpu-random/reference';
import { emitRuntimeCall } from '../op-emit';
import { defineOp, fixedPorts, type TFModule } from '../spec';
import { out } from '../shape-utils';
import { py, pyCall } from '../torch-emit';

export const INTERPOLATION_PATHS = ['spherical', 'linear'] as const;
export type InterpolationPath = (typeof INTERPOLATION_PATHS)[number];

/**
 * `steps` rows of `steps` points: row r walks from a_r to b_r, two N(0, I) points drawn from `seed`
 * alone. Spherical paths keep the norm a Gaussian latent usually has (a straight line passes near
 * the origin, where a generator has seen few points). The first and last point of each row are
 * a_r and b_r exactly.
 */
export function latentInterpolation(tf: TFModule, steps: number, shape: readonly number[], seed: number, path: InterpolationPath): TF.Tensor {
  return tf.tidy(() => {
    const d = shape.reduce((x, y) => x * y, 1);
    const a = philoxNormalTensor(tf, [steps, d], seed, 0);
    const b = philoxNormalTensor(tf, [steps, d], seed, steps * d);
    const t = tf.tensor2d(Array.from({ length: steps }, (_, i) => i / (steps - 1)), [1, steps]);
    let wa: TF.Tensor, wb: TF.Tensor; // [row, step]
    if (path === 'linear') {
      wa = tf.tile(tf.sub(1, t), [steps, 1]);
      wb = tf.tile(t, [steps, 1]);
    } else {
      const cos = tf.clipByValue(tf.div(tf.sum(tf.mul(a, b), 1, true), tf.mul(tf.norm(a, 2, 1, true), tf.norm(b, 2, 1, true))), -1, 1);
      const omega = tf.acos(cos);
      const s = tf.sin(omega);
      wa = tf.div(tf.sin(tf.mul(tf.sub(1, t), omega)), s);
      wb = tf.div(tf.sin(tf.mul(t, omega)), s);
    }
    const points = tf.add(tf.mul(tf.expandDims(wa, 2), tf.expandDims(a, 1)), tf.mul(tf.expandDims(wb, 2), tf.expandDims(b, 1)));
    return tf.reshape(points, [steps * steps, ...shape]);
  });
}

export default defineOp({
  role: 'sampler',
  type: 'samplers.latentInterpolation',
  category: 'samplers',
  version: 1,
  title: 'Latent Interpolation',
  aliases: ['interpolate', 'slerp', 'morph', 'walk', 'latent exploration', 'lerp'],
  docs: {
    summary: 'Rows of latent points, each walking from one random point to another: decoded, each row morphs one sample into another.',
    intuition:
      'Feed these points to a generator or a decoder and show them with an Image Grid: row by row, one image ' +
      'turns into another. Smooth morphs mean the model has learned a space where nearby points make similar ' +
      'images; sudden jumps or garbage in between mean it only learned isolated spots. The spherical path ' +
      'follows a great circle, keeping the length a normal latent usually has; the linear one cuts through ' +
      'the middle, where the model has seen few points. The points come from "seed" alone, the same at every preview.',
    paper: { title: 'Sampling Generative Networks', authors: 'White', year: 2016, url: 'https://arxiv.org/abs/1609.04468' },
  },
  params: {
    steps: { kind: 'int', default: 8, min: 2, max: 32, doc: 'Points per row, ends included; there are as many rows, so an Image Grid shows one walk per row.' },
    shape: { kind: 'shape', default: [100], minLength: 1, maxLength: 4, doc: 'Shape of one latent point, without the batch dimension.' },
    seed: { kind: 'int', default: 1, min: 0, max: 2147483647, doc: 'Which end points: the same seed gives the same walks in every run and at every step.' },
    path: { kind: 'enum', options: INTERPOLATION_PATHS, default: 'spherical', doc: 'Along a great circle (spherical), or a straight line (linear).' },
  },
  inputs: fixedPorts(),
  outputs: fixedPorts({ name: 'out', kind: 'tensor', doc: 'the walks, row after row [steps * steps, ...shape]' }),
  inferShape: (_inputs, p) => out([p.steps * p.steps, ...p.shape]),
  examples: [{ params: { steps: 3, shape: [4] }, inputs: {}, outputs: { out: [9, 4] } }],
  run: (_inputs, p, { tf }) => ({ out: latentInterpolation(tf, p.steps, p.shape, p.seed, p.path) }),
  torch: (p) => pyCall('tl.latent_interpolation', [py(p.steps), `(${p.shape.map(py).join(', ')},)`, py(p.seed), py(p.path)]),
  emit: (p, ctx) => emitRuntimeCall(ctx, 'latentInterpolation', p.steps, p.shape, p.seed, p.path),
});
