// Every supported layer class, Tensorloom's custom layers included, in one tfjs model with random
// weights: the exported files load back with tf.loadLayersModel, and import as a model subgraph
// that computes the same outputs.
import { describe, expect, it } from 'vitest';
import { customLayerClasses, registerCustomLayers } from '../../nodes/layers/custom';
import { buildImportedModel } from '../../src/interop/build-imported';
import { exportLayersModel } from '../../src/interop/export-model';
import { importLayersModel } from '../../src/interop/import-model';
import { tf } from '../helpers/cpu-session';

const TOLERANCE = 1e-6;

type Sym = tf.SymbolicTensor;

/** A functional model touching every supported class once, with two inputs and two outputs. */
function zoo(): tf.LayersModel {
  const L = tf.layers;
  const C = customLayerClasses(tf);
  const on = (layer: tf.layers.Layer, x: Sym | Sym[]) => layer.apply(x) as Sym;
  const x = tf.input({ shape: [8, 8, 4], name: 'image' });
  const t = tf.input({ shape: [1], name: 'time' });
  const c1 = on(L.conv2d({ name: 'conv', filters: 8, kernelSize: 3, padding: 'same', activation: 'relu' }), x);
  const g = on(new C.GroupNorm({ name: 'gn', groups: 2 }), c1);
  const a = on(new C.SelfAttention2D({ name: 'attn', heads: 2, seed: 4 }), g);
  const d = on(new C.FreshMaskDropout({ name: 'fdrop', rate: 0.1, seed: 1 }), a);
  const bn = on(L.batchNormalization({ name: 'bn', axis: -1 }), d);
  const lr = on(L.leakyReLU({ name: 'leaky', alpha: 0.1 }), bn);
  const mp = on(L.maxPooling2d({ name: 'maxpool', poolSize: 2 }), lr);
  const ct = on(L.conv2dTranspose({ name: 'deconv', filters: 4, kernelSize: 3, strides: 2, padding: 'same', activation: 'tanh' }), mp);
  const up = on(L.upSampling2d({ name: 'up', size: [2, 2] }), mp);
  const ap = on(L.averagePooling2d({ name: 'avgpool', poolSize: 2, strides: 2 }), up);
  const cat = on(L.concatenate({ name: 'cat' }), [ct, x]);
  const sum = on(L.add({ name: 'add' }), [cat, c1]);
  const prod = on(L.multiply({ name: 'mul' }), [sum, c1]);
  const gap = on(L.globalAveragePooling2d({ name: 'gap' }), prod);
  const ln = on(L.layerNormalization({ name: 'ln' }), gap);
  const e = on(new C.TimestepEmbedding({ name: 'temb', dim: 8, maxPeriod: 100 }), t);
  const drop = on(L.dropout({ name: 'drop', rate: 0.2 }), e);
  const both = on(L.add({ name: 'join' }), [ln, drop]);
  const sig = on(L.activation({ name: 'sig', activation: 'sigmoid' }), both);
  const same = on(L.activation({ name: 'identity', activation: 'linear' }), sig);
  const r = on(L.reshape({ name: 'reshape', targetShape: [2, 4] }), same);
  const f = on(L.flatten({ name: 'flat' }), r);
  const y = on(L.dense({ name: 'head', units: 3, activation: 'swish' }), f);
  const model = tf.model({ name: 'zoo', inputs: [x, t], outputs: [y, ap] });
  // random weights everywhere (positive, so BatchNorm's moving variance stays valid)
  for (const [i, w] of model.weights.entries()) w.write(tf.randomUniform(w.shape as number[], 0.5, 1.5, 'float32', i + 1));
  return model;
}

function maxAbsDiff(a: tf.Tensor[], b: tf.Tensor[]): number {
  expect(b.map((v) => v.shape)).toEqual(a.map((v) => v.shape));
  return Math.max(...a.map((v, i) => tf.tidy(() => tf.max(tf.abs(tf.sub(v, b[i]!))).dataSync()[0]!)));
}

describe('a model with every supported layer', () => {
  it('exports files that tf.loadLayersModel reads back, and imports with the same outputs', async () => {
    await tf.setBackend('cpu');
    registerCustomLayers(tf);
    const model = zoo();
    const files = await exportLayersModel(tf, model);
    const json = JSON.parse(files.modelJson) as { weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[]; modelTopology: object };
    expect(json.weightsManifest[0]!.paths).toEqual(['weights.bin']);

    const inputs = [tf.randomNormal([3, 8, 8, 4], 0, 1, 'float32', 7), tf.randomUniform([3, 1], 0, 50, 'float32', 8)];
    const want = model.predict(inputs) as tf.Tensor[];

    // tfjs itself reads the files back, custom layers included
    const loaded = await tf.loadLayersModel(
      tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0]!.weights, weightData: files.weightsBin.slice().buffer }),
    );
    expect(maxAbsDiff(want, loaded.predict(inputs) as tf.Tensor[])).toBeLessThanOrEqual(TOLERANCE);

    const r = importLayersModel(files.modelJson, { weights: { 'weights.bin': files.weightsBin } });
    expect(r.diagnostics).toEqual([]);
    if (!r.ok) return;
    const types = Object.fromEntries(r.model.graph.nodes.map((n) => [n.id, n.type]));
    expect(r.model.id).toBe('zoo');
    expect(types).toMatchObject({
      image: 'models.input', time: 'models.input', conv: 'layers.conv2d', gn: 'layers.groupNorm', attn: 'layers.selfAttention2d',
      fdrop: 'layers.dropout', bn: 'layers.batchNorm', leaky: 'layers.activation', maxpool: 'layers.maxPool2d',
      deconv: 'layers.conv2dTranspose', up: 'layers.upSampling2d', avgpool: 'layers.avgPool2d', cat: 'layers.concatenate',
      add: 'layers.add', mul: 'layers.multiply', gap: 'layers.globalAvgPool', ln: 'layers.layerNorm', temb: 'layers.timestepEmbedding',
      drop: 'layers.dropout', join: 'layers.add', sig: 'layers.activation', reshape: 'layers.reshape', flat: 'layers.flatten', head: 'layers.dense',
    });
    // a linear Activation changes nothing and becomes no node: reshape reads from sig directly
    expect(types['identity']).toBeUndefined();
    expect(r.model.graph.edges.some((e) => e.source.node === 'sig' && e.target.node === 'reshape')).toBe(true);
    expect(r.model.graph.nodes.find((n) => n.id === 'leaky')!.params).toEqual({ activation: 'leakyRelu', alpha: 0.1 });
    expect(r.model.graph.nodes.find((n) => n.id === 'head')!.params).toMatchObject({ units: 3, activation: 'swish' });
    // laid out left to right: every edge goes rightwards
    const x = Object.fromEntries(r.model.graph.nodes.map((n) => [n.id, n.position.x]));
    expect(r.model.graph.edges.every((e) => x[e.source.node]! < x[e.target.node]!)).toBe(true);

    const built = buildImportedModel(tf, r.model);
    const diff = maxAbsDiff(want, built.predict(inputs) as tf.Tensor[]);
    expect(diff).toBeLessThanOrEqual(TOLERANCE);
    tf.dispose([...inputs, ...want]);
    [model, loaded, built].forEach((m) => m.dispose());
  });
});
