// What the edge-drop menu offers: node types that fit the open graph and have a port of the right
// kind on the right side to take the dropped wire, filtered by a search. Pure.
import type { NodeSpec, PortKind, ShapeContext } from '../../../nodes/spec';
import type { GraphScope } from '../../graph/types';
import { CATEGORIES, matchScore } from '../palette/paletteModel';
import { fitsScope, newNode, portsOf } from '../specs';

export interface DropChoice {
  spec: NodeSpec;
  /** the port of the new node the wire connects to */
  port: string;
}

const categoryRank = new Map(CATEGORIES.map((c, i) => [c.id, i]));

/**
 * Node types to offer for a wire dragged out of a port of `kind`: out of an output ('source') they
 * need an input of that kind, out of an input ('target') an output. Their ports are read from a
 * new node with default params, so a Model node offers the ports of the document's first model.
 */
export function dropChoices(
  specs: readonly NodeSpec[],
  scope: GraphScope,
  from: { side: 'source' | 'target'; kind: PortKind | 'any' },
  ctx: ShapeContext,
  models: readonly string[],
  query: string,
): DropChoice[] {
  const found: { choice: DropChoice; score: number }[] = [];
  for (const spec of specs) {
    if (!fitsScope(spec, scope)) continue;
    const score = matchScore(spec, query);
    if (score === 0) continue;
    const ports = portsOf(newNode(spec, new Set(), { x: 0, y: 0 }, models), ctx);
    const port = (from.side === 'source' ? ports.inputs : ports.outputs).find((p) => p.kind === from.kind || p.kind === 'any' || from.kind === 'any');
    if (port) found.push({ choice: { spec, port: port.name }, score });
  }
  found.sort((a, b) =>
    b.score - a.score ||
    (categoryRank.get(a.choice.spec.category) ?? 99) - (categoryRank.get(b.choice.spec.category) ?? 99) ||
    a.choice.spec.title.localeCompare(b.choice.spec.title));
  return found.map((f) => f.choice);
}
