// The order in which tfjs runs the layers of a functional model (Container.runInternalGraph): by
// depth, the longest path from a layer to the model's outputs, deepest first, and within one
// depth in the order the layers were applied (their node ids), which is the compiler's order. The
// PyTorch forward runs its layers in this order, so that the dropout layers draw their seeds from
// the training stream in the app's order.
import type { GraphIndex } from '../../compiler/graph-index';

/** The model's nodes (inputs first, then layers and inner models) in tfjs's execution order; `built` is the compiler's order. */
export function executionOrder(ix: GraphIndex, built: readonly string[]): string[] {
  const roleOf = (id: string) => ix.nodes.get(id)?.spec.role;
  // a model inside the model is one layer of it to tfjs (a nested model)
  const isLayer = (id: string) => roleOf(id) === 'layer' || roleOf(id) === 'model-call';
  const consumers = new Map<string, string[]>();
  for (const e of ix.graph.edges) consumers.set(e.source.node, [...(consumers.get(e.source.node) ?? []), e.target.node]);
  const depth = new Map<string, number>();
  // consumers before what they consume: the compiler's order reversed
  for (const id of [...built].reverse()) {
    if (!isLayer(id)) continue;
    let d = -1;
    for (const c of consumers.get(id) ?? []) {
      if (roleOf(c) === 'model-output') d = Math.max(d, 0);
      else if (depth.has(c)) d = Math.max(d, depth.get(c)! + 1);
    }
    // a layer no output depends on is not run by tfjs; here it runs last
    depth.set(id, d);
  }
  const index = new Map(built.map((id, i) => [id, i]));
  const layers = built.filter(isLayer).sort((a, b) => depth.get(b)! - depth.get(a)! || index.get(a)! - index.get(b)!);
  return [...built.filter((id) => roleOf(id) === 'model-input'), ...layers];
}
