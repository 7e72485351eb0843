// analyze: the pure front of the compiler (validate, inferShapes, order, then the sizes a backend
// can hold) over a whole document, models first (each after the models it runs inside itself) so
// that model instances know their output shapes.
import { getSpec } from '../../nodes';
import { modelParams } from '../../nodes/params';
import type { ModelSignature, Shape } from '../../nodes/spec';
import { copiedOnly, expandOwnBlocks, ownBlockModels, type BlockOrigins } from '../graph/expand-blocks';
import { modelNesting, modelsCalledBy } from '../graph/model-nesting';
import { modelSignature, modelSignatures } from '../graph/signatures';
import type { Graph, GraphDoc, GraphNode } from '../graph/types';
import { scopeKey, type Analysis, type GraphShapes } from './analysis';
import { nodeName, type Diagnostic } from './diagnostics';
import { feeder, indexGraph, type GraphIndex } from './graph-index';
import { inferShapes } from './infer-shapes';
import { sizeDiagnostics } from './memory';
import { orderGraph, type Ordering } from './order';
import { secondOrderDiagnostics } from './second-order';
import { graphPath, validate, type Indexed } from './validate';

/**
 * Everything the front passes know, for `lower` to build from without redoing the work. `doc` is
 * the document they ran on: the one given, with each own-weights block replaced by a copy of its
 * layers (../graph/expand-blocks), which is what `lower` and the exports build.
 */
export interface Front extends Analysis, Indexed {
  doc: GraphDoc;
  /** models that run only as own-weights copies: analysed, but neither built nor exported */
  copiedOnly: ReadonlySet<string>;
  /** per model: the own-weights Model node each copied node stands for (the code view marks its lines) */
  origins: Readonly<Record<string, BlockOrigins>>;
}

/** The models a document runs only as own-weights copies (inside other models, never on their own). */
export const modelsRunOnlyAsCopies = (doc: GraphDoc): Set<string> => copiedOnly(doc, modelsNamedBy);

/** The model ids a node names in its params (a Model node's model, a sampler's, an optimizer's models). */
function modelsNamedBy(n: GraphNode): string[] {
  const spec = getSpec(n.type);
  return (spec ? modelParams(spec) : []).flatMap(({ param, many }) => {
    const v = n.params[param];
    if (!many && typeof v === 'string') return [v];
    return many && Array.isArray(v) ? v.map(String) : [];
  });
}

const rank = { error: 0, warning: 1, info: 2 } as const;

/** Output shapes of a model's Model Output nodes, keyed by node id. */
function outputShapes(ix: GraphIndex, shapes: GraphShapes): Record<string, Shape | undefined> {
  const result: Record<string, Shape | undefined> = {};
  for (const n of ix.nodes.values()) {
    if (n.spec.role !== 'model-output') continue;
    const e = feeder(ix, n.node.id, 'in');
    result[n.node.id] = e ? shapes[e.source.node]?.[e.source.port] : undefined;
  }
  return result;
}

/** One model's front passes: what depends on its own graph, the ports of the document's models and the signatures of the models it runs. */
interface ModelFront {
  ix: GraphIndex;
  ordering: Ordering;
  shapes: GraphShapes;
  diagnostics: Diagnostic[];
  signature: ModelSignature;
}

/**
 * The front passes of each model graph, kept while the graph object lives: the editor's documents
 * are frozen (immer), so an edit makes a new object of the graph it changes and keeps the others,
 * and an edit of the training graph analyses no model again. Unfrozen graphs (which could change
 * in place) are never kept.
 */
const modelFronts = new WeakMap<Graph, { id: string; ports: string; front: ModelFront }>();

/** `ports`: the ports of every model and the signatures of the models this one runs, as text, the key it is kept by. */
function modelFront(id: string, graph: Graph, ctx: { models: Record<string, ModelSignature> }, ports: string): ModelFront {
  const kept = modelFronts.get(graph);
  if (kept && kept.id === id && kept.ports === ports) return kept.front;
  const ix = indexGraph(graph, { kind: 'model', modelId: id }, ctx);
  const ordering = orderGraph(ix);
  const r = inferShapes(ix, ordering, ctx);
  const front = { ix, ordering, shapes: r.shapes, diagnostics: r.diagnostics, signature: modelSignature(graph, outputShapes(ix, r.shapes)) };
  if (Object.isFrozen(graph) && Object.isFrozen(graph.nodes)) modelFronts.set(graph, { id, ports, front });
  return front;
}

export function analyzeFront(given: GraphDoc): Front {
  const { doc, origins } = expandOwnBlocks(given);
  const portsOnly = { models: modelSignatures(doc) };
  const ports = JSON.stringify(portsOnly.models);
  const orderings = new Map<GraphIndex, Ordering>();
  const shapes: Record<string, GraphShapes> = {};
  const shapeDiagnostics: Diagnostic[] = [];
  const models: Record<string, GraphIndex> = {};
  // no prototype: a model id a node names is looked up here (see modelSignatures). Each model is
  // analysed after the models it runs inside itself, whose entries by then have their output shapes.
  const signatures: Record<string, ModelSignature> = Object.assign(Object.create(null), portsOnly.models);
  const nesting = modelNesting(doc);
  for (const id of nesting.order) {
    const graph = doc.models[id]!;
    const inner = modelsCalledBy(graph).filter((m) => Object.hasOwn(doc.models, m));
    const f = modelFront(id, graph, { models: signatures }, inner.length ? `${ports}\n${JSON.stringify(inner.map((m) => signatures[m]))}` : ports);
    models[id] = f.ix;
    orderings.set(f.ix, f.ordering);
    shapes[scopeKey(f.ix.scope)] = f.shapes;
    shapeDiagnostics.push(...f.diagnostics);
    signatures[id] = f.signature;
  }
  const ctx = { models: signatures };
  const main = indexGraph(doc.main, { kind: 'main' }, ctx);
  const mainOrdering = orderGraph(main);
  orderings.set(main, mainOrdering);
  const r = inferShapes(main, mainOrdering, ctx);
  shapes.main = r.shapes;
  shapeDiagnostics.push(...r.diagnostics);

  const diagnostics = [
    ...validate(doc, { main, models, orderings }, nesting),
    ...secondOrderDiagnostics(doc, main),
    ...shapeDiagnostics,
    ...sizeDiagnostics({ main, models, shapes }),
  ];
  const shown = showBlocks(given, origins, shapes, diagnostics);
  shown.sort((a, b) => rank[a.severity] - rank[b.severity]);
  return { diagnostics: shown, shapes, signatures, main, models, orderings, doc, copiedOnly: copiedOnly(given, modelsNamedBy), origins };
}

/** A model's shapes with its own-weights Model nodes' outputs, by the expanded model's shapes they were read from. */
const instanceShapes = new WeakMap<GraphShapes, GraphShapes>();

/**
 * The analysis of the expanded document told in terms of the given one: a problem of a copied node
 * is one of the own-weights Model node it came from, and that node's outputs have the shapes its
 * copy gives (`shapes` gets a table with them). A block model that only own-weights nodes run is used.
 */
function showBlocks(given: GraphDoc, origins: Record<string, BlockOrigins>, shapes: Record<string, GraphShapes>, diagnostics: Diagnostic[]): Diagnostic[] {
  const ownUsed = ownBlockModels(given);
  if (!ownUsed.size) return diagnostics;
  const out: Diagnostic[] = [];
  for (const d of diagnostics) {
    if (d.code === 'graph.modelUnused' && d.scope.kind === 'model' && ownUsed.has(d.scope.modelId)) continue;
    const o = d.scope.kind === 'model' && d.nodeId !== undefined ? origins[d.scope.modelId]?.nodes.get(d.nodeId) : undefined;
    if (!o || d.scope.kind !== 'model') {
      out.push(d);
      continue;
    }
    const graph = given.models[d.scope.modelId]!;
    const index = graph.nodes.findIndex((n) => n.id === o);
    const instance = graph.nodes[index]!;
    const message = `Model "${nodeName(instance)}", in its own copy of model "${String(instance.params.model)}": ${d.message}`;
    out.push({ ...d, nodeId: o, port: undefined, message, path: `${graphPath(d.scope)}.nodes[${index}]` });
  }
  for (const [modelId, o] of Object.entries(origins)) {
    const key = scopeKey({ kind: 'model', modelId });
    const graphShapes = shapes[key];
    if (!graphShapes || !o.outputs.size) continue;
    // a copy, not the kept model front's own table, kept with it (so an unchanged model keeps its table)
    let withInstances = instanceShapes.get(graphShapes);
    if (!withInstances) {
      withInstances = Object.assign(Object.create(null), graphShapes) as GraphShapes;
      for (const [instance, ports] of o.outputs) {
        const known = Object.entries(ports).flatMap(([port, r]) => {
          const s = graphShapes[r.node]?.[r.port];
          return s ? [[port, s] as const] : [];
        });
        if (known.length) withInstances[instance] = Object.fromEntries(known);
      }
      instanceShapes.set(graphShapes, withInstances);
    }
    shapes[key] = withInstances;
  }
  return out;
}

/** The live analysis the editor shows on every edit. Pure, no tfjs. */
export function analyze(doc: GraphDoc): Analysis {
  const { diagnostics, shapes, signatures } = analyzeFront(doc);
  return { diagnostics, shapes, signatures };
}
