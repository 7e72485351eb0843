// inferShapes: every output port's shape, node by node in topological order, from the nodes' own
// pure inferShape. A node whose inputs are not all known is skipped (its shapes stay unknown) so
// one mistake does not bury the graph in follow-up errors.
import type { Shape, ShapeContext } from '../../nodes/spec';
import { issue, showShape } from '../messages';
import type { GraphShapes } from './analysis';
import { diagnostic, type Diagnostic } from './diagnostics';
import { feeder, type GraphIndex } from './graph-index';
import type { Ordering } from './order';
import { dtypeFits, graphPath } from './validate';

export function inferShapes(ix: GraphIndex, ordering: Ordering, ctx: ShapeContext): { shapes: GraphShapes; diagnostics: Diagnostic[] } {
  // keyed by node id, and any id is allowed: "__proto__" on a plain object would set its prototype
  const shapes: GraphShapes = Object.create(null) as GraphShapes;
  const diagnostics: Diagnostic[] = [];
  for (const id of ordering.order) {
    const n = ix.nodes.get(id)!;
    const at = (port?: string) => ({ scope: ix.scope, node: n.node, port, path: `${graphPath(ix.scope)}.nodes[${n.index}]` });
    const inputs: Record<string, Shape> = {};
    let complete = true;
    for (const p of n.inputs) {
      const e = feeder(ix, id, p.name);
      const s = e && shapes[e.source.node]?.[e.source.port];
      const source = e && ix.nodes.get(e.source.node)!.outputs.find((o) => o.name === e.source.port)!;
      // a wrong kind or dtype of input is reported by validate; inferring past it would only add noise
      if (!s || !source || (p.kind !== 'any' && source.kind !== p.kind) || !dtypeFits(p, source)) {
        complete = false;
        continue;
      }
      if (p.kind === 'loss' && s.length !== 0) {
        diagnostics.push(diagnostic(issue('graph.lossNotScalar', { port: p.name, shape: showShape(s) }), at(p.name)));
        complete = false;
      }
      inputs[p.name] = s;
    }
    if (!complete) continue;
    let result;
    try {
      result = n.spec.inferShape(inputs, n.params, ctx);
    } catch (err) {
      // a node's own bug must not take the editor down: report it on the node
      diagnostics.push(diagnostic(issue('internal.inferShape', { detail: err instanceof Error ? err.message : String(err) }), at()));
      continue;
    }
    if (result.ok) shapes[id] = result.outputs;
    else diagnostics.push(diagnostic(result.issue, at(result.port)));
  }
  return { shapes, diagnostics };
}
