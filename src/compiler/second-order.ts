// A node that differentiates a model twice (a gradient penalty) needs every layer of that model to
// have a second derivative in tfjs: the layers that do not are refused here, by name, with what to
// use instead, before training would fail deep inside the optimizer's backward pass. Pure.
import { secondOrderRefusal } from '../../nodes/losses/second-order';
import { withModelsInside } from '../graph/model-nesting';
import type { GraphDoc } from '../graph/types';
import { issue } from '../messages';
import { diagnostic, nodeName, type Diagnostic } from './diagnostics';
import type { GraphIndex } from './graph-index';
import { graphPath } from './validate';

export function secondOrderDiagnostics(doc: GraphDoc, ix: GraphIndex): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const n of ix.nodes.values()) {
    const models = 'secondOrderModels' in n.spec ? n.spec.secondOrderModels?.(n.params) ?? [] : [];
    // the models inside it are differentiated twice with it
    for (const model of withModelsInside(doc, models)) {
      const graph = Object.hasOwn(doc.models, model) ? doc.models[model] : undefined;
      const layer = graph?.nodes.map((l) => ({ l, why: secondOrderRefusal(l.type, l.params) })).find((x) => x.why !== null);
      if (!layer) continue;
      const args = { model, layer: nodeName(layer.l), why: layer.why! };
      out.push(diagnostic(issue('graph.penaltySecondOrder', args), { scope: ix.scope, node: n.node, path: `${graphPath(ix.scope)}.nodes[${n.index}].params.model` }));
    }
  }
  return out;
}
