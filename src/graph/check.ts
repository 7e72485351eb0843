// The document-level checks that need the node registry but no shapes: ids, node types, params,
// edges' ends, model references. Run after every load and by the compiler on every edit, so it is
// pure, tfjs-free, linear in the size of the document, and never throws on a schema-valid document.
import { allTypes, getSpec } from '../../nodes';
import { resolveParams } from '../../nodes/params';
import type { InputPortSpec, NodeSpec, ParamSpecs, ParamValues, PortSpec, ShapeContext } from '../../nodes/spec';
import { diagnostic, scopeName, type Diagnostic } from '../compiler/diagnostics';
import { issue, severityOf } from '../messages';
import { formatPath, scopeSegments, type PathSegment } from './json-path';
import { modelSignatures } from './signatures';
import { closest } from './suggest';
import type { Graph, GraphDoc, GraphNode, GraphScope } from './types';

export function checkDocument(doc: GraphDoc): Diagnostic[] {
  const out: Diagnostic[] = [];
  const ctx: ShapeContext = { models: modelSignatures(doc) };
  const models = Object.keys(doc.models);
  for (const [modelId, graph] of Object.entries(doc.models)) checkGraph(graph, { kind: 'model', modelId }, ctx, models, out);
  checkGraph(doc.main, { kind: 'main' }, ctx, models, out);
  return out;
}

/** What the edge checks need of a node; ports are worked out only when an edge asks. */
interface Known {
  node: GraphNode;
  spec?: NodeSpec;
  values?: ParamValues<ParamSpecs>;
  /** false for unknown types, invalid params and instances of a missing model */
  portsKnown: boolean;
  ports?: { input: readonly InputPortSpec[]; output: readonly PortSpec[] };
}

function checkGraph(graph: Graph, scope: GraphScope, ctx: ShapeContext, models: string[], out: Diagnostic[]) {
  const base = scopeSegments(scope);
  const path = (...segments: PathSegment[]) => formatPath([...base, ...segments]);
  const byId = new Map<string, Known>();

  graph.nodes.forEach((node, i) => {
    if (byId.has(node.id)) {
      const d = diagnostic(issue('doc.duplicateNodeId', { id: node.id, graph: scopeName(scope) }), { scope, path: path('nodes', i, 'id') });
      d.nodeId = node.id;
      out.push(d);
    }
    const known = checkNode(node, scope, ctx, models, (...s) => path('nodes', i, ...s), out);
    // edges to a doubled id go to its first node, as in the compiler's index
    if (!byId.has(node.id)) byId.set(node.id, known);
  });

  const edgeIds = new Set<string>();
  graph.edges.forEach((edge, i) => {
    if (edgeIds.has(edge.id)) {
      out.push(diagnostic(issue('doc.duplicateEdgeId', { id: edge.id, graph: scopeName(scope) }), { scope, path: path('edges', i, 'id') }));
    }
    edgeIds.add(edge.id);
    for (const end of ['source', 'target'] as const) {
      const ref = edge[end];
      const known = byId.get(ref.node);
      if (!known) {
        const args = { edge: edge.id, node: ref.node, graph: scopeName(scope) };
        out.push(diagnostic(issue('doc.edgeMissingNode', args), { scope, path: path('edges', i, end, 'node') }));
        continue;
      }
      const side = end === 'source' ? 'output' : 'input';
      const ports = portsOf(known, ctx)?.[side];
      if (ports && !ports.some((p) => p.name === ref.port)) {
        const args = { edge: edge.id, port: ref.port, side, ports: ports.map((p) => p.name).join(', ') } as const;
        out.push(diagnostic(issue('doc.edgeMissingPort', args), { scope, node: known.node, port: ref.port, path: path('edges', i, end, 'port') }));
      }
    }
  });
}

function checkNode(
  node: GraphNode,
  scope: GraphScope,
  ctx: ShapeContext,
  models: string[],
  path: (...s: PathSegment[]) => string,
  out: Diagnostic[],
): Known {
  const spec = getSpec(node.type);
  if (!spec) {
    const suggestion = closest(node.type, allTypes());
    out.push(diagnostic(issue('doc.unknownType', { type: node.type, suggestion }), { scope, node, path: path('type') }));
    return { node, portsKnown: false };
  }
  const { values, problems } = resolveParams(spec, node.params);
  const badParams = new Set<string>();
  for (const p of problems) {
    badParams.add(p.param);
    out.push(diagnostic(p.issue, { scope, node, path: path('params', p.param) }));
  }

  // ports may depend on params (an Add's input count): with a wrong or out-of-range value they are
  // unknown, and the port functions are only ever given valid values
  let portsKnown = !problems.some((p) => severityOf(p.issue.code) === 'error');
  const missing = (model: string, ...at: PathSegment[]) => {
    out.push(diagnostic(issue('graph.unknownModel', { model, models: models.join(', ') }), { scope, node, path: path('params', ...at) }));
  };
  for (const [name, ps] of Object.entries(spec.params)) {
    // a value of the wrong type is already reported, and was replaced by a default
    if (badParams.has(name)) continue;
    const v: unknown = values[name];
    if (ps.kind === 'model' && typeof v === 'string' && !Object.hasOwn(ctx.models, v)) {
      // a model instance's ports are those of its model: with no model they are unknown, not empty
      portsKnown = false;
      missing(v, name);
    }
    if (ps.kind === 'models' && Array.isArray(v)) {
      v.forEach((m, k) => {
        if (typeof m === 'string' && !Object.hasOwn(ctx.models, m)) missing(m, name, k);
      });
    }
  }
  return { node, spec, values, portsKnown };
}

function portsOf(k: Known, ctx: ShapeContext): Known['ports'] {
  if (!k.spec || !k.values || !k.portsKnown) return undefined;
  k.ports ??= { input: k.spec.inputs(k.values, ctx), output: k.spec.outputs(k.values, ctx) };
  return k.ports;
}
