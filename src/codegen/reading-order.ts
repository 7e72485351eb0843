// The order a model builder lists its layers in. The compiler's topological order is breadth
// first, which interleaves parallel branches (a U-Net's time MLP with its down path); a person
// writes each layer just before its first use. So: the inputs first, then a depth-first walk back
// from each output, inputs in port order, each node after what it needs (then any layer that
// leads to no output).
//
// The order does not change the numbers: names, seeds and connections fix the weights, and a
// functional tfjs model runs its layers in an order it derives from the connections alone (a
// depth-first sort from its outputs), so dropout layers draw their seeds in the same order too.
import { portKey, type GraphIndex } from '../compiler/graph-index';

export function readingOrder(ix: GraphIndex, topological: readonly string[]): string[] {
  const result: string[] = [];
  const placed = new Set<string>();
  const visit = (id: string) => {
    if (placed.has(id)) return;
    placed.add(id);
    for (const p of ix.nodes.get(id)?.inputs ?? []) for (const e of ix.incoming.get(portKey(id, p.name)) ?? []) visit(e.source.node);
    result.push(id);
  };
  const role = (id: string) => ix.nodes.get(id)?.spec.role;
  topological.filter((id) => role(id) === 'model-input').forEach(visit);
  ix.graph.nodes.filter((nd) => role(nd.id) === 'model-output').forEach((nd) => visit(nd.id));
  topological.forEach(visit);
  return result;
}
