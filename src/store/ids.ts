// Ids in a document (pure): readable node ids made from the node type, fresh ids that do not clash,
// and what a model id may look like.
import type { Graph } from '../graph/types';

/** What a model id may look like: the edits refuse to add or rename a model to anything else. */
export const MODEL_ID = /^[A-Za-z_][A-Za-z0-9_-]{0,39}$/;

/** The last segment of a node type, as the stem of readable ids: 'layers.conv2d' → 'conv2d'. */
export function idStem(type: string): string {
  const last = type.split('.').pop() ?? 'node';
  const clean = last.replace(/[^A-Za-z0-9_]/g, '');
  return clean || 'node';
}

/** A fresh id `stemN` not in `taken`, with the smallest N ≥ 1. */
export function freshId(stem: string, taken: ReadonlySet<string>): string {
  for (let i = 1; ; i++) {
    const id = `${stem}${i}`;
    if (!taken.has(id)) return id;
  }
}

export const nodeIds = (g: Graph) => new Set(g.nodes.map((n) => n.id));
export const edgeIds = (g: Graph) => new Set(g.edges.map((e) => e.id));
