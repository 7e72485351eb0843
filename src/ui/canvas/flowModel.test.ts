import { describe, expect, it } from 'vitest';
import { analyze } from '../../compiler/analyze';
import { modelSignatures } from '../../graph/signatures';
import type { GraphDoc, GraphScope } from '../../graph/types';
import { sampleDoc } from '../../store/fixtures';
import { buildEdges, buildNodes, type BuildInput, type FlowNode } from './flowModel';

function input(doc: GraphDoc, scope: GraphScope, key: string): BuildInput {
  return {
    graph: scope.kind === 'main' ? doc.main : doc.models[scope.modelId]!,
    scope,
    scopeKey: key,
    analysis: analyze(doc),
    ctx: { models: modelSignatures(doc) },
    selectedNodes: new Set(['dense1']),
    selectedEdges: new Set(),
    measured: new Map([['dense1', { width: 180, height: 80 }]]),
  };
}

describe('flow model', () => {
  it('labels edges with the shape of their source port', () => {
    const doc = sampleDoc();
    const edges = buildEdges(input(doc, { kind: 'model', modelId: 'mlp' }, 'model:mlp'));
    expect(edges.map((e) => e.data?.shape)).toEqual([[null, 784], [null, 64]]);
    expect(edges[0]).toMatchObject({ source: 'input1', sourceHandle: 'out', target: 'dense1', targetHandle: 'in', type: 'shapeEdge' });
  });

  it('builds nodes with ports from specs, selection, measured size and problems', () => {
    const doc = sampleDoc();
    doc.models.mlp!.nodes[1]!.params.units = 0; // out of range: an error on the node
    const nodes = buildNodes(input(doc, { kind: 'model', modelId: 'mlp' }, 'model:mlp'), new Map());
    const d = nodes.find((n) => n.id === 'dense1')!;
    expect(d.selected).toBe(true);
    expect(d.measured).toEqual({ width: 180, height: 80 });
    expect(d.data.ports.inputs.map((p) => p.name)).toEqual(['in']);
    expect(d.data.errors.join(' ')).toContain('units');
    expect(d.className).toBe('has-error');
    // the model node in the main graph gets the model's ports
    const call = buildNodes(input(doc, { kind: 'main' }, 'main'), new Map())[0]!;
    expect(call.data.ports.inputs.map((p) => p.name)).toEqual(['x']);
    expect(call.data.ports.outputs.map((p) => p.name)).toEqual(['y']);
  });

  it('reuses unchanged node objects', () => {
    const doc = sampleDoc();
    const i = input(doc, { kind: 'model', modelId: 'mlp' }, 'model:mlp');
    const first = buildNodes(i, new Map());
    const prev = new Map<string, FlowNode>(first.map((n) => [n.id, n]));
    const again = buildNodes({ ...i, analysis: analyze(doc) }, prev);
    expect(again.every((n, k) => n === first[k])).toBe(true);
  });
});

describe('flow model edges', () => {
  it('reuses unchanged edge objects and rebuilds the ones whose shape or selection changed', () => {
    const doc = sampleDoc();
    const i = input(doc, { kind: 'model', modelId: 'mlp' }, 'model:mlp');
    const first = buildEdges(i, new Map());
    const prev = new Map(first.map((e) => [e.id, e]));
    const again = buildEdges({ ...i, analysis: analyze(doc) }, prev);
    expect(again.every((e, k) => e === first[k])).toBe(true);
    // a wider Dense changes the shape on its outgoing edge only
    const wider = structuredClone(doc);
    wider.models.mlp!.nodes[1]!.params.units = 32;
    const changed = buildEdges({ ...i, graph: wider.models.mlp!, analysis: analyze(wider) }, prev);
    expect(changed[0]).toBe(first[0]);
    expect(changed[1]).not.toBe(first[1]);
    expect(changed[1]!.data?.shape).toEqual([null, 32]);
    const selected = buildEdges({ ...i, selectedEdges: new Set(['e1']) }, prev);
    expect(selected[0]).not.toBe(first[0]);
    expect(selected[0]!.selected).toBe(true);
  });
});

describe('flow model ports', () => {
  it('gives a Model node the ports of its model as the model changes', () => {
    const doc = sampleDoc();
    const main = (d: GraphDoc) => buildNodes(input(d, { kind: 'main' }, 'main'), new Map())[0]!.data.ports.inputs.map((p) => p.name);
    expect(main(doc)).toEqual(['x']);
    const more = structuredClone(doc);
    more.models.mlp!.nodes.push({ id: 'input2', type: 'models.input', params: { name: 't', shape: [1] }, position: { x: 0, y: 100 } });
    expect(main(more)).toEqual(['x', 't']);
  });
});
