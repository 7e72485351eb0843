import { produce } from 'immer';
import { describe, expect, it } from 'vitest';
import type { GraphDoc, GraphEdge, GraphNode, GraphScope, PortRef } from '../graph/types';
import { DocStore } from './docStore';
import {
  addModel, addNode, connect, createModelFromNodes, disconnect, extractFragment, freshId, idStem, moveNodes, paste, prepareFragment,
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

describe('create model from nodes', () => {
  const main: GraphScope = { kind: 'main' };
  // noise → d1 → d2 → two previews, data → d2b (a second way in), d2b → mse
  const layered = (): GraphDoc => {
    const d = sampleDoc();
    d.main = {
      nodes: [
        node('noise', 'samplers.gaussian', 0, 0),
        node('data', 'data.toy2d', 0, 200),
        node('d1', 'layers.dense', 200, 0, { units: 16 }),
        node('d2', 'layers.dense', 400, 0, { units: 2 }),
        node('d2b', 'layers.dense', 400, 200, { units: 2 }),
        node('show1', 'previews.scatter', 600, 0),
        node('show2', 'previews.scatter', 600, 100),
        node('loss', 'losses.mse', 600, 200),
      ],
      edges: [
        { id: 'e1', source: { node: 'noise', port: 'out' }, target: { node: 'd1', port: 'in' } },
        { id: 'e2', source: { node: 'd1', port: 'out' }, target: { node: 'd2', port: 'in' } },
        { id: 'e3', source: { node: 'd2', port: 'out' }, target: { node: 'show1', port: 'points' } },
        { id: 'e4', source: { node: 'd2', port: 'out' }, target: { node: 'show2', port: 'points' } },
        { id: 'e5', source: { node: 'data', port: 'x' }, target: { node: 'd2b', port: 'in' } },
        { id: 'e6', source: { node: 'd2b', port: 'out' }, target: { node: 'loss', port: 'pred' } },
        { id: 'e7', source: { node: 'd2', port: 'out' }, target: { node: 'loss', port: 'target' } },
      ],
    };
    return d;
  };
  const shapes: Record<string, number[]> = { noise: [8], data: [2] };
  const opts = { modelId: 'net', sampleShape: (r: PortRef) => shapes[r.node] ?? [1] };

  it('moves the nodes into a new model with inputs and outputs at the boundary', () => {
    const d = produce(layered(), createModelFromNodes(main, ['d1', 'd2', 'd2b'], opts));
    const m = d.models.net!;
    expect(m.nodes.map((n) => n.id)).toEqual(['d1', 'd2', 'd2b', 'input1', 'input2', 'output1', 'output2']);
    expect(m.nodes.find((n) => n.id === 'd1')).toEqual(node('d1', 'layers.dense', 200, 0, { units: 16 }));
    expect(m.nodes.filter((n) => n.type === 'models.input').map((n) => n.params)).toEqual([{ name: 'x', shape: [8] }, { name: 'x2', shape: [2] }]);
    expect(m.nodes.filter((n) => n.type === 'models.output').map((n) => n.params)).toEqual([{ name: 'y' }, { name: 'y2' }]);
    const wires = (g: { edges: GraphEdge[] }) => g.edges.map((e) => `${e.source.node}.${e.source.port}->${e.target.node}.${e.target.port}`).sort();
    expect(wires(m)).toEqual(['d1.out->d2.in', 'd2.out->output1.in', 'd2b.out->output2.in', 'input1.out->d1.in', 'input2.out->d2b.in']);
    // the boundary nodes stand left and right of the moved layers
    expect(m.nodes.find((n) => n.id === 'input1')!.position.x).toBeLessThan(200);
    expect(m.nodes.find((n) => n.id === 'output1')!.position.x).toBeGreaterThan(400);
  });

  it('puts one Model node in their place, wired to the same neighbours', () => {
    const d = produce(layered(), createModelFromNodes(main, ['d1', 'd2', 'd2b'], opts));
    expect(d.main.nodes.map((n) => n.id)).toEqual(['noise', 'data', 'show1', 'show2', 'loss', 'call1']);
    expect(d.main.nodes.at(-1)).toMatchObject({ type: 'models.call', params: { model: 'net' } });
    const wires = d.main.edges.map((e) => `${e.source.node}.${e.source.port}->${e.target.node}.${e.target.port}`).sort();
    expect(wires).toEqual([
      'call1.y->loss.target', 'call1.y->show1.points', 'call1.y->show2.points', 'call1.y2->loss.pred',
      'data.x->call1.x2', 'noise.out->call1.x',
    ]);
    expect(new Set(d.main.edges.map((e) => e.id)).size).toBe(d.main.edges.length);
  });

  it('also works inside a model, and refuses a taken or invalid model id or an empty selection', () => {
    const d = produce(sampleDoc(), createModelFromNodes(mlp, ['dense1'], { modelId: 'part', sampleShape: () => [784] }));
    expect(d.models.part!.nodes.map((n) => n.type)).toEqual(['layers.dense', 'models.input', 'models.output']);
    expect(d.models.mlp!.nodes.map((n) => n.type)).toEqual(['models.input', 'models.output', 'models.call']);
    const base = layered();
    expect(produce(base, createModelFromNodes(main, ['d1'], { ...opts, modelId: 'mlp' }))).toBe(base);
    expect(produce(base, createModelFromNodes(main, ['d1'], { ...opts, modelId: 'no way' }))).toBe(base);
    expect(produce(base, createModelFromNodes(main, ['gone'], opts))).toBe(base);
  });

  it('is one history entry that undo and redo replay exactly', () => {
    const before = layered();
    const store = new DocStore(before);
    expect(store.apply(createModelFromNodes(main, ['d1', 'd2'], opts), 'Create model')).toBe(true);
    const after = store.current;
    expect(Object.keys(after.models)).toEqual(['mlp', 'net']);
    store.undo();
    expect(store.current).toEqual(before);
    expect(store.getSnapshot().canUndo).toBe(false);
    store.redo();
    expect(store.current).toEqual(after);
  });
});
