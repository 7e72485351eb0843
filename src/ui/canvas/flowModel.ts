// The document's open graph as React Flow nodes and edges, with what the analysis says about each.
// Pure; `reuse` keeps unchanged node objects identical between renders so React Flow skips them.
import type { Edge, Node } from '@xyflow/react';
import { getSpec } from '../../../nodes';
import type { NodeSpec, PortKind, Shape, ShapeContext } from '../../../nodes/spec';
import type { Analysis, GraphShapes } from '../../compiler/analysis';
import type { Graph, GraphNode, GraphScope } from '../../graph/types';
import { sameScope } from '../../store/session';
import { portsOf, type NodePorts } from '../specs';

export type NodeViewData = {
  node: GraphNode;
  spec: NodeSpec | undefined;
  ports: NodePorts;
  /** shape arriving at each connected input port */
  inShapes: Record<string, Shape | undefined>;
  outShapes: Record<string, Shape> | undefined;
  errors: readonly string[];
  warnings: readonly string[];
};
export type FlowNode = Node<NodeViewData, 'graphNode'>;

export type EdgeViewData = {
  shape: Shape | undefined;
  kind: PortKind;
  /** the edge's target port has an error */
  error: boolean;
};
export type FlowEdge = Edge<EdgeViewData, 'shapeEdge'>;

export interface Measured {
  width: number;
  height: number;
}

interface Problems {
  errors: Map<string, string[]>;
  warnings: Map<string, string[]>;
  errorPorts: Set<string>;
}

function problemsIn(analysis: Analysis, scope: GraphScope): Problems {
  const p: Problems = { errors: new Map(), warnings: new Map(), errorPorts: new Set() };
  for (const d of analysis.diagnostics) {
    if (!d.nodeId || !sameScope(d.scope, scope)) continue;
    if (d.severity === 'info') continue;
    const map = d.severity === 'error' ? p.errors : p.warnings;
    map.set(d.nodeId, [...(map.get(d.nodeId) ?? []), d.message]);
    if (d.severity === 'error' && d.port) p.errorPorts.add(`${d.nodeId}/${d.port}`);
  }
  return p;
}

function inputShapes(graph: Graph, shapes: GraphShapes): Map<string, Record<string, Shape | undefined>> {
  const m = new Map<string, Record<string, Shape | undefined>>();
  for (const e of graph.edges) {
    const rec = m.get(e.target.node) ?? {};
    rec[e.target.port] = shapes[e.source.node]?.[e.source.port];
    m.set(e.target.node, rec);
  }
  return m;
}

const sameStrings = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
const key = (x: unknown) => JSON.stringify(x);

const sameShape = (a: Shape | undefined, b: Shape | undefined) =>
  a === b || (!!a && !!b && a.length === b.length && a.every((d, i) => d === b[i]));

function sameShapes(a: Readonly<Record<string, Shape | undefined>> | undefined, b: Readonly<Record<string, Shape | undefined>> | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => sameShape(a[k], b[k]));
}

function sameData(a: NodeViewData, b: NodeViewData): boolean {
  return a.node === b.node && a.spec === b.spec &&
    sameStrings(a.errors, b.errors) && sameStrings(a.warnings, b.warnings) &&
    (a.ports === b.ports || key(a.ports) === key(b.ports)) && sameShapes(a.inShapes, b.inShapes) && sameShapes(a.outShapes, b.outShapes);
}

/**
 * Ports per node object. A node's ports depend on its params, and on the document's models only
 * when a param names a model (a Model node), so the others are cached: immer keeps an unchanged
 * node's object, and 300 port functions need not run on every edit.
 */
const portCache = new WeakMap<GraphNode, NodePorts>();
const usesModels = (spec: NodeSpec | undefined) =>
  !spec || Object.values(spec.params as Record<string, { kind: string }>).some((p) => p.kind === 'model' || p.kind === 'models');

function cachedPorts(node: GraphNode, spec: NodeSpec | undefined, ctx: ShapeContext): NodePorts {
  if (usesModels(spec)) return portsOf(node, ctx);
  let p = portCache.get(node);
  if (!p) portCache.set(node, (p = portsOf(node, ctx)));
  return p;
}

export interface BuildInput {
  graph: Graph;
  scope: GraphScope;
  scopeKey: string;
  analysis: Analysis;
  ctx: ShapeContext;
  selectedNodes: ReadonlySet<string>;
  selectedEdges: ReadonlySet<string>;
  measured: ReadonlyMap<string, Measured>;
}

export function buildNodes(input: BuildInput, previous: ReadonlyMap<string, FlowNode>): FlowNode[] {
  const { graph, scope, scopeKey, analysis, ctx, selectedNodes, measured } = input;
  const shapes = analysis.shapes[scopeKey] ?? {};
  const problems = problemsIn(analysis, scope);
  const ins = inputShapes(graph, shapes);
  return graph.nodes.map((node) => {
    const spec = getSpec(node.type);
    const data: NodeViewData = {
      node,
      spec,
      ports: cachedPorts(node, spec, ctx),
      inShapes: ins.get(node.id) ?? {},
      outShapes: shapes[node.id],
      errors: problems.errors.get(node.id) ?? [],
      warnings: problems.warnings.get(node.id) ?? [],
    };
    const selected = selectedNodes.has(node.id);
    const m = measured.get(node.id);
    const prev = previous.get(node.id);
    if (
      prev && prev.selected === selected && prev.position.x === node.position.x && prev.position.y === node.position.y &&
      prev.measured?.width === m?.width && prev.measured?.height === m?.height && sameData(prev.data, data)
    ) {
      return prev;
    }
    const f: FlowNode = {
      id: node.id,
      type: 'graphNode',
      position: { x: node.position.x, y: node.position.y },
      data,
      selected,
      className: data.errors.length > 0 ? 'has-error' : undefined,
    };
    if (m) f.measured = { width: m.width, height: m.height };
    return f;
  });
}

/** Edges of the open graph; unchanged ones keep their previous object, so React Flow skips them. */
export function buildEdges(input: BuildInput, previous: ReadonlyMap<string, FlowEdge> = new Map()): FlowEdge[] {
  const { graph, scope, scopeKey, analysis, ctx, selectedEdges } = input;
  const shapes = analysis.shapes[scopeKey] ?? {};
  const problems = problemsIn(analysis, scope);
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const kinds = new Map<string, NodePorts>();
  const portsOfId = (id: string) => {
    let p = kinds.get(id);
    const n = byId.get(id);
    if (!p && n) kinds.set(id, (p = cachedPorts(n, getSpec(n.type), ctx)));
    return p;
  };
  return graph.edges.map((e) => {
    const data: EdgeViewData = {
      shape: shapes[e.source.node]?.[e.source.port],
      kind: portsOfId(e.source.node)?.outputs.find((p) => p.name === e.source.port)?.kind ?? 'tensor',
      error: problems.errorPorts.has(`${e.target.node}/${e.target.port}`),
    };
    const selected = selectedEdges.has(e.id);
    const prev = previous.get(e.id);
    if (
      prev?.data && prev.selected === selected && prev.source === e.source.node && prev.sourceHandle === e.source.port &&
      prev.target === e.target.node && prev.targetHandle === e.target.port &&
      prev.data.kind === data.kind && prev.data.error === data.error && sameShape(prev.data.shape, data.shape)
    ) {
      return prev;
    }
    return {
      id: e.id,
      type: 'shapeEdge',
      source: e.source.node,
      sourceHandle: e.source.port,
      target: e.target.node,
      targetHandle: e.target.port,
      selected,
      data,
    };
  });
}
