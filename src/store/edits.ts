// Edits of the document as pure immer recipes. Each function returns a recipe `(draft) => void`;
// the document store runs it through produceWithPatches, so every edit is undoable for free.
// Recipes never throw on a stale reference (a node deleted meanwhile): they do nothing instead.
// This file holds the one-step edits (nodes, edges, params, labels, meta, models) and is the store's
// edit API: the id rules, copy and paste, and "Create model" live beside it and are re-exported here.
import { isDraft, original, type Draft } from 'immer';
import type { Graph, GraphDoc, GraphEdge, GraphNode, GraphScope, ParamValue, Position } from '../graph/types';
import { edgeIds, freshId, MODEL_ID } from './ids';
import { graphIn, type Edit } from './recipe';

export { batch, graphIn, type Edit } from './recipe';
export { edgeIds, freshId, idStem, MODEL_ID, nodeIds } from './ids';
export { extractFragment, paste, prepareFragment, type Fragment } from './fragments';
export { createModelFromNodes, type ModelFromNodes } from './create-model';

export function addNode(scope: GraphScope, node: GraphNode): Edit {
  return (d) => {
    const g = graphIn(d, scope);
    if (!g || g.nodes.some((n) => n.id === node.id)) return;
    g.nodes.push(structuredClone(node));
  };
}

/** Removes nodes and every edge that touches them. */
export function removeNodes(scope: GraphScope, ids: readonly string[]): Edit {
  const gone = new Set(ids);
  return (d) => {
    const g = graphIn(d, scope);
    if (!g) return;
    if (g.edges.some((e) => gone.has(e.source.node) || gone.has(e.target.node))) {
      g.edges = g.edges.filter((e) => !gone.has(e.source.node) && !gone.has(e.target.node));
    }
    if (g.nodes.some((n) => gone.has(n.id))) g.nodes = g.nodes.filter((n) => !gone.has(n.id));
  };
}

/** Connects two ports; an input takes one edge, so an existing edge into the same port is replaced. */
export function connect(scope: GraphScope, edge: GraphEdge): Edit {
  return (d) => {
    const g = graphIn(d, scope);
    if (!g) return;
    const has = (id: string) => g.nodes.some((n) => n.id === id);
    if (!has(edge.source.node) || !has(edge.target.node)) return;
    const same = (e: GraphEdge) =>
      e.source.node === edge.source.node && e.source.port === edge.source.port &&
      e.target.node === edge.target.node && e.target.port === edge.target.port;
    if (g.edges.some(same)) return;
    const intoPort = (e: GraphEdge) => e.target.node === edge.target.node && e.target.port === edge.target.port;
    if (g.edges.some(intoPort)) g.edges = g.edges.filter((e) => !intoPort(e));
    let id = edge.id;
    if (g.edges.some((e) => e.id === id)) id = freshId('e', edgeIds(g as Graph));
    g.edges.push({ id, source: { ...edge.source }, target: { ...edge.target } });
  };
}

export function disconnect(scope: GraphScope, ids: readonly string[]): Edit {
  const gone = new Set(ids);
  return (d) => {
    const g = graphIn(d, scope);
    if (g && g.edges.some((e) => gone.has(e.id))) g.edges = g.edges.filter((e) => !gone.has(e.id));
  };
}

export function setParam(scope: GraphScope, nodeId: string, name: string, value: ParamValue): Edit {
  return (d) => {
    const n = graphIn(d, scope)?.nodes.find((x) => x.id === nodeId);
    if (!n) return;
    const old = n.params[name];
    if (JSON.stringify(old) === JSON.stringify(value)) return;
    n.params[name] = Array.isArray(value) ? ([...value] as ParamValue) : value;
  };
}

export function moveNodes(scope: GraphScope, moves: readonly { id: string; position: Position }[]): Edit {
  return (d) => {
    const g = graphIn(d, scope);
    if (!g) return;
    // one pass to index the nodes (a find per move made dragging N nodes cost N² a frame), over
    // the original array, so that only the nodes that move become drafts
    const ids = (isDraft(g.nodes) ? original(g.nodes) : g.nodes) ?? g.nodes;
    const at = new Map(ids.map((n, i) => [n.id, i]));
    for (const m of moves) {
      const i = at.get(m.id);
      const n = i === undefined ? undefined : g.nodes[i];
      if (!n || n.id !== m.id || (n.position.x === m.position.x && n.position.y === m.position.y)) continue;
      n.position = { x: m.position.x, y: m.position.y };
    }
  };
}

/** Sets a node's label; an empty or missing label removes it (the node is then called by its id). */
export function setLabel(scope: GraphScope, nodeId: string, label: string | undefined): Edit {
  return (d) => {
    const n = graphIn(d, scope)?.nodes.find((x) => x.id === nodeId);
    if (!n) return;
    const next = label?.trim();
    if (next) {
      if (n.label !== next) n.label = next;
    } else if (n.label !== undefined) {
      delete n.label;
    }
  };
}

export function setMeta(meta: Partial<GraphDoc['meta']>): Edit {
  return (d) => {
    if (meta.name !== undefined && d.meta.name !== meta.name) d.meta.name = meta.name;
    if (meta.description !== undefined && d.meta.description !== meta.description) d.meta.description = meta.description;
  };
}

export function addModel(modelId: string, graph: Graph): Edit {
  return (d) => {
    if (!MODEL_ID.test(modelId) || modelId in d.models) return;
    d.models[modelId] = structuredClone(graph);
  };
}

/** Model ids referenced by a param value: a 'model' param holds one, a 'models' param a list. */
export type ModelRefs = (node: GraphNode) => { param: string; many: boolean }[];

/**
 * Renames a model and every reference to it. Which params hold model ids is the node specs' business,
 * so the caller passes `refs` (see ui: modelRefsOf), keeping this file free of the registry.
 */
export function renameModel(from: string, to: string, refs: ModelRefs): Edit {
  return (d) => {
    const g = d.models[from];
    if (!g || from === to || !MODEL_ID.test(to) || to in d.models) return;
    delete d.models[from];
    d.models[to] = g;
    const graphs = [d.main, ...Object.values(d.models)];
    for (const graph of graphs) {
      for (const n of graph.nodes) {
        for (const r of refs(n as GraphNode)) {
          const v = n.params[r.param];
          if (!r.many && v === from) n.params[r.param] = to;
          if (r.many && Array.isArray(v) && (v as string[]).includes(from)) {
            n.params[r.param] = (v as string[]).map((m) => (m === from ? to : m));
          }
        }
      }
    }
  };
}

/** Removes a model; nodes that use it stay (and are reported as using an unknown model). */
export function removeModel(modelId: string): Edit {
  return (d) => {
    if (modelId in d.models) delete d.models[modelId];
  };
}

/** Replaces the whole document (open a file, pick a template): undoable like any edit. */
export function replaceDoc(next: GraphDoc): (draft: Draft<GraphDoc>) => GraphDoc {
  return () => structuredClone(next);
}
