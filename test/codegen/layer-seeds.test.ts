// The exported models start from the app's weights: for every layer node, the constructor its
// `emit` writes, with the seeds the exporter adds, builds a layer whose initial weights (and, for
// dropout, whose masks) equal those of the layer `build` makes with the same seeds.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { customLayerClasses } from '../../nodes/layers/custom';
import { layerNodes } from '../../nodes/layers';
import { resolveParams } from '../../nodes/params';
import type { LayerNodeSpec } from '../../nodes/spec';
import { seededLayerCode, usesSeed, withArguments } from '../../src/codegen/layer-seeds';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Per-sample input shapes to try, until the node's inferShape accepts one (for each of its ports). */
const CANDIDATES = [[6, 6, 8], [8], [1]];

/** Params other than the defaults, where the defaults suit none of the probe shapes. */
const PARAMS: Record<string, Record<string, unknown>> = { 'layers.reshape': { targetShape: [2, 4] } };

function probe(spec: LayerNodeSpec) {
  const { values: params } = resolveParams(spec, PARAMS[spec.type] ?? {});
  const ports = spec.inputs(params, { models: {} });
  const sample = CANDIDATES.find((shape) => {
    const shapes = Object.fromEntries(ports.map((p) => [p.name, [null, ...shape]]));
    return spec.inferShape(shapes, params, { models: {} }).ok;
  });
  if (!sample) throw new Error(`no probe shape suits ${spec.type}`);
  return { params, inputs: ports.map((_, i) => tf.randomNormal([3, ...sample], 0, 1, 'float32', 100 + i)) };
}

/** A seed stream for dropout masks: the same numbers for the app's layer and the emitted one. */
const stream = () => {
  let s = 40;
  return () => ++s;
};

const classes = customLayerClasses(tf);

/** Evaluates emitted layer code with `seedOf` and `rng` bound as the exported model builder binds them. */
function runEmitted(code: string, seed: number, nextSeed: () => number): tf.layers.Layer {
  const make = new Function('tf', 'seedOf', 'rng', ...Object.keys(classes), `return ${code};`) as (...args: unknown[]) => tf.layers.Layer;
  return make(tf, () => seed, { seed: nextSeed }, ...Object.values(classes));
}

const SEED = 1234567;

describe('seeded emitted layers', () => {
  it.each(layerNodes.map((s) => [s.type, s as LayerNodeSpec] as const))('%s starts from the weights build gives it', (_type, spec) => {
    const { params, inputs } = probe(spec);
    const built = spec.build(tf, params, { name: 'probe', seed: SEED, nextSeed: stream() });
    const code = seededLayerCode(spec.type, spec.emit(params, { name: 'probe' }), { seed: 'seedOf()', nextSeed: '() => rng.seed()' });
    const emitted = runEmitted(code, SEED, stream());
    const x = inputs.length === 1 ? inputs[0]! : inputs;
    const a = built.apply(x, { training: true }) as tf.Tensor;
    const b = emitted.apply(x, { training: true }) as tf.Tensor;
    expect(emitted.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(built.getWeights().map((w) => Array.from(w.dataSync())));
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
  });

  it('would notice an unseeded layer: another seed gives other weights', () => {
    const dense = layerNodes.find((s) => s.type === 'layers.dense') as LayerNodeSpec;
    const { params, inputs } = probe(dense);
    const code = seededLayerCode(dense.type, dense.emit(params, { name: 'probe' }), { seed: 'seedOf()', nextSeed: '() => rng.seed()' });
    const [a, b] = [SEED, SEED + 1].map((seed) => {
      const layer = runEmitted(code, seed, stream());
      layer.apply(inputs[0]!);
      return Array.from(layer.getWeights()[0]!.dataSync());
    });
    expect(a).not.toEqual(b);
    expect(usesSeed('layers.dense') && !usesSeed('layers.flatten')).toBe(true);
  });

  it('sets arguments in the constructor call: replaced where present, added otherwise', () => {
    expect(withArguments(`tf.layers.dense({ name: 'd', units: 2, kernelInitializer: 'glorotUniform', size: [2, 3] })`, { kernelInitializer: 'init', seed: '5' }))
      .toBe(`tf.layers.dense({ name: 'd', units: 2, kernelInitializer: init, size: [2, 3], seed: 5 })`);
    expect(withArguments(`new GroupNorm({ name: 'a, b', groups: 2 })`, { seed: 's' })).toBe(`new GroupNorm({ name: 'a, b', groups: 2, seed: s })`);
    expect(() => withArguments('makeLayer(3)', { seed: '1' })).toThrow(/unexpected form/);
  });
});
