// validate: the graph's structure, before shapes. Document-level problems (unknown types, params,
// dangling edges, duplicate ids) come from checkDocument; here: scopes, connections, port kinds,
// cycles, models' boundaries, optimizers. Pure; returns diagnostics, never throws.
import { dtypeOf, scopeOf, type InputPortSpec, type PortSpec } from '../../nodes/spec';
import { checkDocument } from '../graph/check';
import { formatPath, scopeSegments } from '../graph/json-path';
import { modelNesting, withModelsInside, type ModelNesting } from '../graph/model-nesting';
import type { GraphDoc, GraphScope } from '../graph/types';
import { issue } from '../messages';
import { diagnostic, nodeName, type Diagnostic } from './diagnostics';
import { feeder, portKey, upstreamOf, type GraphIndex } from './graph-index';
import { findCycle, type Ordering } from './order';
import { isLiveRoot, liveRoots, modelUpdateChecks, optimizerModelChecks, unusedNode } from './training-checks';

export const graphPath = (scope: GraphScope) => formatPath(scopeSegments(scope));

/** Whether an output may feed an input: the same dtype, or an input that takes either. */
export const dtypeFits = (input: InputPortSpec, output: PortSpec): boolean => dtypeOf(input) === 'any' || dtypeOf(input) === dtypeOf(output);

function checkConnections(ix: GraphIndex, out: Diagnostic[]) {
  for (const n of ix.nodes.values()) {
    const at = (port?: string) => ({ scope: ix.scope, node: n.node, port, path: `${graphPath(ix.scope)}.nodes[${n.index}]` });
    const wanted = scopeOf(n.spec);
    if (wanted === 'model' && ix.scope.kind === 'main') out.push(diagnostic(issue('graph.layerInMain', { title: n.spec.title }), at()));
    if (ix.scope.kind === 'main' && n.spec.role === 'model-call' && n.params.weights === 'own') out.push(diagnostic(issue('graph.ownBlockInMain', {}), at()));
    if (wanted === 'main' && ix.scope.kind === 'model') {
      out.push(diagnostic(issue('graph.mainNodeInModel', { title: n.spec.title, model: ix.scope.modelId }), at()));
    }
    for (const p of n.inputs) {
      const edges = ix.incoming.get(portKey(n.node.id, p.name)) ?? [];
      if (edges.length === 0) {
        const kind = p.kind === 'loss' ? 'loss' : p.kind === 'any' ? 'loss or a tensor' : 'tensor';
        out.push(diagnostic(issue('graph.inputMissing', { port: p.name, kind }), at(p.name)));
      } else if (edges.length > 1) {
        out.push(diagnostic(issue('graph.inputDoubled', { port: p.name, count: edges.length }), at(p.name)));
      }
      for (const e of edges) {
        const src = ix.nodes.get(e.source.node)!;
        const port = src.outputs.find((o) => o.name === e.source.port)!;
        const source = `${src.spec.title} "${nodeName(src.node)}"`;
        if (p.kind !== 'any' && port.kind !== p.kind) {
          const what = (k: string) => (k === 'loss' ? 'scalar loss' : 'tensor');
          out.push(diagnostic(issue('graph.kindMismatch', { port: p.name, expected: what(p.kind), got: what(port.kind), source }), at(p.name)));
        } else if (!dtypeFits(p, port)) {
          const code = dtypeOf(p) === 'int32' ? 'graph.dtypeWantsIds' : 'graph.dtypeWantsValues';
          out.push(diagnostic(issue(code, { port: p.name, source }), at(p.name)));
        }
      }
    }
  }
}

function checkCycles(ix: GraphIndex, ordering: Ordering, out: Diagnostic[]) {
  if (!ordering.blocked.length) return;
  const cycle = findCycle(ix, ordering.blocked);
  const names = cycle.map((id) => nodeName(ix.nodes.get(id)!.node));
  const text = [...names, names[0]].join(' → ');
  for (const id of cycle) {
    const n = ix.nodes.get(id)!;
    out.push(diagnostic(issue('graph.cycle', { cycle: text }), { scope: ix.scope, node: n.node, path: `${graphPath(ix.scope)}.nodes[${n.index}]` }));
  }
}

function checkModelBoundary(modelId: string, ix: GraphIndex, out: Diagnostic[]) {
  const at = { scope: ix.scope, path: graphPath(ix.scope) };
  for (const [role, code] of [['model-input', 'graph.modelNoInput'], ['model-output', 'graph.modelNoOutput']] as const) {
    if (![...ix.nodes.values()].some((n) => n.spec.role === role)) out.push(diagnostic(issue(code, { model: modelId }), at));
  }
  for (const side of ['input', 'output'] as const) {
    const seen = new Set<string>();
    for (const n of ix.nodes.values()) {
      if (n.spec.role !== `model-${side}`) continue;
      const name = String(n.params.name);
      if (seen.has(name)) out.push(diagnostic(issue('graph.modelPortName', { model: modelId, name, side }), { ...at, node: n.node }));
      seen.add(name);
    }
  }
  // tfjs returns a model's tensor once, however many outputs name it
  const outputOf = new Map<string, string>();
  for (const n of ix.nodes.values()) {
    if (n.spec.role !== 'model-output') continue;
    const e = feeder(ix, n.node.id, 'in');
    if (!e) continue;
    const key = portKey(e.source.node, e.source.port);
    const first = outputOf.get(key);
    if (first === undefined) outputOf.set(key, String(n.params.name));
    else {
      const src = ix.nodes.get(e.source.node)!;
      const args = { model: modelId, first, second: String(n.params.name), source: `${src.spec.title} "${nodeName(src.node)}"` };
      out.push(diagnostic(issue('graph.modelOutputShared', args), { ...at, node: n.node, port: 'in' }));
    }
  }
  // layers that feed no output never run
  const outputs = [...ix.nodes.values()].filter((n) => n.spec.role === 'model-output').map((n) => n.node.id);
  const live = upstreamOf(ix, outputs);
  for (const n of ix.nodes.values()) {
    if (!live.has(n.node.id) && (n.spec.role === 'layer' || n.spec.role === 'model-call')) {
      out.push(diagnostic(issue('graph.unused', {}), { scope: ix.scope, node: n.node }));
    }
  }
}

/** Each Model node along a cycle of models running each other: none of them can be built. */
function checkModelCycles(models: Record<string, GraphIndex>, nesting: ModelNesting, out: Diagnostic[]) {
  for (const cycle of nesting.cycles) {
    const text = [...cycle, cycle[0]].map((m) => `"${m}"`).join(' → ');
    cycle.forEach((m, i) => {
      const ix = models[m];
      const next = cycle[(i + 1) % cycle.length];
      for (const n of ix?.nodes.values() ?? []) {
        if (n.spec.role !== 'model-call' || n.params.model !== next) continue;
        out.push(diagnostic(issue('graph.modelCycle', { cycle: text }), { scope: ix!.scope, node: n.node, path: `${graphPath(ix!.scope)}.nodes[${n.index}]` }));
      }
    });
  }
}

/**
 * Model ids whose instances (or model-running samplers) lie upstream of the given nodes, with the
 * models those run inside themselves.
 */
export function modelsUpstream(doc: Pick<GraphDoc, 'models'>, ix: GraphIndex, roots: Iterable<string>): Set<string> {
  const models = new Set<string>();
  for (const id of upstreamOf(ix, roots)) {
    const n = ix.nodes.get(id);
    if (!n) continue;
    if (n.spec.role === 'model-call') models.add(String(n.params.model));
    if ('models' in n.spec && n.spec.models) for (const m of n.spec.models(n.params)) models.add(m);
  }
  return withModelsInside(doc, models);
}

function checkTraining(doc: GraphDoc, ix: GraphIndex, models: Record<string, GraphIndex>, out: Diagnostic[]) {
  const optimizers = [...ix.nodes.values()].filter((n) => n.spec.role === 'optimizer');
  if (!optimizers.length) out.push(diagnostic(issue('graph.noOptimizer', {}), { scope: ix.scope }));
  for (const o of optimizers) {
    const owned = o.params.models as string[];
    const at = { scope: ix.scope, node: o.node, path: `main.nodes[${o.index}].params.models` };
    if (!owned.length) out.push(diagnostic(issue('graph.optimizerNoModel', {}), at));
    out.push(...optimizerModelChecks(doc, ix, o, modelsUpstream(doc, ix, [o.node.id])));
  }
  const live = upstreamOf(ix, liveRoots(ix));
  for (const n of ix.nodes.values()) {
    if (!live.has(n.node.id) && !isLiveRoot(n.spec)) out.push(unusedNode(ix, n));
  }
  const used = modelsUpstream(doc, ix, ix.nodes.keys());
  for (const m of Object.keys(doc.models)) {
    if (!used.has(m)) out.push(diagnostic(issue('graph.modelUnused', { model: m }), { scope: { kind: 'model', modelId: m }, path: formatPath(['models', m]) }));
  }
  out.push(...modelUpdateChecks(doc, models, optimizers, used));
}

export interface Indexed {
  main: GraphIndex;
  models: Record<string, GraphIndex>;
  orderings: Map<GraphIndex, Ordering>;
}

export function validate(doc: GraphDoc, ixs: Indexed, nesting: ModelNesting = modelNesting(doc)): Diagnostic[] {
  const out: Diagnostic[] = checkDocument(doc);
  for (const [id, ix] of Object.entries(ixs.models)) {
    checkConnections(ix, out);
    checkCycles(ix, ixs.orderings.get(ix)!, out);
    checkModelBoundary(id, ix, out);
  }
  checkModelCycles(ixs.models, nesting, out);
  checkConnections(ixs.main, out);
  checkCycles(ixs.main, ixs.orderings.get(ixs.main)!, out);
  checkTraining(doc, ixs.main, ixs.models, out);
  return out;
}
