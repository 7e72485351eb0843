// Which wire the dashboard's wire view shows: the one edge selected in the training graph (none
// when several or a node are selected, or a model is open). Pure.
import type { GraphDoc } from '../../graph/types';
import type { ProbeResult } from '../../runtime/worker/protocol';
import type { SessionState } from '../../store/session';

export interface WireRef {
  edgeId: string;
  node: string;
  port: string;
  /** "gen.x → D_fake.x" */
  label: string;
}

export interface WireView extends WireRef {
  /** an answer is on its way */
  pending: boolean;
  result: ProbeResult | null;
}

export function selectedWire(session: Pick<SessionState, 'scope' | 'selectedEdges' | 'selectedNodes'>, doc: GraphDoc): WireRef | null {
  if (session.scope.kind !== 'main' || session.selectedEdges.length !== 1 || session.selectedNodes.length > 0) return null;
  const e = doc.main.edges.find((x) => x.id === session.selectedEdges[0]);
  if (!e) return null;
  return { edgeId: e.id, node: e.source.node, port: e.source.port, label: `${e.source.node}.${e.source.port} → ${e.target.node}.${e.target.port}` };
}
