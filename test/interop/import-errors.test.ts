// Importing hand-written model.json files: each kind of refusal with its code and words, fused
// activations, Sequential and Keras 3 layouts, and the weight decoding.
import { describe, expect, it } from 'vitest';
import { applyModelWeights } from '../../src/interop/apply-weights';
import { buildImportedModel } from '../../src/interop/build-imported';
import { importLayersModel, type ImportResult } from '../../src/interop/import-model';
import { TensorloomError } from '../../src/runtime/errors';
import { tf } from '../helpers/cpu-session';

type Json = Record<string, unknown>;

const layer = (name: string, className: string, config: Json, inbound: string[] = []): Json => ({
  name,
  class_name: className,
  config: { name, ...config },
  inbound_nodes: inbound.length ? [inbound.map((n) => [n, 0, 0, {}])] : [],
});
const input = (name: string, shape: (number | null)[]) => layer(name, 'InputLayer', { batch_input_shape: [null, ...shape], dtype: 'float32' });

function modelJson(layers: Json[], opts: { inputs?: string[]; outputs?: string[]; manifest?: Json[] } = {}): string {
  const names = layers.map((l) => l['name'] as string);
  const config = {
    name: 'm',
    layers,
    input_layers: (opts.inputs ?? [names[0]!]).map((n) => [n, 0, 0]),
    output_layers: (opts.outputs ?? [names.at(-1)!]).map((n) => [n, 0, 0]),
  };
  return JSON.stringify({ format: 'layers-model', modelTopology: { class_name: 'Model', config }, weightsManifest: opts.manifest ?? [] });
}

/** The one diagnostic of a refused import. */
function refusal(r: ImportResult) {
  expect(r.ok).toBe(false);
  expect(r.diagnostics).toHaveLength(1);
  return r.diagnostics[0]!;
}

const dense = (name: string, from: string, config: Json = {}) => layer(name, 'Dense', { units: 4, activation: 'linear', use_bias: true, ...config }, [from]);

describe('importLayersModel refuses what it cannot represent, saying why', () => {
  it('malformed JSON', () => {
    const d = refusal(importLayersModel('{"modelTopology": ', { file: 'broken.json' }));
    expect(d.code).toBe('import.json');
    expect(d.severity).toBe('error');
    expect(d.message).toMatch(/^broken\.json is not valid JSON/);
  });

  it('a graph model', () => {
    const graphModel = { format: 'graph-model', modelTopology: { node: [{ name: 'x', op: 'Placeholder' }], versions: {} }, weightsManifest: [] };
    const d = refusal(importLayersModel(graphModel));
    expect(d.code).toBe('import.graphModel');
    expect(d.message).toMatch(/graph model .* Only layers models can be imported/);
  });

  it('JSON that is no model, and a topology without layers', () => {
    expect(refusal(importLayersModel('{"weights": []}')).code).toBe('import.notModel');
    expect(refusal(importLayersModel('[1, 2]')).code).toBe('import.notModel');
    const noLayers = JSON.stringify({ modelTopology: { class_name: 'Model', config: { name: 'm' } } });
    expect(refusal(importLayersModel(noLayers)).message).toMatch(/no "layers" list/);
  });

  it('an unsupported layer class, named, with the supported ones listed', () => {
    const d = refusal(importLayersModel(modelJson([input('x', [5, 3]), layer('rnn', 'LSTM', { units: 8 }, ['x'])])));
    expect(d.code).toBe('import.unsupportedLayer');
    expect(d.message).toMatch(/^Layer "rnn" is a LSTM, which has no Tensorloom node\. Supported layers: InputLayer, Dense, Conv2D, Conv2DTranspose, .*GroupNorm/);
  });

  it('settings a node cannot represent: dilation, non-square kernels, a rate out of range', () => {
    const conv = (config: Json) => modelJson([input('x', [8, 8, 3]), layer('c', 'Conv2D', { filters: 4, kernel_size: [3, 3], strides: [1, 1], padding: 'same', ...config }, ['x'])]);
    const dilated = refusal(importLayersModel(conv({ dilation_rate: [2, 2] })));
    expect(dilated.code).toBe('import.unsupportedSetting');
    expect(dilated.message).toMatch(/Layer "c" \(Conv2D\) has dilation_rate = \[2,2\]/);
    expect(refusal(importLayersModel(conv({ kernel_size: [3, 5] }))).message).toMatch(/same size for height and width/);
    expect(refusal(importLayersModel(conv({ data_format: 'channels_first' }))).code).toBe('import.unsupportedSetting');
    const drop = refusal(importLayersModel(modelJson([input('x', [4]), layer('d', 'Dropout', { rate: 0.99 }, ['x'])])));
    expect(drop.code).toBe('import.unsupportedSetting');
    expect(drop.message).toMatch(/rate = 0\.99.*outside \[0, 0\.95\]/);
  });

  it('an activation Tensorloom lacks', () => {
    const d = refusal(importLayersModel(modelJson([input('x', [4]), dense('probs', 'x', { activation: 'selu' })])));
    expect(d.code).toBe('import.unsupportedActivation');
    expect(d.message).toMatch(/"selu".*Supported activations: linear, relu/);
  });

  it('a layer called twice (shared weights)', () => {
    const shared = layer('h', 'Dense', { units: 4 }, []);
    shared['inbound_nodes'] = [[['a', 0, 0, {}]], [['b', 0, 0, {}]]];
    const d = refusal(importLayersModel(modelJson([input('a', [4]), input('b', [4]), shared], { inputs: ['a', 'b'] })));
    expect(d.code).toBe('import.sharedLayer');
  });

  it('an input of unknown size', () => {
    const d = refusal(importLayersModel(modelJson([input('x', [null, 3]), dense('h', 'x')])));
    expect(d.code).toBe('import.inputShape');
    expect(d.message).toMatch(/^Input "x" has the shape \[batch, \?, 3\]; a Model Input needs every size/);
  });

  it('an input too large for any tensor (a damaged or hostile shape), before anything is built', () => {
    for (const shape of [[1e308], [65536, 65536]]) {
      const d = refusal(importLayersModel(modelJson([input('x', shape), dense('h', 'x')])));
      expect(d.code).toBe('import.inputTooLarge');
      expect(d.message).toMatch(/^Input "x" has the shape \[batch, .*\]: one example alone would hold .* values, more than the 2,147,483,647/);
    }
    expect(importLayersModel(modelJson([input('x', [2 ** 24]), dense('h', 'x')])).ok).toBe(true);
  });

  it('a layer that does not fit its input once imported', () => {
    const d = refusal(importLayersModel(modelJson([input('x', [4, 4, 2]), dense('h', 'x')])));
    expect(d.code).toBe('import.shape');
    expect(d.message).toMatch(/Layer "h" does not fit.*Insert a Flatten/);
  });
});

describe('importLayersModel reads', () => {
  it('fused activations without a param as an Activation node after the layer', () => {
    const r = importLayersModel(modelJson([input('x', [4]), dense('h', 'x', { activation: 'leaky_relu' })]));
    expect(r.diagnostics).toEqual([]);
    if (!r.ok) return;
    const g = r.model.graph;
    expect(g.nodes.map((n) => [n.id, n.type, n.params])).toEqual([
      ['x', 'models.input', { name: 'x', shape: [4] }],
      ['h', 'layers.dense', { units: 4, activation: 'linear', useBias: true }],
      ['h_act', 'layers.activation', { activation: 'leakyRelu', alpha: 0.2 }],
      ['y', 'models.output', { name: 'y' }],
    ]);
    expect(g.edges.map((e) => `${e.source.node}->${e.target.node}`)).toEqual(['x->h', 'h->h_act', 'h_act->y']);
    expect(r.model.weights).toBeNull();
  });

  it('settings that only shaped the original training (frozen layers, regularisers) with a warning', () => {
    const r = importLayersModel(modelJson([input('x', [4]), dense('h', 'x', { trainable: false, kernel_regularizer: { class_name: 'L1L2', config: { l2: 0.01 } } })]));
    expect(r.ok).toBe(true);
    expect(r.diagnostics.map((d) => [d.code, d.severity])).toEqual([['import.ignoredSettings', 'warning']]);
    expect(r.diagnostics[0]!.message).toMatch(/^Layer "h" \(Dense\): trainable = false, kernel_regularizer = L1L2 not kept/);
  });

  it('a Sequential model (tfjs layout) as a chain from a made-up input', () => {
    const seq = {
      modelTopology: {
        class_name: 'Sequential',
        config: {
          name: 'seq',
          layers: [
            { class_name: 'Dense', config: { name: 'd1', units: 6, activation: 'tanh', batch_input_shape: [null, 3] } },
            { class_name: 'Dense', config: { name: 'd2', units: 2, activation: 'linear' } },
          ],
        },
      },
    };
    const r = importLayersModel(seq);
    expect(r.diagnostics).toEqual([]);
    if (!r.ok) return;
    expect(r.model.id).toBe('seq');
    expect(r.model.graph.nodes.map((n) => `${n.id}:${n.type}`)).toEqual(['d1_input:models.input', 'd1:layers.dense', 'd2:layers.dense', 'y:models.output']);
    expect(buildImportedModel(tf, r.model).outputs[0]!.shape).toEqual([null, 2]);
  });

  it('the layout of the Python converter (Keras 2): model_config wrapper, Sequential starting with an InputLayer, sharded weights', () => {
    const json = {
      format: 'layers-model',
      generatedBy: 'keras v2.12.0',
      convertedBy: 'TensorFlow.js Converter v4.4.0',
      modelTopology: {
        keras_version: '2.12.0',
        backend: 'tensorflow',
        model_config: {
          class_name: 'Sequential',
          config: {
            name: 'sequential',
            layers: [
              { class_name: 'InputLayer', config: { batch_input_shape: [null, 3], dtype: 'float32', sparse: false, ragged: false, name: 'dense_input' } },
              { class_name: 'Dense', config: { name: 'dense', trainable: true, dtype: 'float32', units: 2, activation: 'relu', use_bias: true, kernel_regularizer: null } },
            ],
          },
        },
        training_config: { loss: 'mse' },
      },
      weightsManifest: [
        { paths: ['group1-shard1of2.bin', 'group1-shard2of2.bin'], weights: [{ name: 'dense/kernel', shape: [3, 2], dtype: 'float32' }, { name: 'dense/bias', shape: [2], dtype: 'float32' }] },
      ],
    };
    const all = new Float32Array([1, 0, 0, 1, 1, 1, -10, 0.5]);
    const bytes = new Uint8Array(all.buffer);
    const r = importLayersModel(json, { weights: { 'group1-shard1of2.bin': bytes.slice(0, 12), 'group1-shard2of2.bin': bytes.slice(12) } });
    expect(r.diagnostics).toEqual([]);
    if (!r.ok) return;
    expect(r.model.graph.nodes.map((n) => `${n.id}:${n.type}`)).toEqual(['dense_input:models.input', 'dense:layers.dense', 'y:models.output']);
    const y = buildImportedModel(tf, r.model).predict(tf.tensor2d([[1, 2, 3]])) as tf.Tensor;
    expect([...y.dataSync()]).toEqual([0, 5.5]); // relu([1 + 3 - 10, 2 + 3 + 0.5]) with kernel rows [1, 0], [0, 1], [1, 1]
  });

  it('the Keras 3 layout: keras tensors in inbound args, batch_shape, bare input refs', () => {
    const tensor = (layerName: string) => ({ class_name: '__keras_tensor__', config: { shape: [null, 4], dtype: 'float32', keras_history: [layerName, 0, 0] } });
    const json = {
      modelTopology: {
        class_name: 'Functional',
        config: {
          name: 'k3',
          layers: [
            { name: 'inp', class_name: 'InputLayer', config: { name: 'inp', batch_shape: [null, 4], dtype: 'float32' }, inbound_nodes: [] },
            { name: 'a', class_name: 'Dense', config: { name: 'a', units: 4, activation: 'silu' }, inbound_nodes: [{ args: [tensor('inp')], kwargs: {} }] },
            { name: 'b', class_name: 'Dense', config: { name: 'b', units: 4 }, inbound_nodes: [{ args: [tensor('inp')], kwargs: {} }] },
            { name: 'cat', class_name: 'Concatenate', config: { name: 'cat', axis: -1 }, inbound_nodes: [{ args: [[tensor('a'), tensor('b')]], kwargs: {} }] },
            { name: 'norm', class_name: 'BatchNormalization', config: { name: 'norm', axis: 1, momentum: 0.9, epsilon: 0.001, center: true, scale: true }, inbound_nodes: [{ args: [tensor('cat')], kwargs: {} }] },
            { name: 'lrelu', class_name: 'LeakyReLU', config: { name: 'lrelu', negative_slope: 0.05 }, inbound_nodes: [{ args: [tensor('norm')], kwargs: {} }] },
          ],
          input_layers: ['inp', 0, 0],
          output_layers: [['lrelu', 0, 0]],
        },
      },
    };
    const r = importLayersModel(json);
    expect(r.diagnostics).toEqual([]);
    if (!r.ok) return;
    const byId = Object.fromEntries(r.model.graph.nodes.map((n) => [n.id, n]));
    expect(byId['a']!.params['activation']).toBe('swish');
    expect(byId['cat']!.params).toEqual({ inputs: 2 });
    expect(byId['norm']!.params).toEqual({ momentum: 0.9, epsilon: 0.001 });
    expect(byId['lrelu']!.params).toEqual({ activation: 'leakyRelu', alpha: 0.05 });
    expect(r.model.graph.edges.filter((e) => e.target.node === 'cat').map((e) => `${e.source.node}->${e.target.port}`)).toEqual(['a->in1', 'b->in2']);
  });
});

describe('imported weights', () => {
  const twoLayers = (manifest: Json[]) => modelJson([input('x', [2]), dense('h', 'x', { units: 3 })], { manifest });
  const kernel = [1, 2, 3, 4, 5, 6], bias = [0.5, -0.5, 0.25];
  const f32 = (values: number[]) => new Uint8Array(new Float32Array(values).buffer);
  const both = (a: Uint8Array, b: Uint8Array) => new Uint8Array([...a, ...b]);
  const specs = [
    { name: 'h/kernel', shape: [2, 3], dtype: 'float32' },
    { name: 'h/bias', shape: [3], dtype: 'float32' },
  ];

  it('are decoded by layer and weight name, and load into the built model', () => {
    const r = importLayersModel(twoLayers([{ paths: ['group1-shard1of1.bin'], weights: specs }]), { weights: { 'group1-shard1of1.bin': both(f32(kernel), f32(bias)) } });
    expect(r.diagnostics).toEqual([]);
    if (!r.ok) return;
    expect(Object.keys(r.model.weights!)).toEqual(['h']);
    expect(r.model.weights!['h']!.map((w) => [w.name, [...w.values]])).toEqual([['kernel', kernel], ['bias', bias]]);
    const m = buildImportedModel(tf, r.model);
    const y = m.predict(tf.tensor2d([[1, 1]])) as tf.Tensor;
    expect([...y.dataSync()]).toEqual([5.5, 6.5, 9.25]);
  });

  it('dequantise uint8 (q * scale + min) and widen float16', () => {
    const quantised = [
      { name: 'h/kernel', shape: [2, 3], dtype: 'float32', quantization: { dtype: 'uint8', scale: 0.5, min: -1 } },
      { name: 'h/bias', shape: [3], dtype: 'float32', quantization: { dtype: 'float16' } },
    ];
    // float16: 0x3800 = 0.5, 0xb800 = -0.5, 0x3400 = 0.25
    const bytes = new Uint8Array([0, 1, 2, 3, 4, 6, 0x00, 0x38, 0x00, 0xb8, 0x00, 0x34]);
    const r = importLayersModel(twoLayers([{ paths: ['w.bin'], weights: quantised }]), { weights: { 'w.bin': bytes } });
    expect(r.diagnostics).toEqual([]);
    if (!r.ok) return;
    expect(r.model.weights!['h']!.map((w) => [...w.values])).toEqual([[-1, -0.5, 0, 0.5, 1, 2], bias]);
  });

  it('refuse a missing file, a short file, a weight of no layer and integer weights', () => {
    const manifest = [{ paths: ['a.bin', 'b.bin'], weights: specs }];
    expect(refusal(importLayersModel(twoLayers(manifest), { weights: { 'a.bin': f32(kernel) } })).code).toBe('import.weightsMissing');
    const short = refusal(importLayersModel(twoLayers([{ paths: ['w.bin'], weights: specs }]), { weights: { 'w.bin': f32(kernel) } }));
    expect(short.code).toBe('import.weightsShort');
    expect(short.message).toMatch(/describes 36 bytes, the file\(s\) hold 24/);
    const orphan = [{ paths: ['w.bin'], weights: [...specs, { name: 'gone/kernel', shape: [1], dtype: 'float32' }] }];
    expect(refusal(importLayersModel(twoLayers(orphan), { weights: { 'w.bin': both(f32([...kernel, ...bias]), f32([0])) } })).code).toBe('import.weightOrphan');
    const ints = [{ paths: ['w.bin'], weights: [{ name: 'h/kernel', shape: [2, 3], dtype: 'int32' }] }];
    expect(refusal(importLayersModel(twoLayers(ints), { weights: { 'w.bin': f32(kernel) } })).code).toBe('import.weightDtype');
  });

  it('refuse NaN and infinite values, stored plainly or as float16, naming the weight and the first one', () => {
    const plain = refusal(importLayersModel(twoLayers([{ paths: ['w.bin'], weights: specs }]), { weights: { 'w.bin': both(f32([1, 2, NaN, 4, Infinity, 6]), f32(bias)) } }));
    expect(plain.code).toBe('import.weightNonFinite');
    expect(plain.message).toMatch(/^Weight "h\/kernel" holds 2 of its 6 values as NaN or infinity \(the first at index 2\)/);
    const halves = [specs[0]!, { name: 'h/bias', shape: [3], dtype: 'float32', quantization: { dtype: 'float16' } }];
    const inf16 = new Uint8Array([0x00, 0x38, 0x00, 0x7c, 0x00, 0x34]); // 0.5, +inf, 0.25
    const half = refusal(importLayersModel(twoLayers([{ paths: ['w.bin'], weights: halves }]), { weights: { 'w.bin': both(f32(kernel), inf16) } }));
    expect(half.message).toMatch(/^Weight "h\/bias" holds 1 of its 3 values .* index 1\)/);
  });

  it('that do not fit the built model are refused before any value changes', () => {
    const r = importLayersModel(twoLayers([]));
    if (!r.ok) throw new Error('import failed');
    const m = buildImportedModel(tf, r.model);
    const before = m.getWeights().map((w) => [...w.dataSync()]);
    const wrong = { h: [{ name: 'kernel', shape: [3, 2], values: new Float32Array(6) }, { name: 'bias', shape: [3], values: new Float32Array(3) }] };
    let thrown: unknown;
    try {
      applyModelWeights(tf, m, r.model.id, wrong);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(TensorloomError);
    expect((thrown as TensorloomError).issue.code).toBe('import.weightMismatch');
    expect((thrown as Error).message).toMatch(/weight "kernel" of node "h" is \[3, 2\], the layer's is \[2, 3\]/);
    expect(m.getWeights().map((w) => [...w.dataSync()])).toEqual(before);
    expect(() => applyModelWeights(tf, m, r.model.id, {})).toThrow(/has weights but none were imported/);
  });
});
