// "__proto__" as a key where a graph file holds a map of names (model ids, a node's params,
// nodeVersions). JSON.parse keeps such a key, but the schema copies maps into plain objects, where
// assigning "__proto__" sets the prototype: the entry would vanish without a word, and a model
// named so would break every lookup. Found on the raw JSON, before the schema.
import { isRecord } from './schema';
import type { PathSegment } from './json-path';

const RESERVED = '__proto__';

const has = (v: unknown): v is Record<string, unknown> => isRecord(v) && Object.hasOwn(v, RESERVED);

function paramsOf(graph: unknown, base: PathSegment[], out: PathSegment[][]) {
  const nodes = isRecord(graph) ? graph.nodes : undefined;
  if (!Array.isArray(nodes)) return;
  nodes.forEach((n, i) => {
    if (isRecord(n) && has(n.params)) out.push([...base, 'nodes', i, 'params', RESERVED]);
  });
}

/** The paths of every "__proto__" key in the maps of a raw graph file. */
export function reservedKeyPaths(raw: Record<string, unknown>): PathSegment[][] {
  const out: PathSegment[][] = [];
  if (has(raw.nodeVersions)) out.push(['nodeVersions', RESERVED]);
  if (isRecord(raw.models)) {
    if (has(raw.models)) out.push(['models', RESERVED]);
    for (const [id, g] of Object.entries(raw.models)) paramsOf(g, ['models', id], out);
  }
  paramsOf(raw.main, ['main'], out);
  return out;
}
