// Wrong training graphs, each pinned to the diagnostic a person should see.
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/compiler/analyze';
import type { GraphDoc } from '../../src/graph/types';
import { chainModel, doc, graph, type NodeRow } from '../helpers/build-doc';

const errors = (d: GraphDoc) => analyze(d).diagnostics.filter((x) => x.severity === 'error');
const codesOf = (d: GraphDoc) => errors(d).map((x) => x.code);

// generator: z[4] → dense 3;  critic: x[3] → dense 1
const models = {
  gen: chainModel([4], [['d', 'layers.dense', { units: 3 }]]),
  critic: chainModel([3], [['d', 'layers.dense', { units: 1 }]]),
};
const base: NodeRow[] = [
  ['noise', 'samplers.gaussian', { batchSize: 8, shape: [4] }],
  ['g', 'models.call', { model: 'gen' }],
  ['c', 'models.call', { model: 'critic' }],
  ['loss', 'losses.bceLogits', { target: 'ones' }],
  ['opt', 'optimizers.adam', { models: ['gen'] }],
];
const baseEdges = ['noise.out -> g.x', 'g.y -> c.x', 'c.y -> loss.logits', 'loss.loss -> opt.loss'];

describe('analyze on the training graph', () => {
  it('accepts a well-formed graph and knows every shape', () => {
    const d = doc({ models, main: graph(base, baseEdges) });
    expect(codesOf(d)).toEqual([]);
    const s = analyze(d).shapes.main!;
    expect(s.g!.y).toEqual([8, 3]);
    expect(s.c!.y).toEqual([8, 1]);
    expect(s.loss!.loss).toEqual([]);
  });

  it('model input fed the wrong shape → shape.modelInput naming the model and both shapes', () => {
    const rows = base.map((r): NodeRow => (r[0] === 'noise' ? ['noise', 'samplers.gaussian', { batchSize: 8, shape: [5] }] : r));
    const e = errors(doc({ models, main: graph(rows, baseEdges) }));
    expect(e.map((x) => x.code)).toEqual(['shape.modelInput']);
    expect(e[0]!.message).toContain('declared as [batch, 4], but gets [8, 5]');
  });

  it('model instance input unconnected → graph.inputMissing', () => {
    const d = doc({ models, main: graph(base, baseEdges.filter((e) => !e.startsWith('noise'))) });
    expect(codesOf(d)).toContain('graph.inputMissing');
    expect(errors(d).find((x) => x.code === 'graph.inputMissing')!.nodeId).toBe('g');
  });

  it('a tensor fed to an optimizer → graph.kindMismatch (the loss is not scalar)', () => {
    const edges = [...baseEdges.filter((e) => !e.endsWith('opt.loss')), 'c.y -> opt.loss'];
    const e = errors(doc({ models, main: graph(base, edges) }));
    expect(e.map((x) => x.code)).toEqual(['graph.kindMismatch']);
    expect(e[0]!.message).toMatch(/expects a scalar loss, but Model "c" gives a tensor/);
  });

  it('optimizer owning no model → graph.optimizerNoModel', () => {
    const rows = base.map((r): NodeRow => (r[0] === 'opt' ? ['opt', 'optimizers.adam', { models: [] }] : r));
    expect(codesOf(doc({ models, main: graph(rows, baseEdges) }))).toEqual(['graph.optimizerNoModel']);
  });

  it('optimizer owning a model its loss does not depend on → graph.optimizerModelNotUpstream', () => {
    const extra = { ...models, other: chainModel([2], [['d', 'layers.dense', { units: 2 }]]) };
    const rows = base.map((r): NodeRow => (r[0] === 'opt' ? ['opt', 'optimizers.adam', { models: ['gen', 'other'] }] : r));
    expect(codesOf(doc({ models: extra, main: graph(rows, baseEdges) }))).toEqual(['graph.optimizerModelNotUpstream']);
  });

  it('optimizer naming a model that does not exist → graph.unknownModel', () => {
    const rows = base.map((r): NodeRow => (r[0] === 'opt' ? ['opt', 'optimizers.adam', { models: ['gen', 'ghost'] }] : r));
    expect(codesOf(doc({ models, main: graph(rows, baseEdges) }))).toContain('graph.unknownModel');
  });

  it('model node pointing at a missing model → graph.unknownModel', () => {
    const rows = base.map((r): NodeRow => (r[0] === 'c' ? ['c', 'models.call', { model: 'nope' }] : r));
    expect(codesOf(doc({ models, main: graph(rows, baseEdges) }))).toContain('graph.unknownModel');
  });

  it('cycle in the training graph → graph.cycle', () => {
    const rows: NodeRow[] = [...base, ['c2', 'models.call', { model: 'gen' }]];
    // c2 feeds g's input and takes g's output: g → c2 → g
    const edges = [...baseEdges.filter((e) => !e.startsWith('noise')), 'g.y -> c2.x', 'c2.y -> g.x'];
    expect(codesOf(doc({ models, main: graph(rows, edges) }))).toContain('graph.cycle');
  });

  it('two losses into one input → graph.inputDoubled', () => {
    const rows: NodeRow[] = [...base, ['loss2', 'losses.bceLogits', { target: 'zeros' }]];
    const edges = [...baseEdges, 'c.y -> loss2.logits', 'loss2.loss -> opt.loss'];
    expect(codesOf(doc({ models, main: graph(rows, edges) }))).toEqual(['graph.inputDoubled']);
  });

  it('a training-graph node inside a model → graph.mainNodeInModel', () => {
    const m = chainModel([4], [['d', 'layers.dense', { units: 3 }]]);
    m.nodes.push({ id: 'n', type: 'samplers.gaussian', params: {}, position: { x: 0, y: 0 } });
    expect(codesOf(doc({ models: { ...models, gen: m }, main: graph(base, baseEdges) }))).toContain('graph.mainNodeInModel');
  });

  it('param out of range → param.range on the param path', () => {
    const rows = base.map((r): NodeRow => (r[0] === 'noise' ? ['noise', 'samplers.gaussian', { batchSize: 0, shape: [4] }] : r));
    const e = errors(doc({ models, main: graph(rows, baseEdges) }));
    expect(e.map((x) => x.code)).toContain('param.range');
  });

  it('an absurd param is reported without reaching the node\'s port functions', () => {
    const rows: NodeRow[] = [...base.filter((r) => r[0] !== 'loss'), ['loss', 'losses.bceLogits', { target: 'ones' }], ['sum', 'losses.weightedSum', { count: 1e12 }]];
    const d = doc({ models, main: graph(rows, baseEdges) });
    expect(() => analyze(d)).not.toThrow();
    expect(errors(d).find((x) => x.code === 'param.range')?.nodeId).toBe('sum');
  });

  it('no optimizer → a warning, not an error', () => {
    const d = doc({ models, main: graph(base.slice(0, 4), baseEdges.slice(0, 3)) });
    const a = analyze(d);
    expect(a.diagnostics.filter((x) => x.severity === 'error')).toEqual([]);
    expect(a.diagnostics.map((x) => x.code)).toContain('graph.noOptimizer');
  });

  it('an unused node → graph.unused warning on that node', () => {
    const rows: NodeRow[] = [...base, ['stray', 'samplers.gaussian', {}]];
    const a = analyze(doc({ models, main: graph(rows, baseEdges) }));
    expect(a.diagnostics.find((x) => x.code === 'graph.unused')?.nodeId).toBe('stray');
  });
});
