import type * as TF from '@tensorflow/tfjs';
import { code, emitRuntimeCall } from '../op-emit';
import { defineOp, type RandomStream, type TFModule } from '../spec';
import { ok } from '../shape-utils';
import { batchSizeParam } from './batch';
import { py, pyCall } from '../torch-emit';

/** radius of the ring, and the outer radius of the spiral */
export const TOY_RADIUS = 2;
const SPIRAL_TURNS = 1.5;

/** a standard normal draw (Box-Muller); 1 − u keeps the log away from 0 */
export function gaussian(rng: RandomStream): number {
  const u = 1 - rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
}

export type Distribution = 'ring' | 'spiral' | 'moons';

/** One noiseless point of a distribution. */
export function toyPoint(d: Distribution, modes: number, rng: RandomStream): [number, number] {
  switch (d) {
    case 'ring': {
      // one of `modes` points evenly spaced on a circle (the mixture of Gaussians of Metz et al.)
      const a = (2 * Math.PI * Math.floor(rng.next() * modes)) / modes;
      return [TOY_RADIUS * Math.cos(a), TOY_RADIUS * Math.sin(a)];
    }
    case 'spiral': {
      // r grows with the angle θ up to TOY_RADIUS; θ ∝ √u spreads points evenly along the arm
      const turn = 2 * Math.PI * SPIRAL_TURNS;
      const theta = turn * Math.sqrt(rng.next());
      const r = (TOY_RADIUS * theta) / turn;
      return [r * Math.cos(theta), r * Math.sin(theta)];
    }
    case 'moons': {
      // two interleaved half circles of radius 1, shifted so the mixture's mean is the origin
      const upper = rng.next() < 0.5;
      const t = Math.PI * rng.next();
      return upper ? [Math.cos(t) - 0.5, Math.sin(t) - 0.25] : [0.5 - Math.cos(t), 0.25 - Math.sin(t)];
    }
  }
}

/** `count` 2-D points [count, 2] of a distribution, plus Gaussian noise of std `noise`. */
export function toyPoints(tf: TFModule, rng: RandomStream, d: Distribution, count: number, modes: number, noise: number): TF.Tensor2D {
  const xy = new Float32Array(count * 2);
  for (let i = 0; i < count; i++) {
    const [x, y] = toyPoint(d, modes, rng);
    xy[2 * i] = x + noise * gaussian(rng);
    xy[2 * i + 1] = y + noise * gaussian(rng);
  }
  return tf.tensor2d(xy, [count, 2], 'float32');
}

export default defineOp({
  role: 'data',
  type: 'data.toy2d',
  category: 'data',
  version: 1,
  title: '2-D Toy Data',
  aliases: ['ring', 'spiral', 'moons', 'mixture of gaussians', 'points', 'dataset', 'toy'],
  docs: {
    summary: 'Random 2-D points from a ring of Gaussians, a spiral, or two moons.',
    intuition:
      'Before images, try two dimensions: you can plot every sample and see at a glance what a model has learned. ' +
      'A ring of separate Gaussian blobs shows mode collapse, a GAN\'s classic failure: the generator covers only a ' +
      'few blobs and hops between them. A spiral and two moons test whether a model can follow thin, curved shapes. ' +
      'The points are generated afresh for every batch, so there is nothing to overfit.',
    paper: { title: 'Unrolled Generative Adversarial Networks', authors: 'Metz, Poole, Pfau, Sohl-Dickstein', year: 2016, url: 'https://arxiv.org/abs/1611.02163' },
  },
  params: {
    distribution: {
      kind: 'enum', options: ['ring', 'spiral', 'moons'], default: 'ring',
      doc: '"ring": Gaussian blobs evenly spaced on a circle of radius 2. "spiral": one arm of 1.5 turns out to radius 2. "moons": two interleaved half circles.',
    },
    batchSize: batchSizeParam(256),
    modes: { kind: 'int', default: 8, min: 1, max: 64, doc: 'Number of Gaussian blobs on the ring (ring only).' },
    noise: { kind: 'float', default: 0.05, min: 0, max: 1, step: 0.01, doc: 'Standard deviation of the Gaussian noise added to every point.' },
  },
  inputs: () => [],
  outputs: () => [{ name: 'x', kind: 'tensor', doc: 'points [batch, 2], float32' }],
  inferShape: (_inputs, p) => ok({ x: [p.batchSize, 2] }),
  examples: [{ params: { batchSize: 5 }, inputs: {}, outputs: { x: [5, 2] } }],
  run: (_inputs, p, { tf, rng }) => ({ x: toyPoints(tf, rng, p.distribution, p.batchSize, p.modes, p.noise) }),
  torch: (p, ctx) => pyCall('tl.toy_points', [ctx.rng, py(p.distribution), ctx.batch(p.batchSize), py(p.modes), py(p.noise)]),
  emit: (p, ctx) => emitRuntimeCall(ctx, 'toyPoints', code(ctx.rng), p.distribution, p.batchSize, p.modes, p.noise),
});
