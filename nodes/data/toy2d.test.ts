import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { infer, makeEnv, paramsOf } from '../losses/test-support';
import toy2d, { TOY_RADIUS } from './toy2d';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function points(stored: Record<string, unknown>, seed = 1): [number, number][] {
  const p = paramsOf(toy2d, stored);
  const x = tf.tidy(() => toy2d.run({}, p, makeEnv(tf, seed)).x!);
  expect(x.shape).toEqual([p.batchSize, 2]);
  const v = x.dataSync();
  x.dispose();
  return Array.from({ length: p.batchSize }, (_, i) => [v[2 * i]!, v[2 * i + 1]!]);
}
const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
const std = (v: number[]) => Math.sqrt(mean(v.map((x) => (x - mean(v)) ** 2)));

describe('data.toy2d', () => {
  it('ring: points sit on the modes of a circle of radius 2, and every mode is used', () => {
    const pts = points({ distribution: 'ring', modes: 6, noise: 0, batchSize: 600 });
    const modes = new Set<number>();
    for (const [x, y] of pts) {
      expect(Math.hypot(x, y)).toBeCloseTo(TOY_RADIUS, 5);
      const k = (Math.atan2(y, x) / (2 * Math.PI)) * 6;
      expect(Math.abs(k - Math.round(k))).toBeLessThan(1e-4);
      modes.add((Math.round(k) + 6) % 6);
    }
    expect(modes.size).toBe(6);
  });

  it('ring: noise is Gaussian with the given standard deviation', () => {
    const pts = points({ distribution: 'ring', modes: 8, noise: 0.1, batchSize: 4000 });
    const radial = pts.map(([x, y]) => Math.hypot(x, y) - TOY_RADIUS);
    expect(mean(radial)).toBeCloseTo(0, 1);
    expect(std(radial)).toBeGreaterThan(0.09);
    expect(std(radial)).toBeLessThan(0.11);
  });

  it('spiral: radius grows with the angle, up to 2', () => {
    const turn = 3 * Math.PI;
    for (const [x, y] of points({ distribution: 'spiral', noise: 0, batchSize: 500 })) {
      const r = Math.hypot(x, y);
      expect(r).toBeLessThanOrEqual(TOY_RADIUS + 1e-5);
      const theta = (r / TOY_RADIUS) * turn; // where on the arm this radius is
      const d = Math.hypot(x - r * Math.cos(theta), y - r * Math.sin(theta));
      expect(d).toBeLessThan(1e-3);
    }
  });

  it('moons: two half circles of radius 1, centred on the origin overall', () => {
    const pts = points({ distribution: 'moons', noise: 0, batchSize: 4000 });
    for (const [x, y] of pts) {
      const upper = Math.hypot(x + 0.5, y + 0.25);
      const lower = Math.hypot(x - 0.5, y - 0.25);
      expect(Math.min(Math.abs(upper - 1), Math.abs(lower - 1))).toBeLessThan(1e-5);
    }
    expect(Math.abs(mean(pts.map((p) => p[0])))).toBeLessThan(0.05);
    expect(Math.abs(mean(pts.map((p) => p[1])))).toBeLessThan(0.05);
  });

  it('repeats with the same seed and infers [batch, 2]', () => {
    expect(points({ batchSize: 10 }, 5)).toEqual(points({ batchSize: 10 }, 5));
    expect(points({ batchSize: 10 }, 5)).not.toEqual(points({ batchSize: 10 }, 6));
    expect(infer(toy2d, {}, { batchSize: 10 })).toEqual({ ok: true, outputs: { x: [10, 2] } });
    expect(toy2d.datasets).toBeUndefined();
  });
});
