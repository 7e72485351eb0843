// Edits of the document as pure immer recipes. Each function returns a recipe `(draft) => void`;
// the document store runs it through produceWithPatches, so every edit is undoable for free.
// Recipes never throw on a stale reference (a node deleted meanwhile): they do nothing instead.
import type { Draft } from 'immer';
import type { Graph, GraphDoc, GraphEdge, GraphNode, GraphScope, ParamValue, PortRef, Position } from '../graph/types';

export type Edit = (draft: Draft<GraphDoc>) => void;

/** A piece of a graph, as copied to the clipboard. */
export interface Fragment {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export function graphIn<G extends Graph | Draft<Graph>>(doc: { main: G; models: Record<string, G> }, scope: GraphScope): G | undefined {
  return scope.kind === 'main' ? doc.main : doc.models[scope.modelId];
}

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
    for (const m of moves) {
      const n = g.nodes.find((x) => x.id === m.id);
      if (!n || (n.position.x === m.position.x && n.position.y === m.position.y)) continue;
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

export const MODEL_ID = /^[A-Za-z_][A-Za-z0-9_-]{0,39}$/;

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

/** Replaces the whole document (open a file, pick a template): undoable like any edit. */
export function replaceDoc(next: GraphDoc): (draft: Draft<GraphDoc>) => GraphDoc {
  return () => structuredClone(next);
}

/** Runs several edits as one (one history entry). */
export function batch(...edits: Edit[]): Edit {
  return (d) => {
    for (const e of edits) e(d);
  };
}

/** Where the parts of "Create model" go; see `createModelFromNodes`. */
export interface ModelFromNodes {
  /** id of the new model; the edit does nothing if it is taken or invalid */
  modelId: string;
  /** declared shape of one sample (no batch dimension) for the Model Input fed by `source` */
  sampleShape: (source: PortRef) => number[];
}

/** Gap between a model's boundary nodes and the layers they connect to. */
const BOUNDARY_GAP = 240;

const refKey = (r: PortRef) => `${r.node}\u0000${r.port}`;

/** Edges grouped by the port they leave from, in first-seen order. */
function bySource(edges: readonly GraphEdge[]): GraphEdge[][] {
  const m = new Map<string, GraphEdge[]>();
  for (const e of edges) m.set(refKey(e.source), [...(m.get(refKey(e.source)) ?? []), e]);
  return [...m.values()];
}

/** A plain copy of (part of) a draft: structuredClone refuses immer's proxies. */
const plainCopy = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

/** Port names x, x2, x3... (or y, y2...), in boundary order. */
const portName = (stem: string, i: number) => (i === 0 ? stem : `${stem}${i + 1}`);

/**
 * "Create model": moves the given nodes of a graph into a new model and puts one Model node in
 * their place. Each distinct port outside the selection that feeds it becomes a Model Input (shape
 * from `sampleShape`); each selected port that feeds the outside becomes a Model Output; the
 * Model node is wired to the same neighbours. Node and edge ids inside the selection are kept.
 */
export function createModelFromNodes(scope: GraphScope, ids: readonly string[], opts: ModelFromNodes): Edit {
  return (d) => {
    const g = graphIn(d, scope) as Graph | undefined;
    if (!g || !MODEL_ID.test(opts.modelId) || opts.modelId in d.models) return;
    const chosen = new Set(ids.filter((id) => g.nodes.some((n) => n.id === id)));
    if (chosen.size === 0) return;
    const byId = new Map(g.nodes.map((n) => [n.id, n]));
    const y = (id: string) => byId.get(id)?.position.y ?? 0;
    const inside = g.nodes.filter((n) => chosen.has(n.id));
    const internal = g.edges.filter((e) => chosen.has(e.source.node) && chosen.has(e.target.node));
    // boundary ports, top to bottom, so the Model node's ports read in the same order as the layers
    const incoming = g.edges.filter((e) => !chosen.has(e.source.node) && chosen.has(e.target.node)).sort((a, b) => y(a.target.node) - y(b.target.node));
    const outgoing = g.edges.filter((e) => chosen.has(e.source.node) && !chosen.has(e.target.node)).sort((a, b) => y(a.source.node) - y(b.source.node));
    const ins = bySource(incoming);
    const outs = bySource(outgoing);

    const xs = inside.map((n) => n.position.x);
    const minX = Math.min(...xs);
    const maxX = Math.max(...xs);
    const taken = new Set(inside.map((n) => n.id));
    const model: Graph = { nodes: inside.map(plainCopy), edges: internal.map(plainCopy) };
    const modelEdgeIds = new Set(internal.map((e) => e.id));
    const addModelEdge = (source: PortRef, target: PortRef) => {
      const id = freshId('e', modelEdgeIds);
      modelEdgeIds.add(id);
      model.edges.push({ id, source: { ...source }, target: { ...target } });
    };
    ins.forEach((edges, i) => {
      const first = edges[0]!;
      const id = freshId('input', taken);
      taken.add(id);
      model.nodes.push({
        id, type: 'models.input', params: { name: portName('x', i), shape: opts.sampleShape(first.source) },
        position: { x: minX - BOUNDARY_GAP, y: y(first.target.node) },
      });
      for (const e of edges) addModelEdge({ node: id, port: 'out' }, e.target);
    });
    outs.forEach((edges, i) => {
      const first = edges[0]!;
      const id = freshId('output', taken);
      taken.add(id);
      model.nodes.push({ id, type: 'models.output', params: { name: portName('y', i) }, position: { x: maxX + BOUNDARY_GAP, y: y(first.source.node) } });
      addModelEdge(first.source, { node: id, port: 'in' });
    });
    d.models[opts.modelId] = model;

    // the graph the nodes came from: the selection goes, a Model node takes its place
    const gd = graphIn(d, scope)!;
    gd.edges = gd.edges.filter((e) => !chosen.has(e.source.node) && !chosen.has(e.target.node));
    gd.nodes = gd.nodes.filter((n) => !chosen.has(n.id));
    const callId = freshId(idStem('models.call'), nodeIds(gd as Graph));
    const avgY = inside.reduce((s, n) => s + n.position.y, 0) / inside.length;
    gd.nodes.push({ id: callId, type: 'models.call', params: { model: opts.modelId }, position: { x: minX, y: Math.round(avgY) } });
    const outerEdgeIds = edgeIds(gd as Graph);
    const addOuterEdge = (source: PortRef, target: PortRef) => {
      const id = freshId('e', outerEdgeIds);
      outerEdgeIds.add(id);
      gd.edges.push({ id, source: { ...source }, target: { ...target } });
    };
    ins.forEach((edges, i) => addOuterEdge(edges[0]!.source, { node: callId, port: portName('x', i) }));
    outs.forEach((edges, i) => {
      for (const e of edges) addOuterEdge({ node: callId, port: portName('y', i) }, e.target);
    });
  };
}
