// Upgrades old documents, in two independent layers:
//
// 1. The document format: `version` (GRAPH_VERSION in types.ts). DOC_MIGRATIONS[i] turns raw JSON
//    of version i + 1 into version i + 2; they run before the schema, which knows only the current
//    version. Version 1 is current, so the list is empty: a change of format adds one step here.
//
// 2. Each node type's params: NodeSpec.version and NodeSpec.migrate. A file stores, at top level,
//    `nodeVersions: { "layers.dense": 1, ... }`: the version of every node type it uses, stamped
//    from the registry by saveDocument. A type missing from the map (or a file without the map,
//    e.g. a hand-written template) counts as version 1. In memory every node is at its type's
//    current version, so the map lives only in files and nobody creating nodes needs to know it.
import { getSpec } from '../../nodes';
import type { NodeSpec } from '../../nodes/spec';
import { diagnostic, type Diagnostic } from '../compiler/diagnostics';
import { issue } from '../messages';
import { formatPath, scopeSegments } from './json-path';
import { describeValue, paramValueSchema } from './schema';
import type { Graph, GraphDoc, GraphScope, Params } from './types';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** One step of the document format: raw JSON of version N → raw JSON of version N + 1. */
export type DocMigration = (doc: JsonObject) => JsonObject;

/** DOC_MIGRATIONS[i] upgrades version i + 1 to i + 2, so there are GRAPH_VERSION - 1 of them. */
export const DOC_MIGRATIONS: readonly DocMigration[] = [];

const DOCUMENT: GraphScope = { kind: 'main' };

const reason = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Runs the format steps from version `from` to the newest; `raw` is the caller's own copy. */
export function migrateDocument(
  raw: JsonObject,
  from: number,
  steps: readonly DocMigration[] = DOC_MIGRATIONS,
): { ok: true; raw: JsonObject } | { ok: false; diagnostic: Diagnostic } {
  let doc = raw;
  for (let v = from; v <= steps.length; v++) {
    const step = steps[v - 1]!;
    try {
      doc = { ...step(doc), version: v + 1 };
    } catch (e) {
      return { ok: false, diagnostic: diagnostic(issue('doc.migrateFailed', { from: v, to: v + 1, detail: reason(e) }), { scope: DOCUMENT }) };
    }
  }
  return { ok: true, raw: doc };
}

/** The version of every node type the document uses, as the registry has it now: what a file stores. */
export function nodeVersionsOf(doc: GraphDoc): Record<string, number> {
  const versions: Record<string, number> = {};
  for (const g of [...Object.values(doc.models), doc.main]) {
    for (const n of g.nodes) {
      const spec = getSpec(n.type);
      if (spec) versions[n.type] = spec.version;
    }
  }
  return Object.fromEntries(Object.entries(versions).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * Brings every node's params up to its type's current version. `saved` is the file's nodeVersions.
 * A node whose migration fails keeps its saved params and gets an error; the rest still load.
 */
export function migrateNodes(doc: GraphDoc, saved: Readonly<Record<string, number>> = {}): { doc: GraphDoc; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const graph = (g: Graph, scope: GraphScope): Graph => {
    const nodes = g.nodes.map((node, i) => {
      const spec = getSpec(node.type);
      const from = Object.hasOwn(saved, node.type) ? saved[node.type]! : 1;
      if (!spec || from === spec.version) return node;
      const where = { scope, node, path: formatPath([...scopeSegments(scope), 'nodes', i]) };
      if (from > spec.version) {
        diagnostics.push(diagnostic(issue('doc.nodeNewer', { got: from, max: spec.version }), where));
        return node;
      }
      const r = migrateParams(spec, from, node.params);
      if (!r.ok) {
        diagnostics.push(diagnostic(issue('doc.nodeMigrateFailed', r.failure), where));
        return node;
      }
      return { ...node, params: r.params };
    });
    return nodes.every((n, i) => n === g.nodes[i]) ? g : { ...g, nodes };
  };
  const models = Object.fromEntries(Object.entries(doc.models).map(([modelId, g]) => [modelId, graph(g, { kind: 'model', modelId })]));
  return { doc: { ...doc, models, main: graph(doc.main, { kind: 'main' }) }, diagnostics };
}

type ParamsStep = { ok: true; params: Params } | { ok: false; failure: { from: number; to: number; detail: string } };

function migrateParams(spec: NodeSpec, from: number, stored: Params): ParamsStep {
  // a type whose version moved without a params change needs no migrate
  if (!spec.migrate) return { ok: true, params: stored };
  // the spec's migrate may edit what it gets: give it a copy
  let params: Record<string, unknown> = structuredClone(stored);
  for (let v = from; v < spec.version; v++) {
    try {
      params = spec.migrate(v, params);
    } catch (e) {
      return { ok: false, failure: { from: v, to: v + 1, detail: reason(e) } };
    }
  }
  // what a migration returns must still be storable in a document
  const out: Params = {};
  for (const [name, value] of Object.entries(params)) {
    const r = paramValueSchema.safeParse(value);
    if (!r.success) {
      return { ok: false, failure: { from, to: spec.version, detail: `param "${name}" became ${describeValue(value)}` } };
    }
    out[name] = r.data;
  }
  return { ok: true, params: out };
}
