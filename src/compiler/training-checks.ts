// Checks that teach what training will do with the graph: which models an optimizer can move,
// which no optimizer moves, which two optimizers pull at, and which losses nothing uses. Called
// from validate's checkTraining. Pure, no tfjs; returns diagnostics, never throws.
import type { NodeSpec } from '../../nodes/spec';
import { formatPath } from '../graph/json-path';
import { withModelsInside } from '../graph/model-nesting';
import type { GraphDoc } from '../graph/types';
import { issue } from '../messages';
import { andList } from '../util/and-list';
import { diagnostic, nodeName, type Diagnostic } from './diagnostics';
import { portKey, type GraphIndex, type IndexedNode } from './graph-index';

/** Nodes the training graph runs for their own sake: what feeds them is live, and they are never unused. */
export const isLiveRoot = (spec: NodeSpec) => spec.role === 'optimizer' || spec.role === 'preview' || spec.role === 'metric';

/** Ids of the roots of the live set: optimizers, previews and metrics. */
export const liveRoots = (ix: GraphIndex): string[] => [...ix.nodes.values()].filter((n) => isLiveRoot(n.spec)).map((n) => n.node.id);

/** The warning for a node that nothing trained, previewed or charted depends on. */
export function unusedNode(ix: GraphIndex, n: IndexedNode): Diagnostic {
  const code = n.spec.role === 'loss' ? 'graph.lossUnused' : 'graph.unused';
  return diagnostic(issue(code, {}), { scope: ix.scope, node: n.node });
}

const quoted = (names: readonly string[]) => names.map((m) => `"${m}"`);
const modelsText = (ms: readonly string[]) => `${ms.length === 1 ? 'model' : 'models'} ${andList(quoted(ms))}`;

const modelAt = (m: string) => ({ scope: { kind: 'model', modelId: m } as const, path: formatPath(['models', m]) });

/**
 * The models an optimizer updates that its loss does not depend on: one error per model when the
 * loss depends on some of them, one error for the optimizer when it depends on none.
 * `upstream`: the models its loss depends on.
 */
export function optimizerModelChecks(doc: GraphDoc, ix: GraphIndex, o: IndexedNode, upstream: ReadonlySet<string>): Diagnostic[] {
  const owned = (o.params.models as string[]).filter((m) => Object.hasOwn(doc.models, m));
  const at = { scope: ix.scope, node: o.node, path: `main.nodes[${o.index}].params.models` };
  const missing = owned.filter((m) => !upstream.has(m));
  if (!missing.length) return [];
  if (missing.length < owned.length) return missing.map((m) => diagnostic(issue('graph.optimizerModelNotUpstream', { model: m }), at));
  // no loss connected at all: graph.inputMissing already says so
  if (!o.inputs.some((p) => ix.incoming.get(portKey(o.node.id, p.name))?.length)) return [];
  const mine = [...new Set(owned)];
  const others = [...upstream].filter((m) => Object.hasOwn(doc.models, m)).sort();
  const args = { models: andList(quoted(mine)), count: mine.length, upstream: others.length ? modelsText(others) : '' };
  return [diagnostic(issue('graph.optimizerLossIgnoresModels', args), at)];
}

/**
 * Whether training could change a model's own weights: no, when every layer of it says, before
 * shapes are known, that it has no trainable weights (Flatten, Reshape, Activation, ... :
 * paramCount(params, undefined) gives 0 trainable); a layer whose count needs the input shape counts
 * as weighted. The models it runs inside itself have their weights, and their checks, of their own.
 */
function hasTrainableWeights(model: GraphIndex | undefined): boolean {
  if (!model) return false;
  for (const n of model.nodes.values()) {
    if (n.spec.role === 'layer' && (n.spec.paramCount(n.params, undefined)?.trainable ?? 1) > 0) return true;
  }
  return false;
}

/**
 * Which optimizers update each model: a warning for a used model with weights that none updates
 * (not when there is no optimizer at all: graph.noOptimizer says so), a note for one that two or
 * more update. `used`: the models the training graph uses.
 */
export function modelUpdateChecks(
  doc: GraphDoc,
  models: Readonly<Record<string, GraphIndex>>,
  optimizers: readonly IndexedNode[],
  used: ReadonlySet<string>,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const updaters = new Map<string, IndexedNode[]>();
  for (const o of optimizers) {
    // an optimizer moves the weights of the models inside its models too: they are theirs
    for (const m of withModelsInside(doc, o.params.models as string[])) updaters.set(m, [...(updaters.get(m) ?? []), o]);
  }
  for (const m of Object.keys(doc.models)) {
    const by = updaters.get(m) ?? [];
    if (!by.length && optimizers.length && used.has(m) && hasTrainableWeights(models[m])) {
      out.push(diagnostic(issue('graph.modelNotTrained', { model: m }), modelAt(m)));
    }
    if (by.length >= 2) {
      const names = by.map((o) => `${o.spec.title} "${nodeName(o.node)}"`);
      out.push(diagnostic(issue('graph.modelManyOptimizers', { model: m, count: by.length, optimizers: andList(names) }), modelAt(m)));
    }
  }
  return out;
}
