// Pieces of a graph for copy and paste: cut out of a graph, renamed to fit another, pasted as one edit.
import type { Graph, GraphEdge, GraphNode, GraphScope, Position } from '../graph/types';
import { edgeIds, freshId, idStem, nodeIds } from './ids';
import { graphIn, type Edit } from './recipe';

/** A piece of a graph, as copied to the clipboard. */
export interface Fragment {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/**
 * Gives a fragment fresh ids that do not clash with `into`, moves it by `offset`, and keeps only
 * the edges whose both ends are in the fragment. Pure: the result goes to `paste`.
 */
export function prepareFragment(into: Graph, frag: Fragment, offset: Position): Fragment {
  const takenNodes = nodeIds(into);
  const takenEdges = edgeIds(into);
  const rename = new Map<string, string>();
  const nodes: GraphNode[] = [];
  for (const n of frag.nodes) {
    if (rename.has(n.id)) continue;
    const id = takenNodes.has(n.id) ? freshId(n.id.replace(/\d+$/, '') || idStem(n.type), takenNodes) : n.id;
    takenNodes.add(id);
    rename.set(n.id, id);
    const copy: GraphNode = {
      ...structuredClone(n),
      id,
      position: { x: n.position.x + offset.x, y: n.position.y + offset.y },
    };
    nodes.push(copy);
  }
  const edges: GraphEdge[] = [];
  for (const e of frag.edges) {
    const s = rename.get(e.source.node);
    const t = rename.get(e.target.node);
    if (!s || !t) continue;
    const id = takenEdges.has(e.id) ? freshId('e', takenEdges) : e.id;
    takenEdges.add(id);
    edges.push({ id, source: { node: s, port: e.source.port }, target: { node: t, port: e.target.port } });
  }
  return { nodes, edges };
}

/** Inserts a prepared fragment (see prepareFragment); clashing ids are skipped, never duplicated. */
export function paste(scope: GraphScope, frag: Fragment): Edit {
  return (d) => {
    const g = graphIn(d, scope);
    if (!g) return;
    const ids = nodeIds(g as Graph);
    for (const n of frag.nodes) if (!ids.has(n.id)) { g.nodes.push(structuredClone(n)); ids.add(n.id); }
    const eids = edgeIds(g as Graph);
    for (const e of frag.edges) {
      if (eids.has(e.id) || !ids.has(e.source.node) || !ids.has(e.target.node)) continue;
      const intoPort = (x: GraphEdge) => x.target.node === e.target.node && x.target.port === e.target.port;
      if (g.edges.some(intoPort)) continue;
      g.edges.push(structuredClone(e));
      eids.add(e.id);
    }
  };
}

/** The part of a graph made of the given nodes and the edges between them. */
export function extractFragment(g: Graph, ids: readonly string[]): Fragment {
  const keep = new Set(ids);
  return {
    nodes: g.nodes.filter((n) => keep.has(n.id)).map((n) => structuredClone(n)),
    edges: g.edges.filter((e) => keep.has(e.source.node) && keep.has(e.target.node)).map((e) => structuredClone(e)),
  };
}
