import { produce } from 'immer';
import { describe, expect, it } from 'vitest';
import type { GraphNode, GraphScope } from '../graph/types';
import {
  addModel, addNode, connect, disconnect, extractFragment, freshId, idStem, moveNodes, paste, prepareFragment,
  removeModel, removeNodes, renameModel, setLabel, setParam, type Edit,
} from './edits';
import { node, sampleDoc } from './fixtures';

const mlp: GraphScope = { kind: 'model', modelId: 'mlp' };
const run = (e: Edit) => produce(sampleDoc(), e);

describe('edits', () => {
  it('adds a node, ignoring a clashing id', () => {
    const d = run(addNode(mlp, node('dense2', 'layers.dense', 10, 20)));
    expect(d.models.mlp!.nodes.map((n) => n.id)).toEqual(['input1', 'dense1', 'output1', 'dense2']);
    const same = produce(d, addNode(mlp, node('dense2', 'layers.relu')));
    expect(same).toBe(d);
  });

  it('removes nodes with their edges', () => {
    const d = run(removeNodes(mlp, ['dense1']));
    expect(d.models.mlp!.nodes.map((n) => n.id)).toEqual(['input1', 'output1']);
    expect(d.models.mlp!.edges).toEqual([]);
  });

  it('connect replaces the edge already going into the same input port', () => {
    const d = run((draft) => {
      addNode(mlp, node('dense2', 'layers.dense'))(draft);
      connect(mlp, { id: 'e9', source: { node: 'dense2', port: 'out' }, target: { node: 'output1', port: 'in' } })(draft);
    });
    const edges = d.models.mlp!.edges;
    expect(edges.map((e) => e.id)).toEqual(['e1', 'e9']);
    expect(edges[1]!.source.node).toBe('dense2');
  });

  it('connect ignores duplicates and missing nodes, and renames a clashing edge id', () => {
    const dup = run(connect(mlp, { id: 'x', source: { node: 'input1', port: 'out' }, target: { node: 'dense1', port: 'in' } }));
    expect(dup.models.mlp!.edges.map((e) => e.id)).toEqual(['e1', 'e2']);
    const missing = run(connect(mlp, { id: 'x', source: { node: 'nope', port: 'out' }, target: { node: 'dense1', port: 'in' } }));
    expect(missing).toEqual(sampleDoc());
    const clash = run((d) => {
      addNode(mlp, node('dense2', 'layers.dense'))(d);
      connect(mlp, { id: 'e1', source: { node: 'input1', port: 'out' }, target: { node: 'dense2', port: 'in' } })(d);
    });
    expect(clash.models.mlp!.edges.map((e) => e.id)).toEqual(['e1', 'e2', 'e3']);
  });

  it('disconnects edges by id', () => {
    expect(run(disconnect(mlp, ['e1'])).models.mlp!.edges.map((e) => e.id)).toEqual(['e2']);
  });

  it('sets params, labels and positions; no-ops leave the document untouched', () => {
    const base = sampleDoc();
    const d = produce(base, (x) => {
      setParam(mlp, 'dense1', 'units', 32)(x);
      setLabel(mlp, 'dense1', '  hidden ')(x);
      moveNodes(mlp, [{ id: 'dense1', position: { x: 5, y: 6 } }])(x);
    });
    const n = d.models.mlp!.nodes[1]!;
    expect(n).toEqual({ id: 'dense1', type: 'layers.dense', params: { units: 32 }, position: { x: 5, y: 6 }, label: 'hidden' });
    expect(produce(d, setLabel(mlp, 'dense1', '')).models.mlp!.nodes[1]).not.toHaveProperty('label');
    expect(produce(base, setParam(mlp, 'dense1', 'units', 64))).toBe(base);
    expect(produce(base, moveNodes(mlp, [{ id: 'dense1', position: { x: 200, y: 0 } }]))).toBe(base);
  });

  it('adds, renames (with references) and removes models', () => {
    const refs = (n: GraphNode) => (n.type === 'models.call' ? [{ param: 'model', many: false }] : n.type === 'opt' ? [{ param: 'models', many: true }] : []);
    const d = run((x) => {
      addModel('disc', { nodes: [], edges: [] })(x);
      addNode({ kind: 'main' }, node('adam1', 'opt', 0, 0, { models: ['mlp', 'disc'] }))(x);
      renameModel('mlp', 'gen', refs)(x);
    });
    expect(Object.keys(d.models).sort()).toEqual(['disc', 'gen']);
    expect(d.main.nodes[0]!.params.model).toBe('gen');
    expect(d.main.nodes[1]!.params.models).toEqual(['gen', 'disc']);
    expect(produce(d, renameModel('gen', 'disc', refs))).toBe(d);
    expect(produce(d, renameModel('gen', '1 bad', refs))).toBe(d);
    expect(produce(d, addModel('bad id', { nodes: [], edges: [] }))).toBe(d);
    expect(Object.keys(produce(d, removeModel('disc')).models)).toEqual(['gen']);
  });

  it('prepares a pasted fragment with fresh ids and internal edges only', () => {
    const g = sampleDoc().models.mlp!;
    const frag = extractFragment(g, ['dense1', 'output1']);
    expect(frag.edges.map((e) => e.id)).toEqual(['e2']);
    const p = prepareFragment(g, frag, { x: 40, y: 40 });
    expect(p.nodes.map((n) => n.id)).toEqual(['dense2', 'output2']);
    expect(p.nodes[0]!.position).toEqual({ x: 240, y: 40 });
    expect(p.edges).toEqual([{ id: 'e3', source: { node: 'dense2', port: 'out' }, target: { node: 'output2', port: 'in' } }]);
    const d = run(paste(mlp, p));
    expect(d.models.mlp!.nodes.length).toBe(5);
    expect(d.models.mlp!.edges.length).toBe(3);
    // pasting the same prepared fragment twice does not duplicate ids
    expect(produce(d, paste(mlp, p))).toBe(d);
  });

  it('makes readable ids', () => {
    expect(idStem('layers.conv2d')).toBe('conv2d');
    expect(freshId('dense', new Set(['dense1', 'dense3']))).toBe('dense2');
  });
});
