// Dropout draws a fresh mask on every training call, repeats its masks for the same seed stream,
// and does nothing at inference; also why tfjs's own seeded Dropout would not do.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../src/runtime/rng';
import { freshMaskDropoutClass } from './custom/fresh-mask-dropout';
import dropout from './dropout';
import { paramsOf } from './test-support';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const values = (t: tf.Tensor) => Array.from(t.dataSync());
/** Which values a call kept (1) or dropped (0). */
const maskOf = (t: tf.Tensor) => values(t).map((v) => (v === 0 ? 0 : 1));

/** The node's layer fed by a training seed stream, as the compiler builds it. */
function dropoutLayer(rate: number, streamSeed: number) {
  const stream = new Rng(streamSeed);
  return dropout.build(tf, paramsOf(dropout, { rate }), { name: 'drop', seed: 1, nextSeed: () => stream.seed() });
}

const ones = () => tf.ones([4, 64]);
const train = (layer: tf.layers.Layer) => layer.apply(ones(), { training: true }) as tf.Tensor;

describe('Dropout', () => {
  it('draws a different mask on each training call', () => {
    const layer = dropoutLayer(0.5, 1);
    expect(maskOf(train(layer))).not.toEqual(maskOf(train(layer)));
  });

  it('repeats the same masks for the same seed stream', () => {
    const a = dropoutLayer(0.5, 42);
    const b = dropoutLayer(0.5, 42);
    const first = [values(train(a)), values(train(a))];
    expect([values(train(b)), values(train(b))]).toEqual(first);
    expect(values(train(dropoutLayer(0.5, 43)))).not.toEqual(first[0]);
  });

  it('drops about `rate` of the values and scales the rest by 1 / (1 - rate)', () => {
    const out = values(train(dropoutLayer(0.25, 3)));
    const kept = out.filter((v) => v !== 0);
    expect(kept.every((v) => Math.abs(v - 1 / 0.75) < 1e-6)).toBe(true);
    expect(kept.length / out.length).toBeGreaterThan(0.65);
    expect(kept.length / out.length).toBeLessThan(0.85);
  });

  it('passes gradients through the kept values only', () => {
    const layer = dropoutLayer(0.5, 9);
    const input = tf.randomNormal([4, 64], 0, 1, 'float32', 3);
    const dx = values(tf.grad((v: tf.Tensor) => tf.sum(layer.apply(v, { training: true }) as tf.Tensor))(input));
    expect(new Set(dx)).toEqual(new Set([0, 2]));
  });

  it('is the identity at inference', () => {
    const layer = dropoutLayer(0.5, 1);
    const input = tf.randomNormal([3, 5], 0, 1, 'float32', 2);
    expect(values(layer.apply(input) as tf.Tensor)).toEqual(values(input));
    expect(values(layer.apply(input, { training: false }) as tf.Tensor)).toEqual(values(input));
  });

  it('gets the training flag through a model, with a fresh mask per call', () => {
    const x = ones();
    const input = tf.input({ shape: [64] });
    const model = tf.model({ inputs: input, outputs: dropoutLayer(0.5, 7).apply(input) as tf.SymbolicTensor });
    const a = maskOf(model.apply(x, { training: true }) as tf.Tensor);
    const b = maskOf(model.apply(x, { training: true }) as tf.Tensor);
    expect(a).not.toEqual(b);
    expect(values(model.apply(x, { training: false }) as tf.Tensor)).toEqual(values(x));
    expect(values(model.predict(x) as tf.Tensor)).toEqual(values(x));
  });

  it('without a seed stream (loaded, or emitted code) still draws fresh masks, repeatably from its saved seed', () => {
    const FreshMaskDropout = freshMaskDropoutClass(tf);
    const a = new FreshMaskDropout({ rate: 0.5, seed: 12 });
    const b = new FreshMaskDropout({ rate: 0.5, seed: 12 });
    const fromA = [values(train(a)), values(train(a))];
    expect(fromA[0]).not.toEqual(fromA[1]);
    expect([values(train(b)), values(train(b))]).toEqual(fromA);
  });

  it('exists because tfjs Dropout with a seed repeats one mask on every call', () => {
    const seeded = tf.layers.dropout({ rate: 0.5, seed: 5 });
    expect(maskOf(train(seeded))).toEqual(maskOf(train(seeded)));
  });
});
