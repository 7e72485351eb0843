// Writing a graph file: JSON that diffs well. Keys come in a fixed order (params in the order
// their node type declares them), two-space indent, a trailing newline, and small flat values
// (positions, edge ends, shapes, short param lists) on one line, so a moved node is a one-line diff.
// Only the document's own fields are written: anything else on the objects (session state that
// slipped in) never reaches the file. loadDocument(saveDocument(doc)) gives back an equal document.
import { getSpec } from '../../nodes';
import { nodeVersionsOf, type Json, type JsonObject } from './migrations';
import { GRAPH_FORMAT, GRAPH_VERSION, type Graph, type GraphDoc, type GraphNode, type Params } from './types';

export function saveDocument(doc: GraphDoc): string {
  const file: JsonObject = {
    format: GRAPH_FORMAT,
    // what this writes is always the current format
    version: GRAPH_VERSION,
    meta: { name: doc.meta.name, description: doc.meta.description },
    nodeVersions: nodeVersionsOf(doc),
    models: Object.fromEntries(Object.entries(doc.models).map(([id, g]) => [id, graphJson(g)])),
    main: graphJson(doc.main),
  };
  return `${write(file, '')}\n`;
}

function graphJson(g: Graph): JsonObject {
  return {
    nodes: g.nodes.map(nodeJson),
    edges: g.edges.map((e) => ({
      id: e.id,
      source: { node: e.source.node, port: e.source.port },
      target: { node: e.target.node, port: e.target.port },
    })),
  };
}

function nodeJson(n: GraphNode): JsonObject {
  return {
    id: n.id,
    type: n.type,
    ...(n.label !== undefined ? { label: n.label } : {}),
    params: orderedParams(n.type, n.params),
    position: { x: n.position.x, y: n.position.y },
  };
}

/** The node type's declared params first, in its order; any others after, sorted. */
function orderedParams(type: string, params: Params): JsonObject {
  const declared = Object.keys(getSpec(type)?.params ?? {}).filter((k) => Object.hasOwn(params, k));
  const rest = Object.keys(params)
    .filter((k) => !declared.includes(k))
    .sort();
  return Object.fromEntries([...declared, ...rest].map((k): [string, Json] => [k, params[k]!]));
}

// a flat object or list this short (in characters, without indent) stays on one line
const INLINE_WIDTH = 72;

const isScalar = (x: Json): x is string | number | boolean | null => x === null || typeof x !== 'object';
/** flat: holds only scalars and lists of scalars, e.g. { "name": "z", "shape": [16] } */
const isFlat = (entries: [string, Json][]) => entries.every(([, x]) => isScalar(x) || (Array.isArray(x) && x.every(isScalar)));

function write(v: Json, indent: string): string {
  if (isScalar(v)) return JSON.stringify(v);
  const list = Array.isArray(v);
  const entries: [string, Json][] = list ? v.map((x): [string, Json] => ['', x]) : Object.entries(v);
  if (entries.length === 0) return list ? '[]' : '{}';
  if (isFlat(entries)) {
    const items: string[] = [];
    for (const [k, x] of entries) items.push(keyOf(k, list) + write(x, ''));
    const line = list ? `[${items.join(', ')}]` : `{ ${items.join(', ')} }`;
    if (line.length <= INLINE_WIDTH) return line;
  }
  const inner = `${indent}  `;
  const lines: string[] = [];
  for (const [k, x] of entries) lines.push(inner + keyOf(k, list) + write(x, inner));
  return list ? `[\n${lines.join(',\n')}\n${indent}]` : `{\n${lines.join(',\n')}\n${indent}}`;
}

const keyOf = (k: string, list: boolean) => (list ? '' : `${JSON.stringify(k)}: `);
