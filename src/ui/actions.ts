// Editor commands shared by the canvas, its shortcuts, the palette and the panels. Each reads the
// stores, runs one edit (one history entry) and updates the selection.
import { getSpec } from '../../nodes';
import { GRAPH_FORMAT, GRAPH_VERSION, type Graph, type GraphDoc, type GraphScope, type Position } from '../graph/types';
import {
  addModel, addNode, batch, disconnect, extractFragment, freshId, graphIn, nodeIds, paste, prepareFragment,
  removeNodes, replaceDoc, type Fragment,
} from '../store/edits';
import type { Stores } from './context';
import { fitsScope, newNode } from './specs';

export function emptyDoc(name = 'Untitled graph'): GraphDoc {
  return { format: GRAPH_FORMAT, version: GRAPH_VERSION, meta: { name, description: '' }, models: {}, main: { nodes: [], edges: [] } };
}

/** "Untitled graph", or "Untitled graph 2" and on when the open document already has that name. */
export function freshGraphName(current: string): string {
  const m = /^Untitled graph(?: (\d+))?$/.exec(current.trim());
  return m ? `Untitled graph ${Number(m[1] ?? 1) + 1}` : 'Untitled graph';
}

/** Replaces the document with an empty one (undoable; the one it replaces goes to Recent). */
export function newBlankGraph(stores: Stores): void {
  stores.doc.apply(replaceDoc(emptyDoc(freshGraphName(stores.doc.current.meta.name))), 'New blank graph');
  stores.session.newDocument();
}

export function openGraph(stores: Stores): Graph | undefined {
  return graphIn(stores.doc.current, stores.session.getSnapshot().scope);
}

/** Adds a node of `type` to the open graph; returns its id, or null when it does not fit there. */
export function addNodeAt(stores: Stores, type: string, position: Position): string | null {
  const spec = getSpec(type);
  const { scope } = stores.session.getSnapshot();
  const g = openGraph(stores);
  if (!spec || !g || !fitsScope(spec, scope)) return null;
  const n = newNode(spec, nodeIds(g), position, Object.keys(stores.doc.current.models));
  if (!stores.doc.apply(addNode(scope, n), `Add ${spec.title}`)) return null;
  stores.session.select([n.id]);
  return n.id;
}

/** `p`, or the first spot down-right of it in steps of `step` where no node already starts. */
export function freePosition(g: Graph | undefined, p: Position, step: number): Position {
  const at = { ...p };
  for (let i = 0; i < 50 && g?.nodes.some((n) => Math.abs(n.position.x - at.x) < step / 2 && Math.abs(n.position.y - at.y) < step / 2); i++) {
    at.x += step;
    at.y += step;
  }
  return at;
}

export function deleteSelection(stores: Stores): boolean {
  const { scope, selectedNodes, selectedEdges } = stores.session.getSnapshot();
  if (!selectedNodes.length && !selectedEdges.length) return false;
  const n = selectedNodes.length;
  const label = n ? `Delete ${n} node${n > 1 ? 's' : ''}` : 'Delete connection';
  const done = stores.doc.apply(batch(disconnect(scope, selectedEdges), removeNodes(scope, selectedNodes)), label);
  stores.session.select([]);
  return done;
}

export function selectedFragment(stores: Stores): Fragment | null {
  const g = openGraph(stores);
  const { selectedNodes } = stores.session.getSnapshot();
  if (!g || selectedNodes.length === 0) return null;
  return extractFragment(g, selectedNodes);
}

/**
 * Pastes a fragment into the open graph, its top-left corner at `at` (or 40px down-right of where
 * it was copied from), keeping only nodes that fit this graph. Selects what was pasted.
 */
export function pasteFragment(stores: Stores, frag: Fragment, at?: Position): number {
  const { scope } = stores.session.getSnapshot();
  const g = openGraph(stores);
  if (!g) return 0;
  const nodes = frag.nodes.filter((n) => {
    const spec = getSpec(n.type);
    return !spec || fitsScope(spec, scope);
  });
  if (nodes.length === 0) return 0;
  const minX = Math.min(...nodes.map((n) => n.position.x));
  const minY = Math.min(...nodes.map((n) => n.position.y));
  const offset = at ? { x: Math.round(at.x - minX), y: Math.round(at.y - minY) } : { x: 40, y: 40 };
  const prepared = prepareFragment(g, { nodes, edges: frag.edges }, offset);
  const count = prepared.nodes.length;
  if (!stores.doc.apply(paste(scope, prepared), `Paste ${count} node${count > 1 ? 's' : ''}`)) return 0;
  stores.session.select(prepared.nodes.map((n) => n.id));
  return count;
}

export function duplicateSelection(stores: Stores): number {
  const frag = selectedFragment(stores);
  return frag ? pasteFragment(stores, frag) : 0;
}

/** A new model with one Model Input and one Model Output, opened at once. */
export function createModel(stores: Stores, position: Position = { x: 0, y: 0 }): string {
  const taken = new Set(Object.keys(stores.doc.current.models));
  const id = freshId('model', taken);
  const graph: Graph = { nodes: [], edges: [] };
  for (const [type, dx] of [['models.input', 0], ['models.output', 480]] as const) {
    const spec = getSpec(type);
    if (spec) graph.nodes.push(newNode(spec, nodeIds(graph), { x: position.x + dx, y: position.y }, []));
  }
  stores.doc.apply(addModel(id, graph), `Add model ${id}`);
  stores.session.open({ kind: 'model', modelId: id });
  return id;
}

export function selectAll(stores: Stores): void {
  const g = openGraph(stores);
  if (g) stores.session.select(g.nodes.map((n) => n.id), g.edges.map((e) => e.id));
}

export const scopeTitle = (scope: GraphScope) => (scope.kind === 'main' ? 'Training graph' : scope.modelId);
