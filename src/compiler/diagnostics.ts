// A diagnostic: a coded message tied to a place in the document. Passes return lists of these and
// never throw on a user's graph.
import { getSpec } from '../../nodes';
import { renderIssue, severityOf, type Issue, type MessageCode, type Severity } from '../messages';
import type { GraphNode, GraphScope } from '../graph/types';

export interface Diagnostic {
  code: MessageCode;
  severity: Severity;
  /** full text for people, prefixed with the node's title and name when it concerns a node */
  message: string;
  scope: GraphScope;
  nodeId?: string;
  port?: string;
  /** JSON path into the document, e.g. models.gen.nodes[2].params.units */
  path?: string;
}

/** The name people see for a node: its label, else its id. */
export const nodeName = (n: GraphNode) => n.label || n.id;

export function scopeName(scope: GraphScope): string {
  return scope.kind === 'main' ? 'the training graph' : `model "${scope.modelId}"`;
}

export function diagnostic(issue: Issue, where: { scope: GraphScope; node?: GraphNode; port?: string; path?: string }): Diagnostic {
  const title = where.node ? (getSpec(where.node.type)?.title ?? where.node.type) : '';
  const text = renderIssue(issue);
  const message = where.node ? `${title} "${nodeName(where.node)}": ${text}` : text;
  const d: Diagnostic = { code: issue.code, severity: severityOf(issue.code), message, scope: where.scope };
  if (where.node) d.nodeId = where.node.id;
  if (where.port) d.port = where.port;
  if (where.path) d.path = where.path;
  return d;
}

export const hasErrors = (ds: readonly Diagnostic[]) => ds.some((d) => d.severity === 'error');

/** A node's display name, with its id after it where another node of `nodes` shows the same name. */
export function distinctNames(nodes: readonly GraphNode[]): (node: GraphNode) => string {
  const count = new Map<string, number>();
  for (const n of nodes) count.set(nodeName(n), (count.get(nodeName(n)) ?? 0) + 1);
  return (node) => (count.get(nodeName(node))! > 1 ? `${nodeName(node)} (${node.id})` : nodeName(node));
}
