// An index over one graph that the passes share: nodes by id with their spec, resolved params and
// ports, and edges by the input they feed. Built once per pass run; pure.
import { getSpec } from '../../nodes';
import { defaultParams, resolveParams } from '../../nodes/params';
import type { InputPortSpec, NodeSpec, ParamSpecs, ParamValues, PortSpec, ShapeContext } from '../../nodes/spec';
import type { Graph, GraphEdge, GraphNode, GraphScope } from '../graph/types';

export interface IndexedNode {
  node: GraphNode;
  /** index in graph.nodes, for JSON paths */
  index: number;
  spec: NodeSpec;
  params: ParamValues<ParamSpecs>;
  inputs: readonly InputPortSpec[];
  outputs: readonly PortSpec[];
}

export interface GraphIndex {
  scope: GraphScope;
  graph: Graph;
  /** nodes whose type is known, by id (first occurrence wins when ids repeat) */
  nodes: Map<string, IndexedNode>;
  /** edges into each input, keyed `${node}.${port}`, in document order */
  incoming: Map<string, GraphEdge[]>;
  /** edges out of each node */
  outgoing: Map<string, GraphEdge[]>;
}

export const portKey = (node: string, port: string) => `${node}.${port}`;

export function indexGraph(graph: Graph, scope: GraphScope, ctx: ShapeContext): GraphIndex {
  const nodes = new Map<string, IndexedNode>();
  graph.nodes.forEach((node, index) => {
    const spec = getSpec(node.type);
    if (!spec || nodes.has(node.id)) return;
    const { values, problems } = resolveParams(spec, node.params);
    // a refused value (reported by checkDocument) falls back to its default here, so that port and
    // shape functions never see, say, 1e12 inputs
    const defaults = problems.length ? defaultParams(spec) : {};
    for (const p of problems) if (p.param in spec.params) (values as Record<string, unknown>)[p.param] = defaults[p.param];
    nodes.set(node.id, { node, index, spec, params: values, inputs: spec.inputs(values, ctx), outputs: spec.outputs(values, ctx) });
  });
  const incoming = new Map<string, GraphEdge[]>();
  const outgoing = new Map<string, GraphEdge[]>();
  for (const e of graph.edges) {
    const src = nodes.get(e.source.node);
    const dst = nodes.get(e.target.node);
    // edges to unknown nodes or ports are reported by checkDocument; the passes ignore them
    if (!src || !dst) continue;
    if (!src.outputs.some((p) => p.name === e.source.port) || !dst.inputs.some((p) => p.name === e.target.port)) continue;
    const k = portKey(e.target.node, e.target.port);
    incoming.set(k, [...(incoming.get(k) ?? []), e]);
    outgoing.set(e.source.node, [...(outgoing.get(e.source.node) ?? []), e]);
  }
  return { scope, graph, nodes, incoming, outgoing };
}

/** The edge feeding an input, when there is exactly one. */
export function feeder(ix: GraphIndex, node: string, port: string): GraphEdge | undefined {
  const es = ix.incoming.get(portKey(node, port));
  return es?.length === 1 ? es[0] : undefined;
}

/** Ids of all nodes upstream of (and including) the given nodes. */
export function upstreamOf(ix: GraphIndex, roots: Iterable<string>): Set<string> {
  const seen = new Set<string>();
  const stack = [...roots];
  while (stack.length) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    const n = ix.nodes.get(id);
    if (!n) continue;
    for (const p of n.inputs) for (const e of ix.incoming.get(portKey(id, p.name)) ?? []) stack.push(e.source.node);
  }
  return seen;
}
