// Ports carry a dtype (float32 values or int32 class ids): validate refuses a wire between ports of
// different dtypes with a message that teaches the fix, shape inference stops at that wire, and
// the dtype of a Model Input reaches the port of its Model nodes in the training graph.
import { describe, expect, it } from 'vitest';
import { analyze, analyzeFront } from '../../src/compiler/analyze';
import type { Diagnostic } from '../../src/compiler/diagnostics';
import type { Graph, GraphDoc } from '../../src/graph/types';
import { chainModel, doc, graph, type NodeRow } from '../helpers/build-doc';

const DTYPE_CODES = ['graph.dtypeWantsIds', 'graph.dtypeWantsValues'];
const dtypeDiagnostics = (d: GraphDoc): Diagnostic[] => analyze(d).diagnostics.filter((x) => DTYPE_CODES.includes(x.code));
const errorsOf = (d: GraphDoc) => analyze(d).diagnostics.filter((x) => x.severity === 'error');
const wherePlace = (x: Diagnostic) => [x.code, x.nodeId, x.port];

const mnist: NodeRow = ['data', 'data.mnist', { batchSize: 16 }];

describe('port dtypes', () => {
  it('a float tensor into One-hot\'s ids → graph.dtypeWantsIds at that port, and no shapes past it', () => {
    const rows: NodeRow[] = [
      ['noise', 'samplers.gaussian', { batchSize: 8, shape: [3] }],
      ['oh', 'tensors.oneHot', { classes: 5 }],
      ['probs', 'tensors.softmax'],
    ];
    const d = doc({ main: graph(rows, ['noise.out -> oh.ids', 'oh.out -> probs.in']) });
    const a = analyze(d);
    const ds = a.diagnostics.filter((x) => DTYPE_CODES.includes(x.code));
    expect(ds.map(wherePlace)).toEqual([['graph.dtypeWantsIds', 'oh', 'ids']]);
    expect(ds[0]!.severity).toBe('error');
    expect(ds[0]!.path).toBe('main.nodes[1]');
    expect(ds[0]!.message).toBe(
      'One-hot "oh": input "ids" expects int32 class ids, but Gaussian Noise "noise" gives float32 values. ' +
        'Class ids come from a data node\'s "label" port (Labels: class ids), a Categorical sampler or a Constant of labels.',
    );
    // the sampler's shape is known; One-hot and what follows it are not inferred, and report nothing more
    expect(a.shapes.main!['noise']).toEqual({ out: [8, 3] });
    expect(a.shapes.main!['oh']).toBeUndefined();
    expect(a.shapes.main!['probs']).toBeUndefined();
    expect(a.diagnostics.filter((x) => x.code.startsWith('shape.') || x.code.startsWith('internal.'))).toEqual([]);

    // the same wire from a Categorical sampler is fine, and shapes flow on
    const ids: NodeRow[] = [['noise', 'samplers.categorical', { batchSize: 8, classes: 5 }], rows[1]!, rows[2]!];
    const fine = analyze(doc({ main: graph(ids, ['noise.out -> oh.ids', 'oh.out -> probs.in']) }));
    expect(fine.diagnostics.filter((x) => DTYPE_CODES.includes(x.code))).toEqual([]);
    expect(fine.shapes.main!['oh']).toEqual({ out: [8, 5] });
    expect(fine.shapes.main!['probs']).toEqual({ out: [8, 5] });
  });

  it('MNIST\'s default label (int32 class ids) into an MSE\'s target → graph.dtypeWantsValues', () => {
    const rows: NodeRow[] = [mnist, ['pred', 'tensors.constant', { values: '0..15', dtype: 'float32' }], ['loss', 'losses.mse']];
    const d = doc({ main: graph(rows, ['pred.out -> loss.pred', 'data.label -> loss.target']) });
    const ds = dtypeDiagnostics(d);
    expect(ds.map(wherePlace)).toEqual([['graph.dtypeWantsValues', 'loss', 'target']]);
    expect(ds[0]!.message).toBe(
      'MSE "loss": input "target" expects float32 values, but MNIST "data" gives int32 class ids. An id is a name, ' +
        'not a quantity: turn ids into vectors with a One-hot node, or with an Embedding layer inside the model.',
    );
    expect(analyze(d).shapes.main!['loss']).toBeUndefined();
    // with one-hot labels the port is float32: the same wire is fine (the shapes then differ)
    const oneHotLabels = doc({ main: graph([['data', 'data.mnist', { batchSize: 16, labels: 'one-hot' }], ...rows.slice(1)], ['pred.out -> loss.pred', 'data.label -> loss.target']) });
    expect(dtypeDiagnostics(oneHotLabels)).toEqual([]);
    expect(analyze(oneHotLabels).diagnostics.map((x) => [x.code, x.nodeId])).toContainEqual(['shape.same', 'loss']);
  });

  it('MNIST label → One-hot is fine: float32 rows [batch, 10], for a loss that takes one-hot labels', () => {
    const clf = chainModel([28, 28, 1], [['flat', 'layers.flatten'], ['d', 'layers.dense', { units: 10 }]]);
    const rows: NodeRow[] = [
      mnist, ['oh', 'tensors.oneHot', { classes: 10 }], ['clf', 'models.call', { model: 'clf' }],
      ['loss', 'losses.categoricalCrossEntropy', { labels: 'one-hot' }], ['opt', 'optimizers.adam', { models: ['clf'] }],
    ];
    const edges = ['data.x -> clf.x', 'data.label -> oh.ids', 'clf.y -> loss.logits', 'oh.out -> loss.labels', 'loss.loss -> opt.loss'];
    const a = analyze(doc({ models: { clf }, main: graph(rows, edges) }));
    expect(a.diagnostics).toEqual([]);
    expect(a.shapes.main!['data']).toEqual({ x: [16, 28, 28, 1], label: [16] });
    expect(a.shapes.main!['oh']).toEqual({ out: [16, 10] });
    expect(a.shapes.main!['loss']).toEqual({ loss: [] });
    // without the One-hot, the ids into the loss's float32 one-hot port are refused
    const direct = doc({ models: { clf }, main: graph(rows, edges.map((e) => (e === 'oh.out -> loss.labels' ? 'data.label -> loss.labels' : e))) });
    expect(dtypeDiagnostics(direct).map(wherePlace)).toEqual([['graph.dtypeWantsValues', 'loss', 'labels']]);
  });

  describe('a model with an int32 Model Input of shape [] (one class id per sample)', () => {
    const embedder: Graph = graph(
      [
        ['c', 'models.input', { name: 'c', shape: [], dtype: 'int32' }],
        ['emb', 'layers.embedding', { inputDim: 10, outputDim: 4 }],
        ['d', 'layers.dense', { units: 2 }],
        ['out', 'models.output', { name: 'y' }],
      ],
      ['c.out -> emb.in', 'emb.out -> d.in', 'd.out -> out.in'],
    );
    const withFeeder = (feeder: NodeRow): GraphDoc => doc({
      models: { g: embedder },
      main: graph(
        [feeder, ['gn', 'models.call', { model: 'g' }], ['loss', 'losses.mse'], ['zeros', 'samplers.gaussian', { batchSize: 6, shape: [2], std: 0 }], ['opt', 'optimizers.adam', { models: ['g'] }]],
        ['src.out -> gn.c', 'gn.y -> loss.pred', 'zeros.out -> loss.target', 'loss.loss -> opt.loss'],
      ),
    });

    it('gives its Model node an int32 port, and class ids into it are fine', () => {
      const d = withFeeder(['src', 'samplers.categorical', { batchSize: 6, classes: 10 }]);
      const front = analyzeFront(d);
      expect(front.signatures['g']!.inputs).toEqual([{ name: 'c', shape: [null], dtype: 'int32' }]);
      expect(front.main.nodes.get('gn')!.inputs.map((p) => [p.name, p.kind, p.dtype])).toEqual([['c', 'tensor', 'int32']]);
      expect(front.shapes['model:g']!['emb']).toEqual({ out: [null, 4] });
      expect(front.shapes.main!['gn']).toEqual({ y: [6, 2] });
      expect(errorsOf(d)).toEqual([]);
    });

    it('a float tensor into that port → graph.dtypeWantsIds on the Model node', () => {
      const d = withFeeder(['src', 'samplers.uniform', { batchSize: 6, shape: [1] }]);
      const ds = dtypeDiagnostics(d);
      expect(ds.map(wherePlace)).toEqual([['graph.dtypeWantsIds', 'gn', 'c']]);
      expect(ds[0]!.message).toMatch(/^Model "gn": input "c" expects int32 class ids, but Uniform Noise "src" gives float32 values\./);
      expect(analyze(d).shapes.main!['gn']).toBeUndefined();
    });

    it('inside the model, a float32 Model Input into the Embedding → graph.dtypeWantsIds there', () => {
      const floats = { ...embedder, nodes: embedder.nodes.map((n) => (n.id === 'c' ? { ...n, params: { name: 'c', shape: [] } } : n)) };
      const ds = dtypeDiagnostics(doc({ models: { g: floats } }));
      expect(ds.map(wherePlace)).toEqual([['graph.dtypeWantsIds', 'emb', 'in']]);
      expect(ds[0]!.scope).toEqual({ kind: 'model', modelId: 'g' });
    });
  });

  it('a Metric takes a loss, a float32 tensor and int32 ids alike, and is inferred past', () => {
    const model = { clf: chainModel([3], [['d', 'layers.dense', { units: 4 }]]) };
    const rows: NodeRow[] = [
      ['x', 'samplers.gaussian', { batchSize: 8, shape: [3] }],
      ['ids', 'samplers.categorical', { batchSize: 8, classes: 4 }],
      ['clf', 'models.call', { model: 'clf' }],
      ['loss', 'losses.categoricalCrossEntropy'],
      ['opt', 'optimizers.adam', { models: ['clf'] }],
      ['m_loss', 'metrics.metric'],
      ['m_float', 'metrics.metric'],
      ['m_ids', 'metrics.metric'],
      ['acc', 'metrics.accuracy'],
      ['m_acc', 'metrics.metric'],
    ];
    const edges = [
      'x.out -> clf.x', 'clf.y -> loss.logits', 'ids.out -> loss.labels', 'loss.loss -> opt.loss',
      'loss.loss -> m_loss.value', 'x.out -> m_float.value', 'ids.out -> m_ids.value',
      'clf.y -> acc.logits', 'ids.out -> acc.labels', 'acc.out -> m_acc.value',
    ];
    const a = analyze(doc({ models: model, main: graph(rows, edges) }));
    expect(a.diagnostics).toEqual([]);
    for (const m of ['m_loss', 'm_float', 'm_ids', 'm_acc']) expect(a.shapes.main![m], m).toEqual({});
    expect(a.shapes.main!['acc']).toEqual({ out: [] });
    // where a port wants float32 values, the same int32 ids are refused: the Metric's 'any' is what lets them in
    const intoMse = analyze(doc({ models: model, main: graph([...rows, ['mse', 'losses.mse']], [...edges, 'ids.out -> mse.pred', 'ids.out -> mse.target']) }));
    expect(intoMse.diagnostics.filter((x) => DTYPE_CODES.includes(x.code)).map(wherePlace)).toEqual([
      ['graph.dtypeWantsValues', 'mse', 'pred'],
      ['graph.dtypeWantsValues', 'mse', 'target'],
    ]);
  });
});
