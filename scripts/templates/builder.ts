// Small helpers for writing template documents as code: nodes placed on a grid of columns and
// rows (so the canvas reads left to right), edges written as 'node.port -> node.port'.
import { GRAPH_FORMAT, GRAPH_VERSION, type Graph, type GraphDoc, type GraphNode, type Params } from '../../src/graph/types';

/** Canvas spacing: one column per stage of a network, one row per node inside a stage. */
export const COLUMN = 280;
export const ROW = 140;

export class GraphBuilder {
  private readonly nodes: GraphNode[] = [];
  private readonly edges: string[] = [];

  /** Adds a node at grid cell (column, row); fractional cells are fine. Returns its id. */
  node(id: string, type: string, params: Params, column: number, row: number, label?: string): string {
    if (this.nodes.some((n) => n.id === id)) throw new Error(`node "${id}" added twice`);
    this.nodes.push({ id, type, params, position: { x: Math.round(column * COLUMN), y: Math.round(row * ROW) }, ...(label ? { label } : {}) });
    return id;
  }

  /** 'a.out -> b.in' */
  edge(spec: string): void {
    this.edges.push(spec);
  }

  /** Connects each node's `out` port to the next node's `in` port. */
  chain(...ids: string[]): void {
    for (let i = 1; i < ids.length; i++) this.edge(`${ids[i - 1]}.out -> ${ids[i]}.in`);
  }

  build(): Graph {
    const known = new Set(this.nodes.map((n) => n.id));
    return {
      nodes: this.nodes,
      edges: this.edges.map((spec, i) => {
        const m = /^\s*([\w-]+)\.(\w+)\s*->\s*([\w-]+)\.(\w+)\s*$/.exec(spec);
        if (!m) throw new Error(`bad edge "${spec}"`);
        const [, from, fromPort, to, toPort] = m as unknown as [string, string, string, string, string];
        for (const id of [from, to]) if (!known.has(id)) throw new Error(`edge "${spec}": no node "${id}"`);
        return { id: `e${i + 1}`, source: { node: from, port: fromPort }, target: { node: to, port: toPort } };
      }),
    };
  }
}

export function document(meta: { name: string; description: string }, models: Record<string, Graph>, main: Graph): GraphDoc {
  return { format: GRAPH_FORMAT, version: GRAPH_VERSION, meta, models, main };
}
