// Blocks with weights of their own: a Model node inside a model whose `weights` is "own" stands for
// a copy of that model's layers, put in its place. Here each such node is replaced by the copy (its
// nodes named `${instance}_${node}`, wired to what the Model node was wired to), so that the
// compiler and both exports see a model of plain layers: the copy's layers are named and seeded as
// layers of the model holding it, and take the sizes of what feeds them, whatever the block's Model
// Inputs declare. Pure; models without such nodes come back as the same objects.
import type { Graph, GraphDoc, GraphEdge, GraphNode, PortRef } from './types';

export const isOwnBlock = (n: GraphNode) => n.type === 'models.call' && n.params.weights === 'own';

/**
 * What an expansion replaced in one model: for each node a copy put there, the Model node it
 * replaced; for each replaced Model node, the port inside the copy that gives each of its outputs.
 */
export interface BlockOrigins {
  nodes: Map<string, string>;
  outputs: Map<string, Record<string, PortRef>>;
}

export interface ExpandedDoc {
  doc: GraphDoc;
  /** per model id: what its expansion replaced (empty where nothing was) */
  origins: Record<string, BlockOrigins>;
}

const noOrigins = (): BlockOrigins => ({ nodes: new Map(), outputs: new Map() });

const refKey = (r: PortRef) => `${r.node}\u0000${r.port}`;

/** A model's graph with its own-weights blocks replaced by copies; `expanded` gives its blocks' graphs, already expanded. */
function expandGraph(graph: Graph, expanded: (modelId: string) => Graph | undefined, origins: BlockOrigins): Graph {
  if (!graph.nodes.some(isOwnBlock)) return graph;
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  // for each input port of a replaced Model node, the port outside that fed it
  const fedBy = new Map<string, PortRef>();
  const blocks = new Map<string, Graph>();
  for (const n of graph.nodes) {
    const inner = isOwnBlock(n) ? expanded(String(n.params.model)) : undefined;
    if (inner) blocks.set(n.id, inner);
  }
  // each copy where its Model node was in the list, so the layers keep the order they are built in
  const copies = new Map<string, GraphNode[]>();
  for (const e of graph.edges) if (blocks.has(e.target.node)) fedBy.set(refKey(e.target), e.source);
  for (const [id, inner] of blocks) {
    const name = (node: string) => `${id}_${node}`;
    const boundary = new Map(inner.nodes.filter((n) => n.type === 'models.input' || n.type === 'models.output').map((n) => [n.id, n]));
    const instance = graph.nodes.find((n) => n.id === id)!;
    const copy: GraphNode[] = [];
    for (const n of inner.nodes) {
      if (boundary.has(n.id)) continue;
      // labelled after the Model node too ("down1 conv 1"), so the exports name its variables apart
      const label = n.label ? `${id} ${n.label}` : undefined;
      const { label: _own, ...rest } = n;
      copy.push({ ...rest, id: name(n.id), position: instance.position, ...(label ? { label } : {}) });
      origins.nodes.set(name(n.id), id);
    }
    copies.set(id, copy);
    // a Model Input stands for what fed the Model node's port of its name
    const source = (r: PortRef): PortRef | undefined => {
      const b = boundary.get(r.node);
      if (!b) return { node: name(r.node), port: r.port };
      return fedBy.get(refKey({ node: id, port: String(b.params.name) }));
    };
    for (const e of inner.edges) {
      const to = boundary.get(e.target.node);
      const from = source(e.source);
      if (to?.type === 'models.output') {
        if (from) origins.outputs.set(id, { ...origins.outputs.get(id), [String(to.params.name)]: from });
      } else if (from) edges.push({ id: name(e.id), source: from, target: { node: name(e.target.node), port: e.target.port } });
    }
  }
  for (const n of graph.nodes) nodes.push(...(copies.get(n.id) ?? [n]));
  for (const e of graph.edges) if (!blocks.has(e.target.node)) edges.push(e);
  // a source that is a replaced node's output (one block feeding the next) is the port inside its copy
  const resolve = (start: PortRef): PortRef | undefined => {
    let r: PortRef | undefined = start;
    for (let hops = 0; r && blocks.has(r.node) && hops <= blocks.size; hops++) r = origins.outputs.get(r.node)?.[r.port];
    return r && !blocks.has(r.node) ? r : undefined;
  };
  const wired = edges.flatMap((e) => {
    const source = resolve(e.source);
    return source ? [source === e.source ? e : { ...e, source }] : [];
  });
  // resolved all before any is replaced: resolving reads the unresolved map
  const resolved = [...origins.outputs].map(([id, ports]) => [id, Object.fromEntries(Object.entries(ports).flatMap(([port, r]) => {
    const to = resolve(r);
    return to ? [[port, to] as const] : [];
  }))] as const);
  for (const [id, ports] of resolved) origins.outputs.set(id, ports);
  return { nodes, edges: wired };
}

/** Models whose graphs were expanded, kept while the graphs they came from live (the editor's are frozen). */
const kept = new WeakMap<Graph, { from: (Graph | undefined)[]; graph: Graph; origins: BlockOrigins }>();

/**
 * The document with every own-weights block inside a model replaced by a copy of its layers.
 * Blocks that would contain themselves are left as they are (the analysis reports the cycle).
 */
export function expandOwnBlocks(doc: GraphDoc): ExpandedDoc {
  // no prototype: a model may be called "constructor"
  const models: Record<string, Graph> = Object.create(null);
  const origins: Record<string, BlockOrigins> = Object.create(null);
  const busy = new Set<string>();
  const expand = (id: string): Graph | undefined => {
    if (!Object.hasOwn(doc.models, id) || busy.has(id)) return undefined;
    if (models[id]) return models[id];
    const graph = doc.models[id]!;
    busy.add(id);
    const inner = graph.nodes.filter(isOwnBlock).map((n) => String(n.params.model));
    const deps = inner.map((m) => expand(m));
    busy.delete(id);
    const k = kept.get(graph);
    if (k && k.from.length === deps.length && k.from.every((g, i) => g === deps[i])) {
      origins[id] = k.origins;
      return (models[id] = k.graph);
    }
    const o = noOrigins();
    const byId = new Map(inner.map((m, i) => [m, deps[i]]));
    let out = expandGraph(graph, (m) => byId.get(m), o);
    if (out !== graph) out = Object.freeze({ nodes: Object.freeze(out.nodes), edges: Object.freeze(out.edges) }) as Graph;
    if (Object.isFrozen(graph)) kept.set(graph, { from: deps, graph: out, origins: o });
    origins[id] = o;
    return (models[id] = out);
  };
  for (const id of Object.keys(doc.models)) expand(id);
  if (Object.keys(doc.models).every((id) => models[id] === doc.models[id])) return { doc, origins };
  return { doc: { ...doc, models: Object.fromEntries(Object.keys(doc.models).map((id) => [id, models[id]!])) }, origins };
}

/** The models that own-weights Model nodes copy, anywhere in the document. */
export function ownBlockModels(doc: GraphDoc): Set<string> {
  return new Set(Object.values(doc.models).flatMap((g) => g.nodes.filter(isOwnBlock).map((n) => String(n.params.model))));
}

/**
 * The models that run only as own-weights copies: nothing runs them with their own weights (no
 * shared Model node, sampler or optimizer names them), so they are analysed, for their own view,
 * but neither built nor exported.
 */
export function copiedOnly(doc: GraphDoc, referencedBy: (n: GraphNode) => readonly string[]): Set<string> {
  if (!ownBlockModels(doc).size) return new Set();
  const copied = new Set<string>();
  const named = new Set<string>();
  for (const g of [doc.main, ...Object.values(doc.models)]) {
    for (const n of g.nodes) {
      if (isOwnBlock(n)) copied.add(String(n.params.model));
      else for (const m of referencedBy(n)) named.add(m);
    }
  }
  return new Set([...copied].filter((m) => !named.has(m)));
}
