// "Create model": an edit that turns a selection of nodes into a model of its own, called from
// where the nodes were.
import type { Graph, GraphEdge, GraphScope, PortRef } from '../graph/types';
import { edgeIds, freshId, idStem, MODEL_ID, nodeIds } from './ids';
import { graphIn, type Edit } from './recipe';

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
