// The checks that teach what training does with a graph (src/compiler/training-checks.ts): each
// mistake pinned to the one diagnostic a person should see, and the shipped templates to none.
import { describe, expect, it, vi } from 'vitest';
import type { NodeSpec } from '../../nodes/spec';
import { analyze } from '../../src/compiler/analyze';
import type { GraphDoc } from '../../src/graph/types';
import { TEMPLATES } from '../../templates';
import { chainModel, doc, graph, type NodeRow } from '../helpers/build-doc';

// No Metric node is registered yet: this file's registry has a stand-in with the metric role.
const { METRIC } = vi.hoisted(() => {
  const spec: NodeSpec = {
    type: 'metrics.testMetric',
    category: 'metrics',
    role: 'metric',
    version: 1,
    title: 'Metric',
    docs: { summary: 'charts a scalar', intuition: '' },
    params: {},
    inputs: () => [{ name: 'in', kind: 'any', doc: 'what to chart' }],
    outputs: () => [],
    inferShape: () => ({ ok: true, outputs: {} }),
    run: () => ({}),
  };
  return { METRIC: spec };
});
vi.mock('../../nodes', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../nodes')>();
  return { ...real, getSpec: (type: string) => (type === METRIC.type ? METRIC : real.getSpec(type)) };
});

const NEW = ['graph.modelNotTrained', 'graph.optimizerLossIgnoresModels', 'graph.modelManyOptimizers', 'graph.lossUnused'];
const diagnosticsOf = (d: GraphDoc) => analyze(d).diagnostics;
const codesOf = (d: GraphDoc) => diagnosticsOf(d).map((x) => x.code);

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
  ['opt', 'optimizers.adam', { models: ['gen', 'critic'] }],
];
const baseEdges = ['noise.out -> g.x', 'g.y -> c.x', 'c.y -> loss.logits', 'loss.loss -> opt.loss'];
const withRow = (rows: NodeRow[], row: NodeRow) => rows.map((r) => (r[0] === row[0] ? row : r));

describe('training checks', () => {
  it('the base graph gives no diagnostics at all', () => {
    expect(diagnosticsOf(doc({ models, main: graph(base, baseEdges) }))).toEqual([]);
  });

  it('a used model with weights that no optimizer updates → graph.modelNotTrained on that model', () => {
    const rows = withRow(base, ['opt', 'optimizers.adam', { models: ['gen'] }]);
    const ds = diagnosticsOf(doc({ models, main: graph(rows, baseEdges) }));
    expect(ds.map((x) => x.code)).toEqual(['graph.modelNotTrained']);
    expect(ds[0]!).toMatchObject({ severity: 'warning', scope: { kind: 'model', modelId: 'critic' }, path: 'models.critic' });
    expect(ds[0]!.message).toMatch(/^Model "critic" is used in the training graph, but no optimizer updates it\. .*"models".*random/);
    // a model without weights (an Activation only) has nothing to train: no warning
    const flat = { ...models, flat: chainModel([2], [['f', 'layers.activation']]) };
    const flatRows: NodeRow[] = [...base, ['z2', 'samplers.gaussian', { batchSize: 8, shape: [2] }], ['f', 'models.call', { model: 'flat' }], ['show', 'previews.scatter']];
    expect(codesOf(doc({ models: flat, main: graph(flatRows, [...baseEdges, 'z2.out -> f.x', 'f.y -> show.points']) }))).toEqual([]);
    // no optimizer at all: graph.noOptimizer says it once
    expect(codesOf(doc({ models, main: graph(base.slice(0, 4), baseEdges.slice(0, 3)) }))).not.toContain('graph.modelNotTrained');
  });

  it('an optimizer whose loss depends on none of its models → one graph.optimizerLossIgnoresModels on it', () => {
    const extra = { ...models, a: chainModel([2], [['d', 'layers.dense', { units: 2 }]]), b: chainModel([2], [['d', 'layers.dense', { units: 2 }]]) };
    const rows = withRow(base, ['opt', 'optimizers.adam', { models: ['a', 'b'] }]);
    const errors = diagnosticsOf(doc({ models: extra, main: graph(rows, baseEdges) })).filter((x) => x.severity === 'error');
    expect(errors.map((x) => x.code)).toEqual(['graph.optimizerLossIgnoresModels']);
    expect(errors[0]!).toMatchObject({ nodeId: 'opt', path: 'main.nodes[4].params.models' });
    expect(errors[0]!.message).toMatch(/^Adam "opt": updates models "a" and "b", but its loss depends on none of them/);
    expect(errors[0]!.message).toContain('Its loss is computed from models "critic" and "gen": choose in "models" the ones to train, or connect');
    const one = withRow(base, ['opt', 'optimizers.adam', { models: ['a'] }]);
    const single = diagnosticsOf(doc({ models: extra, main: graph(one, baseEdges) })).filter((x) => x.severity === 'error');
    expect(single.map((x) => x.code)).toEqual(['graph.optimizerLossIgnoresModels']);
    expect(single[0]!.message).toMatch(/^Adam "opt": updates model "a", but its loss does not depend on it, .*Model node of that model\.$/);
    // some of its models upstream, some not: the error per model stays
    const mixed = withRow(base, ['opt', 'optimizers.adam', { models: ['gen', 'critic', 'a'] }]);
    const partial = diagnosticsOf(doc({ models: extra, main: graph(mixed, baseEdges) })).filter((x) => x.severity === 'error');
    expect(partial.map((x) => x.code)).toEqual(['graph.optimizerModelNotUpstream']);
  });

  it('a model updated by two optimizers → graph.modelManyOptimizers, asking whether it is intended', () => {
    const rows: NodeRow[] = [
      ...withRow(base, ['opt', 'optimizers.adam', { models: ['critic', 'gen'] }]),
      ['loss2', 'losses.bceLogits', { target: 'zeros' }],
      ['opt2', 'optimizers.sgd', { models: ['gen'] }],
    ];
    const labelled = graph(rows, [...baseEdges, 'c.y -> loss2.logits', 'loss2.loss -> opt2.loss']);
    labelled.nodes.find((n) => n.id === 'opt')!.label = 'D';
    const ds = diagnosticsOf(doc({ models, main: labelled }));
    expect(ds.map((x) => x.code)).toEqual(['graph.modelManyOptimizers']);
    expect(ds[0]!).toMatchObject({ severity: 'info', scope: { kind: 'model', modelId: 'gen' } });
    expect(ds[0]!.message).toMatch(/^Model "gen" is updated by 2 optimizers: Adam "D" and SGD "opt2"\. Is this intended\?/);
    expect(ds[0]!.message).toContain('its own loss');
  });

  it('a loss that feeds no optimizer and no metric → graph.lossUnused in place of graph.unused; a Metric is a root', () => {
    const rows: NodeRow[] = [...base, ['stray', 'losses.bceLogits', { target: 'zeros' }]];
    const ds = diagnosticsOf(doc({ models, main: graph(rows, [...baseEdges, 'c.y -> stray.logits']) }));
    expect(ds.map((x) => [x.code, x.nodeId])).toEqual([['graph.lossUnused', 'stray']]);
    expect(ds[0]!.severity).toBe('warning');
    expect(ds[0]!.message).toMatch(/^BCE.* "stray": feeds no optimizer and no metric.*optimizer.*Metric/);
    // charted by a Metric: neither the loss nor the Metric is unused
    const charted: NodeRow[] = [...rows, ['chart', METRIC.type]];
    expect(codesOf(doc({ models, main: graph(charted, [...baseEdges, 'c.y -> stray.logits', 'stray.loss -> chart.in']) }))).toEqual([]);
  });

  it('the 2-D GAN template, and every shipped template, gives none of these', () => {
    const gan2d = TEMPLATES.find((t) => t.id === 'gan-2d')!;
    expect(diagnosticsOf(gan2d.doc)).toEqual([]);
    for (const t of TEMPLATES) expect(codesOf(t.doc).filter((c) => NEW.includes(c)), t.id).toEqual([]);
  });
});
