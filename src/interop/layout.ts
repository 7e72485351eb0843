// Positions for an imported graph: left to right by depth (the longest path from an input), each
// column's nodes stacked top to bottom in the order they were made. Pure.
import type { Graph, Position } from '../graph/types';

export const COLUMN_WIDTH = 220;
export const ROW_HEIGHT = 120;

/** Node id → position; nodes on a cycle (there are none in an import) would stay in column 0. */
export function layoutByDepth(graph: Pick<Graph, 'nodes' | 'edges'>): Map<string, Position> {
  const sources = new Map<string, string[]>();
  for (const e of graph.edges) sources.set(e.target.node, [...(sources.get(e.target.node) ?? []), e.source.node]);
  const depth = new Map<string, number>();
  const visiting = new Set<string>();
  const depthOf = (id: string): number => {
    const known = depth.get(id);
    if (known !== undefined) return known;
    if (visiting.has(id)) return 0;
    visiting.add(id);
    const d = Math.max(-1, ...(sources.get(id) ?? []).map(depthOf)) + 1;
    visiting.delete(id);
    depth.set(id, d);
    return d;
  };
  const rows = new Map<number, number>();
  const out = new Map<string, Position>();
  for (const n of graph.nodes) {
    const d = depthOf(n.id);
    const row = rows.get(d) ?? 0;
    rows.set(d, row + 1);
    out.set(n.id, { x: d * COLUMN_WIDTH, y: row * ROW_HEIGHT });
  }
  return out;
}
