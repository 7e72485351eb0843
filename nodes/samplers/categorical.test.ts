import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../src/runtime/rng';
import type { RandomStream } from '../spec';
import categorical, { classWeights, drawClassIds } from './categorical';
import { makeEnv, paramsOf } from './test-support';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** The sampler's ids for these params and seed, with the output's shape and dtype. */
function draw(stored: Record<string, unknown>, seed: number) {
  const p = paramsOf(categorical, stored);
  const out = tf.tidy(() => categorical.run({}, p, makeEnv(tf, seed)).out!);
  const read = { ids: Array.from(out.dataSync()), shape: out.shape, dtype: out.dtype };
  out.dispose();
  return read;
}

const counts = (ids: number[], classes: number) => {
  const n = new Array<number>(classes).fill(0);
  for (const id of ids) n[id]!++;
  return n;
};

/** A stream that hands out the given uniforms in turn. */
const fixedStream = (us: number[]): RandomStream => {
  let i = 0;
  return { next: () => us[i++]!, seed: () => 1 };
};

describe('samplers.categorical', () => {
  it('draws int32 ids [batchSize], the same for the same seed and others for another', () => {
    const a = draw({ batchSize: 32, classes: 10 }, 5);
    expect(a.shape).toEqual([32]);
    expect(a.dtype).toBe('int32');
    expect(draw({ batchSize: 32, classes: 10 }, 5).ids).toEqual(a.ids);
    expect(draw({ batchSize: 32, classes: 10 }, 6).ids).not.toEqual(a.ids);
  });

  it('draws only ids in [0, classes), every one of them, about uniformly', () => {
    const { ids } = draw({ batchSize: 4000, classes: 7 }, 11);
    expect(ids.every((id) => Number.isInteger(id) && id >= 0 && id < 7)).toBe(true);
    // 4000/7 ≈ 571 each, σ ≈ 22: the bounds are beyond 6σ
    for (const n of counts(ids, 7)) {
      expect(n).toBeGreaterThan(430);
      expect(n).toBeLessThan(715);
    }
    expect(new Set(draw({ batchSize: 50, classes: 1 }, 3).ids)).toEqual(new Set([0]));
  });

  it('with weights "1, 0, 3": class 1 never, class 2 about three times as often as class 0', () => {
    const { ids } = draw({ batchSize: 4000, classes: 3, probabilities: '1, 0, 3' }, 2);
    const [c0, c1, c2] = counts(ids, 3) as [number, number, number];
    expect(c1).toBe(0);
    expect(c0 + c2).toBe(4000);
    // expected 1000 and 3000, σ ≈ 27: bounds beyond 5σ, and a ratio that 1:1 or 1:2 would miss
    expect(c0).toBeGreaterThan(860);
    expect(c0).toBeLessThan(1140);
    expect(c2 / c0).toBeGreaterThan(2.5);
    expect(c2 / c0).toBeLessThan(3.6);
  });

  it('takes one uniform per id and looks it up in the running sums of the weights', () => {
    // weights 1, 0, 3 of total 4: [0, 0.25) → 0, [0.25, 1) → 2; class 1's empty interval is skipped
    const us = [0, 0.2499, 0.25, 0.5, 1 - 2 ** -32];
    const got = tf.tidy(() => Array.from(drawClassIds(tf, fixedStream(us), us.length, [1, 0, 3]).dataSync()));
    expect(got).toEqual([0, 0, 2, 2, 2]);
    // a zero weight at the end is never drawn, even from the largest uniform
    const end = tf.tidy(() => Array.from(drawClassIds(tf, fixedStream([1 - 2 ** -32, 0.6]), 2, [1, 3, 0]).dataSync()));
    expect(end).toEqual([1, 1]);
    // and the stream moves on by exactly one number per id (the export draws the same)
    const rng = new Rng(9);
    tf.tidy(() => drawClassIds(tf, rng, 5, [1, 1]));
    const ref = new Rng(9);
    for (let i = 0; i < 5; i++) ref.next();
    expect(rng.next()).toBe(ref.next());
  });
});

describe('classWeights', () => {
  it('is uniform when empty, else the listed weights', () => {
    expect(classWeights(3, '')).toEqual([1, 1, 1]);
    expect(classWeights(2, '   ')).toEqual([1, 1]);
    expect(classWeights(3, '1, 0, 3')).toEqual([1, 0, 3]);
    expect(classWeights(3, '0.5 0.25,0.25')).toEqual([0.5, 0.25, 0.25]);
  });

  it('refuses a wrong count, a negative or non-number weight, and all zeros', () => {
    expect(classWeights(3, '1, 2')).toBe('it lists 2 probabilities for 3 classes');
    expect(classWeights(2, '1, 2, 3')).toBe('it lists 3 probabilities for 2 classes');
    expect(classWeights(3, '1, -1, 2')).toBe('every probability must be a number of at least 0');
    expect(classWeights(3, '1, x, 2')).toBe('every probability must be a number of at least 0');
    expect(classWeights(2, '1, Infinity')).toBe('every probability must be a number of at least 0');
    expect(classWeights(3, '0, 0, 0')).toBe('at least one probability must be above 0');
  });

  it('makes the node report a bad list as param.invalid on probabilities', () => {
    for (const probabilities of ['1, 2', '1, -1, 2', '0, 0, 0']) {
      const r = categorical.inferShape({}, paramsOf(categorical, { classes: 3, probabilities }), { models: {} });
      expect(r.ok, probabilities).toBe(false);
      if (!r.ok) expect(r.issue).toMatchObject({ code: 'param.invalid', args: { param: 'probabilities' } });
    }
    expect(categorical.inferShape({}, paramsOf(categorical, { batchSize: 12, classes: 3, probabilities: '1, 0, 3' }), { models: {} }))
      .toEqual({ ok: true, outputs: { out: [12] } });
  });
});
