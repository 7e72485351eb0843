// The custom layer classes written into exported modules compute what the app's classes compute:
// same weights, same outputs, same gradients, same config, and they save and load through tfjs's
// own model format, registered under the app's package name.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { customLayerClasses } from '../../nodes/layers/custom';
import { withDependencies } from '../../src/codegen/snippet';
import { CUSTOM_LAYER_CLASSES } from '../../src/codegen/snippets/layers';
import { loadExported } from './support';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

type LayerClass = new (args: Record<string, unknown>) => tf.layers.Layer;

/** The exported classes, as a module holding only them (and what they need). */
function exportedClasses(): Record<string, LayerClass> {
  const snippets = withDependencies(Object.values(CUSTOM_LAYER_CLASSES));
  const code = [`import * as tf from '@tensorflow/tfjs';`, ...snippets.map((s) => s.code), `export { ${Object.keys(CUSTOM_LAYER_CLASSES).join(', ')} };`].join('\n\n');
  const loaded = loadExported(code) as unknown as Record<string, LayerClass>;
  return Object.fromEntries(Object.keys(CUSTOM_LAYER_CLASSES).map((name) => [name, loaded[name]!]));
}

const counter = () => {
  let s = 90;
  return () => ++s;
};

/** Per class: constructor args and an input batch. */
const CASES: Record<string, { args: () => Record<string, unknown>; input: number[] }> = {
  GroupNorm: { args: () => ({ groups: 2, epsilon: 1e-3 }), input: [2, 3, 3, 4] },
  TimestepEmbedding: { args: () => ({ dim: 6, maxPeriod: 50 }), input: [3, 1] },
  SelfAttention2D: { args: () => ({ heads: 2, seed: 17 }), input: [2, 3, 3, 4] },
  FreshMaskDropout: { args: () => ({ rate: 0.3, seed: 5, nextSeed: counter() }), input: [4, 6] },
};

describe('exported custom layers', () => {
  const app = customLayerClasses(tf) as unknown as Record<string, LayerClass>;
  const exported = exportedClasses();

  it('cover every custom layer class of the app', () => {
    expect(Object.keys(exported).sort()).toEqual(Object.keys(app).sort());
    expect(Object.keys(CASES).sort()).toEqual(Object.keys(app).sort());
  });

  it.each(Object.keys(CASES))('%s: same weights, outputs, gradients and config as the app\'s', (name) => {
    const { args, input } = CASES[name]!;
    const x = tf.randomNormal(input, 0, 1, 'float32', 3);
    const [a, b] = [app[name]!, exported[name]!].map((Cls) => new Cls({ name: `probe_${name}`, ...args() }));
    const ya = a!.apply(x, { training: true }) as tf.Tensor;
    const yb = b!.apply(x, { training: true }) as tf.Tensor;
    expect(Array.from(yb.dataSync())).toEqual(Array.from(ya.dataSync()));
    expect(b!.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(a!.getWeights().map((w) => Array.from(w.dataSync())));
    expect(b!.getClassName()).toBe(a!.getClassName());
    expect(b!.getConfig()).toEqual(a!.getConfig());
    const gradOf = (layer: tf.layers.Layer) => Array.from(tf.grad((t: tf.Tensor) => tf.sum(tf.square(layer.apply(t, { training: false }) as tf.Tensor)))(x).dataSync());
    expect(gradOf(b!)).toEqual(gradOf(a!));
  });

  it('save and load through tfjs\'s model format', async () => {
    // loading the exported module registered its classes last, so these load as exported classes
    const input = tf.input({ shape: [3, 3, 4] });
    const gn = new exported['GroupNorm']!({ name: 'gn', groups: 2 }).apply(input) as tf.SymbolicTensor;
    const attn = new exported['SelfAttention2D']!({ name: 'attn', heads: 1, seed: 3 }).apply(gn) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: attn });
    let saved: tf.io.ModelArtifacts | undefined;
    await model.save(tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }));
    expect(JSON.stringify(saved!.modelTopology)).toContain('"class_name":"GroupNorm"');
    const registeredName = tf.serialization.getRegisteredName(exported['GroupNorm'] as unknown as tf.serialization.SerializableConstructor<tf.layers.Layer>);
    expect(registeredName).toBe('Tensorloom>GroupNorm');
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved!));
    const x = tf.randomNormal([2, 3, 3, 4], 0, 1, 'float32', 8);
    expect(Array.from((loaded.predict(x) as tf.Tensor).dataSync())).toEqual(Array.from((model.predict(x) as tf.Tensor).dataSync()));
  });
});
