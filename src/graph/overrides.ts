// Param overrides for a run, applied to a copy of the document: a batch size for every node that
// makes a batch (tests and quick runs shrink it without editing the template) but those that must
// match a Constant, and NODE.PARAM=VALUE settings from the command line.
import { produce } from 'immer';
import { issue } from '../messages';
import type { Issue } from '../messages';
import type { GraphDoc, GraphNode, ParamValue } from './types';

export interface ParamSetting {
  /** node id in the training graph, or MODEL/NODE for a node inside a model */
  node: string;
  param: string;
  value: ParamValue;
}

/** Parses `NODE.PARAM=VALUE`; VALUE is JSON when it parses as JSON (numbers, booleans, lists), else text. */
export function parseSetting(spec: string): ParamSetting | Issue {
  const m = /^([^=]+)\.([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(spec);
  if (!m) return issue('run.setParam', { spec, detail: 'expected NODE.PARAM=VALUE' });
  const [, node, param, raw] = m as unknown as [string, string, string, string];
  let value: ParamValue = raw;
  try {
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed === 'number' || typeof parsed === 'boolean' || Array.isArray(parsed)) value = parsed as ParamValue;
  } catch {
    // plain text value
  }
  return { node, param, value };
}

function findNode(doc: GraphDoc, ref: string): GraphNode | undefined {
  const slash = ref.indexOf('/');
  if (slash > 0) return doc.models[ref.slice(0, slash)]?.nodes.find((n) => n.id === ref.slice(slash + 1));
  return doc.main.nodes.find((n) => n.id === ref);
}

/**
 * Nodes whose batch must stay as it is: those feeding a node that a Constant feeds too (a
 * conditional generator's preview noise beside the labels 0..9), since a Constant's batch is its
 * number of values, which no batch size changes.
 */
function pinnedByConstant(doc: GraphDoc): Set<string> {
  const { nodes, edges } = doc.main;
  const constants = new Set(nodes.filter((n) => n.type === 'tensors.constant').map((n) => n.id));
  const meetsConstant = new Set(edges.filter((e) => constants.has(e.source.node)).map((e) => e.target.node));
  return new Set(edges.filter((e) => meetsConstant.has(e.target.node)).map((e) => e.source.node));
}

export function applyOverrides(doc: GraphDoc, o: { batchSize?: number; set?: ParamSetting[] }): { doc: GraphDoc; problems: Issue[] } {
  const problems: Issue[] = [];
  const pinned = o.batchSize === undefined ? new Set<string>() : pinnedByConstant(doc);
  const next = produce(doc, (d) => {
    if (o.batchSize !== undefined) for (const n of d.main.nodes) if ('batchSize' in n.params && !pinned.has(n.id)) n.params.batchSize = o.batchSize;
    for (const s of o.set ?? []) {
      const n = findNode(d as GraphDoc, s.node);
      if (!n) problems.push(issue('run.setParam', { spec: `${s.node}.${s.param}`, detail: `no node "${s.node}"` }));
      else n.params[s.param] = s.value;
    }
  });
  return { doc: next, problems };
}
