// Topological order of a graph (Kahn's algorithm, stable in document order), and its cycles.
import type { GraphIndex } from './graph-index';

export interface Ordering {
  /** node ids in an order where every node comes after the nodes feeding it */
  order: string[];
  /** nodes on or behind a cycle: they cannot be ordered */
  blocked: string[];
}

export function orderGraph(ix: GraphIndex): Ordering {
  const indegree = new Map<string, number>();
  for (const id of ix.nodes.keys()) indegree.set(id, 0);
  for (const edges of ix.outgoing.values()) for (const e of edges) indegree.set(e.target.node, (indegree.get(e.target.node) ?? 0) + 1);
  const ready = [...ix.nodes.keys()].filter((id) => indegree.get(id) === 0);
  const order: string[] = [];
  while (ready.length) {
    const id = ready.shift()!;
    order.push(id);
    for (const e of ix.outgoing.get(id) ?? []) {
      const d = indegree.get(e.target.node)! - 1;
      indegree.set(e.target.node, d);
      if (d === 0) ready.push(e.target.node);
    }
  }
  const placed = new Set(order);
  return { order, blocked: [...ix.nodes.keys()].filter((id) => !placed.has(id)) };
}

/** One cycle through the blocked nodes, as node ids in flow order, for the message. */
export function findCycle(ix: GraphIndex, blocked: readonly string[]): string[] {
  const inBlocked = new Set(blocked);
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (id: string): string[] | null => {
    state.set(id, 'open');
    path.push(id);
    for (const e of ix.outgoing.get(id) ?? []) {
      const next = e.target.node;
      if (!inBlocked.has(next)) continue;
      if (state.get(next) === 'open') return path.slice(path.indexOf(next));
      if (!state.has(next)) {
        const c = visit(next);
        if (c) return c;
      }
    }
    path.pop();
    state.set(id, 'done');
    return null;
  };
  for (const id of blocked) if (!state.has(id)) {
    const c = visit(id);
    if (c) return c;
  }
  return [];
}
