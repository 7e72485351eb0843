// The custom tfjs layers: values against hand computations, gradients, seeded initialisation, and
// a save/load round trip through tfjs's own model format.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { customLayerClasses, registerCustomLayers } from './custom';
import { timestepFrequencies } from './custom/timestep-embedding';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const { GroupNorm, SelfAttention2D, TimestepEmbedding, FreshMaskDropout } = customLayerClasses(tf);

const values = (t: tf.Tensor) => Array.from(t.dataSync());

function expectClose(got: readonly number[], want: readonly number[], tol = 1e-4) {
  expect(got.length).toBe(want.length);
  got.forEach((g, i) => expect(Math.abs(g - want[i]!)).toBeLessThan(tol));
}

/** Sum of the layer's output weighted by fixed random numbers: a loss whose gradients are all informative. */
function weightedSum(layer: tf.layers.Layer, x: tf.Tensor): () => tf.Scalar {
  const out = layer.apply(x) as tf.Tensor;
  const weights = tf.randomNormal(out.shape, 0, 1, 'float32', 11);
  return () => tf.sum(tf.mul(layer.apply(x) as tf.Tensor, weights));
}

function expectUsefulGradients(layer: tf.layers.Layer, x: tf.Tensor) {
  const f = weightedSum(layer, x);
  const { grads } = tf.variableGrads(f, layer.trainableWeights.map((w) => w.read() as tf.Variable));
  expect(Object.keys(grads).length).toBe(layer.trainableWeights.length);
  for (const [name, g] of Object.entries(grads)) {
    const v = values(g);
    expect(v.every(Number.isFinite), `${name} finite`).toBe(true);
    // well above float rounding: a weight that cannot affect the output shows up as ~1e-7 here
    expect(Math.max(...v.map(Math.abs)), `${name} non-zero`).toBeGreaterThan(1e-3);
  }
  const dx = values(tf.grad((input: tf.Tensor) => tf.sum(tf.mul(layer.apply(input) as tf.Tensor, 1.5)))(x));
  expect(dx.every(Number.isFinite)).toBe(true);
}

describe('GroupNorm', () => {
  it('normalises each group of channels over all positions of one sample', () => {
    // one sample, 1x2 pixels, 4 channels in 2 groups: group 0 = channels 0-1, group 1 = channels 2-3
    const data = [1, 2, 10, 20, 3, 6, 30, 50];
    const layer = new GroupNorm({ groups: 2, epsilon: 1e-5 });
    const got = values(layer.apply(tf.tensor4d(data, [1, 1, 2, 4])) as tf.Tensor);

    const groupOf = (i: number) => Math.floor((i % 4) / 2);
    const want = data.map((v, i) => {
      const members = data.filter((_, j) => groupOf(j) === groupOf(i));
      const mean = members.reduce((a, b) => a + b, 0) / members.length;
      const variance = members.reduce((a, b) => a + (b - mean) ** 2, 0) / members.length;
      return (v - mean) / Math.sqrt(variance + 1e-5);
    });
    expectClose(got, want);
  });

  it('does not mix samples of a batch', () => {
    const a = tf.randomNormal([1, 3, 3, 4], 0, 1, 'float32', 1);
    const b = tf.randomNormal([1, 3, 3, 4], 5, 3, 'float32', 2);
    const layer = new GroupNorm({ groups: 2 });
    const together = layer.apply(tf.concat([a, b])) as tf.Tensor;
    expectClose(values(tf.slice(together, [0], [1])), values(layer.apply(a) as tf.Tensor));
  });

  it('applies its per-channel scale and shift', () => {
    const layer = new GroupNorm({ groups: 1 });
    const x = tf.randomNormal([2, 2, 2, 3], 0, 1, 'float32', 4);
    const plain = layer.apply(x) as tf.Tensor;
    layer.setWeights([tf.tensor1d([2, 3, 4]), tf.tensor1d([1, 0, -1])]);
    const scaled = layer.apply(x) as tf.Tensor;
    expectClose(values(scaled), values(tf.add(tf.mul(plain, [2, 3, 4]), [1, 0, -1])));
  });

  it('passes gradients to gamma, beta and the input', () => {
    expectUsefulGradients(new GroupNorm({ groups: 2 }), tf.randomNormal([2, 3, 3, 4], 0, 1, 'float32', 5));
  });
});

describe('TimestepEmbedding', () => {
  it('matches the closed form [sin(t f_i), cos(t f_i)], f_i = maxPeriod^(-i / half)', () => {
    const dim = 6;
    const half = dim / 2;
    const ts = [0, 1, 37.5, 999];
    const layer = new TimestepEmbedding({ dim, maxPeriod: 10000 });
    const got = values(layer.apply(tf.tensor2d(ts, [ts.length, 1])) as tf.Tensor);
    const want = ts.flatMap((t) => {
      const f = Array.from({ length: half }, (_, i) => Math.pow(10000, -i / half));
      return [...f.map((fi) => Math.sin(t * fi)), ...f.map((fi) => Math.cos(t * fi))];
    });
    // float32 angles near 999 rad carry ~1e-4 of rounding
    expectClose(got, want, 5e-4);
  });

  it('starts at frequency 1 and ends just above 1 / maxPeriod', () => {
    const f = timestepFrequencies(8, 10000);
    expect(f[0]).toBe(1);
    expect(f[3]).toBeCloseTo(10000 ** (-3 / 4), 10);
  });

  it('has no weights and passes gradients to t', () => {
    const layer = new TimestepEmbedding({ dim: 8 });
    const t = tf.tensor2d([3, 50], [2, 1]);
    const dt = values(tf.grad((x: tf.Tensor) => tf.sum(layer.apply(x) as tf.Tensor))(t));
    expect(layer.trainableWeights).toHaveLength(0);
    expect(dt.every((v) => Number.isFinite(v) && v !== 0)).toBe(true);
  });

  it('rejects an odd dim', () => {
    expect(() => new TimestepEmbedding({ dim: 7 })).toThrow(/even/);
  });
});

describe('SelfAttention2D', () => {
  /** Plain-JS multi-head attention over the pixels of one [1, h, w, c] sample, from the layer's own weights. */
  function reference(x: number[][], weights: number[][], heads: number): number[][] {
    // the layer's weights in creation order; the key projection has no bias
    const [wq, bq, wk, wv, bv, wo, bo] = weights as [number[], number[], number[], number[], number[], number[], number[]];
    const c = bq.length;
    const d = c / heads;
    const project = (rows: number[][], w: number[], b: number[]) =>
      rows.map((r) => b.map((bias, j) => bias + r.reduce((acc, v, i) => acc + v * w[i * c + j]!, 0)));
    const q = project(x, wq, bq);
    const k = project(x, wk, new Array<number>(c).fill(0));
    const v = project(x, wv, bv);
    const mixed = x.map(() => new Array<number>(c).fill(0));
    for (let h = 0; h < heads; h++) {
      const cols = Array.from({ length: d }, (_, i) => h * d + i);
      for (let p = 0; p < x.length; p++) {
        const scores = k.map((kr) => cols.reduce((a, i) => a + q[p]![i]! * kr[i]!, 0) / Math.sqrt(d));
        const top = Math.max(...scores);
        const e = scores.map((s) => Math.exp(s - top));
        const total = e.reduce((a, b) => a + b, 0);
        for (const i of cols) mixed[p]![i] = e.reduce((a, ep, r) => a + (ep / total) * v[r]![i]!, 0);
      }
    }
    const projected = project(mixed, wo, bo);
    return x.map((r, p) => r.map((val, i) => val + projected[p]![i]!));
  }

  it.each([1, 2, 4])('matches a plain computation with %i head(s)', (heads) => {
    const layer = new SelfAttention2D({ heads, seed: 3 });
    const x = tf.randomNormal([1, 2, 3, 4], 0, 1, 'float32', 6);
    layer.apply(x); // builds the weights
    // non-zero biases, so that their place in the computation is checked too
    layer.setWeights(layer.getWeights().map((w, i) => (w.rank === 1 ? tf.randomNormal(w.shape, 0, 0.5, 'float32', 20 + i) : w)));
    const pixels = Array.from({ length: 6 }, (_, p) => values(x).slice(p * 4, p * 4 + 4));
    const want = reference(pixels, layer.getWeights().map(values), heads).flat();
    expectClose(values(layer.apply(x) as tf.Tensor), want);
  });

  it('starts its four projections from the seed, each different', () => {
    const weightsOf = (seed: number) => {
      const layer = new SelfAttention2D({ heads: 2, seed });
      layer.apply(tf.zeros([1, 2, 2, 4]));
      return layer.getWeights().filter((w) => w.rank === 2).map(values);
    };
    const a = weightsOf(5);
    expect(weightsOf(5)).toEqual(a);
    expect(weightsOf(6)).not.toEqual(a);
    expect(new Set(a.map((w) => w.join())).size).toBe(4);
  });

  it('passes gradients to all seven weights and the input', () => {
    const layer = new SelfAttention2D({ heads: 2, seed: 1 });
    layer.apply(tf.zeros([1, 2, 2, 4]));
    expect(layer.trainableWeights).toHaveLength(7);
    expectUsefulGradients(new SelfAttention2D({ heads: 2, seed: 1 }), tf.randomNormal([2, 3, 3, 4], 0, 1, 'float32', 7));
  });
});

describe('tensor hygiene', () => {
  it.each([
    ['GroupNorm', () => new GroupNorm({ groups: 2 })],
    ['SelfAttention2D', () => new SelfAttention2D({ heads: 2, seed: 1 })],
    ['TimestepEmbedding', () => new TimestepEmbedding({ dim: 4 })],
    ['FreshMaskDropout', () => new FreshMaskDropout({ rate: 0.5, seed: 1 })],
  ] as const)('%s leaves only its output behind', (_name, make) => {
    const layer = make();
    const x = _name === 'TimestepEmbedding' ? tf.tensor2d([1, 2], [2, 1]) : tf.randomNormal([2, 3, 3, 4], 0, 1, 'float32', 1);
    layer.apply(x, { training: true }); // first call builds the weights
    const before = tf.memory().numTensors;
    const y = layer.apply(x, { training: true }) as tf.Tensor;
    expect(tf.memory().numTensors).toBe(before + 1);
    y.dispose();
  });
});

describe('save and load', () => {
  async function roundTrip(model: tf.LayersModel): Promise<tf.LayersModel> {
    let saved: tf.io.ModelArtifacts | undefined;
    await model.save(
      tf.io.withSaveHandler(async (artifacts) => {
        saved = artifacts;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    if (!saved) throw new Error('nothing saved');
    registerCustomLayers(tf);
    return tf.loadLayersModel(tf.io.fromMemory(saved));
  }

  it('keeps every custom layer, its config and its weights', async () => {
    const image = tf.input({ shape: [4, 4, 8] });
    const t = tf.input({ shape: [1] });
    const norm = new GroupNorm({ name: 'gn', groups: 4, epsilon: 1e-4 }).apply(image) as tf.SymbolicTensor;
    const attended = new SelfAttention2D({ name: 'attn', heads: 2, seed: 9 }).apply(norm) as tf.SymbolicTensor;
    const dropped = new FreshMaskDropout({ name: 'drop', rate: 0.25, seed: 4 }).apply(attended) as tf.SymbolicTensor;
    const embedded = new TimestepEmbedding({ name: 'temb', dim: 8, maxPeriod: 500 }).apply(t) as tf.SymbolicTensor;
    const timeMap = tf.layers.reshape({ targetShape: [1, 1, 8] }).apply(embedded) as tf.SymbolicTensor;
    const out = tf.layers.add().apply([dropped, timeMap]) as tf.SymbolicTensor;
    const model = tf.model({ inputs: [image, t], outputs: out });
    // move GroupNorm's gamma/beta off their initial values, so loading them is really checked
    const gn = model.getLayer('gn');
    gn.setWeights(gn.getWeights().map((w, i) => tf.randomNormal(w.shape, 1, 0.3, 'float32', 30 + i)));

    const loaded = await roundTrip(model);

    const inputs = [tf.randomNormal([2, 4, 4, 8], 0, 1, 'float32', 8), tf.tensor2d([3, 70], [2, 1])];
    expect(values(loaded.predict(inputs) as tf.Tensor)).toEqual(values(model.predict(inputs) as tf.Tensor));
    for (const name of ['gn', 'attn', 'drop', 'temb']) {
      expect(loaded.getLayer(name).getConfig()).toEqual(model.getLayer(name).getConfig());
      expect(loaded.getLayer(name).getClassName()).toBe(model.getLayer(name).getClassName());
    }
    expect(loaded.getLayer('gn').getConfig()).toMatchObject({ groups: 4, epsilon: 1e-4 });
    expect(loaded.getLayer('attn').getConfig()).toMatchObject({ heads: 2, seed: 9 });
    expect(loaded.getLayer('drop').getConfig()).toMatchObject({ rate: 0.25, seed: 4 });
    expect(loaded.getLayer('temb').getConfig()).toMatchObject({ dim: 8, maxPeriod: 500 });
  });
});
