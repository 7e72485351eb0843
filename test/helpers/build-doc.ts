// Terse document builders for tests: nodes as [id, type, params], edges as 'a.out -> b.in'.
import { GRAPH_FORMAT, GRAPH_VERSION, type Graph, type GraphDoc, type Params } from '../../src/graph/types';

export type NodeRow = [id: string, type: string, params?: Params];

export function graph(nodes: NodeRow[], edges: string[] = []): Graph {
  return {
    nodes: nodes.map(([id, type, params], i) => ({ id, type, params: params ?? {}, position: { x: i * 200, y: 0 } })),
    edges: edges.map((e, i) => {
      const m = /^\s*([\w-]+)\.(\w+)\s*->\s*([\w-]+)\.(\w+)\s*$/.exec(e);
      if (!m) throw new Error(`bad edge "${e}"`);
      return { id: `e${i}`, source: { node: m[1]!, port: m[2]! }, target: { node: m[3]!, port: m[4]! } };
    }),
  };
}

export function doc(parts: { models?: Record<string, Graph>; main?: Graph; name?: string }): GraphDoc {
  return {
    format: GRAPH_FORMAT,
    version: GRAPH_VERSION,
    meta: { name: parts.name ?? 'test', description: '' },
    models: parts.models ?? {},
    main: parts.main ?? { nodes: [], edges: [] },
  };
}

/** A one-model document: input [shape] → the given layers in a chain → output. */
export function chainModel(shape: number[], layers: NodeRow[]): Graph {
  const ids = ['in', ...layers.map((l) => l[0]), 'out'];
  return graph(
    [['in', 'models.input', { name: 'x', shape }], ...layers, ['out', 'models.output', { name: 'y' }]],
    ids.slice(1).map((id, i) => `${ids[i]}.out -> ${id}.in`),
  );
}
