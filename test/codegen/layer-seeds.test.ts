// The exported models start from the app's weights: for every layer node, the constructor its
// `emit` writes when given the exporter's seed expressions builds a layer whose initial weights
// (and, for dropout, whose masks) equal those of the layer `build` makes with the same seeds; and
// the seeds a node declares are exactly the ones its emitted code uses.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { customLayerClasses } from '../../nodes/layers/custom';
import { layerNodes } from '../../nodes/layers';
import { inputDtypes, paramsOf, samplesOf } from '../../nodes/layers/test-support';
import type { LayerNodeSpec, SeedExpressions } from '../../nodes/spec';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const layers = layerNodes as readonly LayerNodeSpec[];

/** The node's first example: its params, and random inputs of its shapes (batch 3; class ids 0-2 where it takes int32). */
function probe(spec: LayerNodeSpec) {
  const example = spec.examples[0];
  const params = paramsOf(spec, example.params);
  const dtypes = inputDtypes(spec, params);
  const inputs = samplesOf(spec, params, example).map((sample, i) =>
    dtypes[i] === 'int32' ? tf.tensor(Array.from({ length: 3 * sample.reduce((a, b) => a * b, 1) }, (_, k) => k % 3), [3, ...sample], 'int32') : tf.randomNormal([3, ...sample], 0, 1, 'float32', 100 + i));
  return { params, inputs };
}

/** A seed stream for dropout masks: the same numbers for the app's layer and the emitted one. */
const stream = () => {
  let s = 40;
  return () => ++s;
};

const classes = customLayerClasses(tf);
const SEEDS: SeedExpressions = { seed: 'seedOf()', nextSeed: '() => rng.seed()' };

/** Evaluates emitted layer code with `seedOf` and `rng` bound as the exported model builder binds them. */
function runEmitted(code: string, seed: number, nextSeed: () => number): tf.layers.Layer {
  const make = new Function('tf', 'seedOf', 'rng', ...Object.keys(classes), `return ${code};`) as (...args: unknown[]) => tf.layers.Layer;
  return make(tf, () => seed, { seed: nextSeed }, ...Object.values(classes));
}

const SEED = 1234567;

describe('seeded emitted layers', () => {
  it.each(layers.map((s) => [s.type, s] as const))('%s starts from the weights build gives it', (_type, spec) => {
    const { params, inputs } = probe(spec);
    const built = spec.build(tf, params, { name: 'probe', seed: SEED, nextSeed: stream() });
    const emitted = runEmitted(spec.emit(params, { name: 'probe', seeds: SEEDS }), SEED, stream());
    const x = inputs.length === 1 ? inputs[0]! : inputs;
    const a = built.apply(x, { training: true }) as tf.Tensor;
    const b = emitted.apply(x, { training: true }) as tf.Tensor;
    expect(emitted.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(built.getWeights().map((w) => Array.from(w.dataSync())));
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
  });

  // the exporter declares `seedOf` and takes `rng` by the declaration, so it must match the code
  it.each(layers.map((s) => [s.type, s] as const))('%s declares the seeds its emitted code uses', (_type, spec) => {
    const { params } = probe(spec);
    const seeded = spec.emit(params, { name: 'probe', seeds: SEEDS });
    const uses = [seeded.includes(SEEDS.seed) && 'seed', seeded.includes(SEEDS.nextSeed) && 'nextSeed'].filter(Boolean).join('+');
    expect(uses || undefined).toBe(spec.seeds);
    const unseeded = spec.emit(params, { name: 'probe' });
    expect(unseeded.includes(SEEDS.seed) || unseeded.includes(SEEDS.nextSeed)).toBe(false);
  });

  it('would notice an unseeded layer: another seed gives other weights', () => {
    const dense = layers.find((s) => s.type === 'layers.dense')!;
    const { params, inputs } = probe(dense);
    const code = dense.emit(params, { name: 'probe', seeds: SEEDS });
    const [a, b] = [SEED, SEED + 1].map((seed) => {
      const layer = runEmitted(code, seed, stream());
      layer.apply(inputs[0]!);
      return Array.from(layer.getWeights()[0]!.dataSync());
    });
    expect(a).not.toEqual(b);
  });
});
