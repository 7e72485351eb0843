// The clipboard form of a piece of graph: JSON text any editor instance can paste. Parsing checks
// the shape of what it reads, since the clipboard may hold anything.
import type { GraphEdge, GraphNode, ParamValue } from '../../graph/types';
import type { Fragment } from '../../store/edits';

export const CLIPBOARD_FORMAT = 'tensorloom-fragment';

export function fragmentToText(f: Fragment): string {
  return JSON.stringify({ format: CLIPBOARD_FORMAT, version: 1, nodes: f.nodes, edges: f.edges }, null, 1);
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isStr = (v: unknown): v is string => typeof v === 'string';

function isParam(v: unknown): v is ParamValue {
  if (isNum(v) || isStr(v) || typeof v === 'boolean') return true;
  return Array.isArray(v) && (v.every(isNum) || v.every(isStr));
}

function toNode(v: unknown): GraphNode | null {
  if (!isObj(v) || !isStr(v.id) || !isStr(v.type) || !isObj(v.params) || !isObj(v.position)) return null;
  const { x, y } = v.position;
  if (!isNum(x) || !isNum(y)) return null;
  const params: Record<string, ParamValue> = {};
  for (const [k, p] of Object.entries(v.params)) {
    if (!isParam(p)) return null;
    params[k] = p;
  }
  const n: GraphNode = { id: v.id, type: v.type, params, position: { x, y } };
  if (isStr(v.label) && v.label) n.label = v.label;
  return n;
}

function toEdge(v: unknown): GraphEdge | null {
  if (!isObj(v) || !isStr(v.id) || !isObj(v.source) || !isObj(v.target)) return null;
  const { source: s, target: t } = v;
  if (!isStr(s.node) || !isStr(s.port) || !isStr(t.node) || !isStr(t.port)) return null;
  return { id: v.id, source: { node: s.node, port: s.port }, target: { node: t.node, port: t.port } };
}

/** A fragment from clipboard text, or null when the text is not one. */
export function textToFragment(text: string): Fragment | null {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isObj(raw) || raw.format !== CLIPBOARD_FORMAT || !Array.isArray(raw.nodes) || !Array.isArray(raw.edges)) return null;
  const nodes = raw.nodes.map(toNode);
  const edges = raw.edges.map(toEdge);
  if (nodes.some((n) => n === null) || edges.some((e) => e === null)) return null;
  return { nodes: nodes as GraphNode[], edges: edges as GraphEdge[] };
}

/** The top-left corner of a fragment's nodes. */
export function fragmentOrigin(f: Fragment): { x: number; y: number } {
  if (f.nodes.length === 0) return { x: 0, y: 0 };
  return {
    x: Math.min(...f.nodes.map((n) => n.position.x)),
    y: Math.min(...f.nodes.map((n) => n.position.y)),
  };
}
