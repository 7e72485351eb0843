// Mutations of a graph file's raw JSON for the fuzz suite: what hand edits, other tools, damaged
// downloads and hostile files do to a document. Each takes the document (its own copy) and a seeded
// generator and changes it in place; values JSON cannot hold as text (NaN, deep nesting past what
// JSON.stringify survives) go in as markers that `render` replaces.
import { allTypes } from '../../nodes';
import type { Seeded } from './seeded';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Obj = { [key: string]: Json };

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Sets a key as an own property, even "__proto__" (assignment would set the prototype instead). */
function put(o: Obj | Json[], key: string | number, v: Json): void {
  Object.defineProperty(o, key, { value: v, writable: true, enumerable: true, configurable: true });
}

interface Slot {
  parent: Obj | Json[];
  key: string | number;
  value: Json;
}

/** Every (container, key) of the document, breadth-limited so earlier huge mutations stay cheap. */
function slotsOf(root: Json, limit = 20_000): Slot[] {
  const out: Slot[] = [];
  const stack: [Json, number][] = [[root, 0]];
  while (stack.length && out.length < limit) {
    const [v, depth] = stack.pop()!;
    if (depth > 30 || v === null || typeof v !== 'object') continue;
    const entries: [string | number, Json][] = Array.isArray(v) ? v.map((x, i) => [i, x]) : Object.entries(v);
    for (const [key, value] of entries) {
      out.push({ parent: v, key, value });
      stack.push([value, depth + 1]);
    }
  }
  return out;
}

/** Stand-ins for what JSON text cannot hold, replaced when the document is rendered. */
export interface Markers {
  /** marker string → raw JSON text (text documents) */
  text: Map<string, string>;
  /** marker string → value (documents given as values, like a JSON module) */
  value: Map<string, unknown>;
}

export interface Ctx {
  rng: Seeded;
  markers: Markers;
  /** documents go in as text (else as a value) */
  asText: boolean;
}

function marker(ctx: Ctx, text: string, value: unknown): string {
  const m = `\u0001marker${ctx.markers.text.size}\u0001`;
  ctx.markers.text.set(m, text);
  ctx.markers.value.set(m, value);
  return m;
}

interface GraphRef {
  modelId: string | null;
  nodes: Obj[];
  edges: Obj[];
  graph: Obj;
}

function graphsOf(doc: Obj): GraphRef[] {
  const out: GraphRef[] = [];
  const add = (modelId: string | null, g: Json | undefined) => {
    if (!isObj(g) || !Array.isArray(g.nodes)) return;
    out.push({ modelId, graph: g, nodes: g.nodes.filter(isObj), edges: Array.isArray(g.edges) ? g.edges.filter(isObj) : [] });
  };
  if (isObj(doc.models)) for (const [id, g] of Object.entries(doc.models)) add(id, g);
  add(null, doc.main);
  return out;
}

const numberSlots = (doc: Obj) => slotsOf(doc).filter((s) => typeof s.value === 'number');

export const ODD_IDS = [
  '生成器', '_gen', '-gen', 'h-1', 'h_1', 'h.1', 'a b', ' ', '__proto__', 'constructor', 'toString', 'hasOwnProperty',
  '../x', 'a/b', '"q"', '\u0000', '😀', 'ü', '0', 'x-h-2d-1', 'a__b', '__', '_', 'a'.repeat(300), 'ﬀ', 'İ',
];

const HUGE = [1e12, 2 ** 31, 2 ** 31 - 1, 2 ** 32, 2 ** 53, Number.MAX_SAFE_INTEGER, 65536, 65537, 1e308, 4096, 1e6, 123456789];

type Mutation = (doc: Obj, ctx: Ctx) => void;

const deleteKey: Mutation = (doc, { rng }) => {
  const s = rng.pick(slotsOf(doc));
  if (!s) return;
  if (Array.isArray(s.parent)) s.parent.splice(Number(s.key), 1);
  else delete s.parent[s.key];
};

const wrongType: Mutation = (doc, { rng }) => {
  const s = rng.pick(slotsOf(doc));
  if (!s) return;
  const pool: Json[] = ['text', '', 0, 1, 2.5, true, false, null, [], {}, [1, 'a'], { a: 1 }, ['x'], [3]];
  const kind = (v: Json) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
  put(s.parent, s.key, rng.pick(pool.filter((v) => kind(v) !== kind(s.value))));
};

const hugeNumber: Mutation = (doc, { rng }) => {
  const s = rng.pick(numberSlots(doc));
  if (s) put(s.parent, s.key, rng.pick(HUGE));
};

const negativeNumber: Mutation = (doc, { rng }) => {
  const s = rng.pick(numberSlots(doc));
  if (!s) return;
  const v = s.value as number;
  put(s.parent, s.key, rng.pick([-1, 0, -v, -0.5, v + 0.5, -1e12, -(2 ** 31), 1e-300]));
};

const nonFinite: Mutation = (doc, ctx) => {
  const s = ctx.rng.pick(numberSlots(doc));
  if (!s) return;
  const [text, value] = ctx.rng.pick<[string, number]>([['NaN', NaN], ['Infinity', Infinity], ['1e999', Infinity], ['-1e999', -Infinity], ['1e400', -0]]);
  put(s.parent, s.key, marker(ctx, text, value));
};

const duplicateIds: Mutation = (doc, { rng }) => {
  const g = rng.pick(graphsOf(doc));
  if (!g || g.nodes.length < 2) return;
  const choice = rng.int(0, 2);
  if (choice === 0) g.nodes[rng.int(1, g.nodes.length - 1)]!.id = g.nodes[0]!.id ?? 'x';
  else if (choice === 1 && g.edges.length >= 2) g.edges[rng.int(1, g.edges.length - 1)]!.id = g.edges[0]!.id ?? 'e';
  else (g.graph.nodes as Json[]).push(structuredClone(rng.pick(g.nodes)));
};

const cycle: Mutation = (doc, { rng }) => {
  const g = rng.pick(graphsOf(doc).filter((x) => x.edges.length > 0));
  if (!g) return;
  const e = rng.pick(g.edges);
  const from = isObj(e.target) ? e.target.node : undefined;
  const to = isObj(e.source) ? e.source.node : undefined;
  const outPort = g.edges.map((x) => (isObj(x.source) && x.source.node === from ? x.source.port : undefined)).find((p) => p !== undefined) ?? 'out';
  const inPort = g.edges.map((x) => (isObj(x.target) && x.target.node === to ? x.target.port : undefined)).find((p) => p !== undefined) ?? 'in';
  (g.graph.edges as Json[]).push({ id: `cycle${rng.int(0, 1e6)}`, source: { node: from ?? 'x', port: outPort }, target: { node: to ?? 'y', port: inPort } });
};

function renameNode(g: GraphRef, from: Json, to: string, edgesToo: boolean) {
  for (const n of g.nodes) if (n.id === from) n.id = to;
  if (!edgesToo) return;
  for (const e of g.edges) for (const end of ['source', 'target']) {
    const ref = e[end];
    if (isObj(ref) && ref.node === from) ref.node = to;
  }
}

function renameModel(doc: Obj, from: string, to: string) {
  if (!isObj(doc.models)) return;
  const renamed: Obj = {};
  for (const [id, g] of Object.entries(doc.models)) put(renamed, id === from ? to : id, g);
  doc.models = renamed;
  for (const g of graphsOf(doc)) for (const n of g.nodes) {
    const p = n.params;
    if (!isObj(p)) continue;
    if (p.model === from) p.model = to;
    if (Array.isArray(p.models)) p.models = p.models.map((m) => (m === from ? to : m));
  }
}

const oddId: Mutation = (doc, { rng }) => {
  const to = rng.pick(ODD_IDS);
  const models = isObj(doc.models) ? Object.keys(doc.models) : [];
  if (models.length && rng.chance(0.4)) return renameModel(doc, rng.pick(models), to);
  const g = rng.pick(graphsOf(doc));
  const n = g && rng.pick(g.nodes);
  if (g && n) renameNode(g, n.id ?? null, to, rng.chance(0.9));
};

function nested(depth: number, arrays: boolean): Json {
  let v: Json = arrays ? [] : {};
  for (let i = 0; i < depth; i++) v = arrays ? [v] : { k: v };
  return v;
}

const deepNesting: Mutation = (doc, ctx) => {
  const s = ctx.rng.pick(slotsOf(doc));
  if (!s) return;
  const depth = ctx.rng.pick([50, 500, 3000, 20_000]);
  const arrays = ctx.rng.chance(0.5);
  const text = arrays ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"k":'.repeat(depth)}{}${'}'.repeat(depth)}`;
  // as a value, only as deep as a structured copy survives here
  put(s.parent, s.key, marker(ctx, text, nested(Math.min(depth, 3000), arrays)));
};

const largeFile: Mutation = (doc, { rng }) => {
  const choice = rng.int(0, 3);
  if (choice === 0) {
    const g = rng.pick(graphsOf(doc));
    const n = g && rng.pick(g.nodes);
    if (!g || !n) return;
    const copies = rng.pick([300, 1000, 3000]);
    for (let i = 0; i < copies; i++) (g.graph.nodes as Json[]).push({ ...structuredClone(n), id: `${String(n.id)}_copy${i}` });
  } else if (choice === 1) {
    if (isObj(doc.meta)) doc.meta.description = 'x'.repeat(rng.pick([100_000, 2_000_000]));
  } else if (choice === 2) {
    const g = rng.pick(graphsOf(doc));
    const n = g && rng.pick(g.nodes);
    if (n && isObj(n.params)) n.params[rng.pick(Object.keys(n.params).concat('shape'))] = Array.from({ length: rng.pick([5, 1000, 100_000]) }, () => 1);
  } else {
    const g = rng.pick(graphsOf(doc).filter((x) => x.edges.length > 0));
    if (!g) return;
    for (let i = 0; i < 2000; i++) (g.graph.edges as Json[]).push({ ...structuredClone(rng.pick(g.edges)), id: `dup${i}` });
  }
};

const retarget: Mutation = (doc, { rng }) => {
  const g = rng.pick(graphsOf(doc).filter((x) => x.edges.length > 0));
  if (!g) return;
  const e = rng.pick(g.edges);
  const end = e[rng.pick(['source', 'target'])];
  if (!isObj(end)) return;
  if (rng.chance(0.5)) end.node = rng.chance(0.7) ? (rng.pick(g.nodes).id ?? 'x') : 'nowhere';
  else end.port = rng.pick(['in', 'out', 'x', 'y', 'z', 'a', 'b', 'loss', 'nope', 'mu', 'logvar']);
};

const retype: Mutation = (doc, { rng }) => {
  const g = rng.pick(graphsOf(doc));
  const n = g && rng.pick(g.nodes);
  if (!n) return;
  const t = String(n.type);
  n.type = rng.pick([rng.pick(allTypes()), rng.pick(allTypes()), `${t}x`, t.toUpperCase(), t.replace('.', '/'), '']);
};

const paramSwap: Mutation = (doc, { rng }) => {
  const all = graphsOf(doc).flatMap((g) => g.nodes).filter((n) => isObj(n.params));
  if (all.length < 2) return;
  const into = rng.pick(all).params as Obj;
  const from = rng.pick(all).params as Obj;
  const fromKey = rng.pick(Object.keys(from));
  if (fromKey === undefined) return;
  const keys = Object.keys(into);
  put(into, rng.chance(0.7) && keys.length ? rng.pick(keys) : fromKey, structuredClone(from[fromKey]!));
};

const nodeVersions: Mutation = (doc, { rng }) => {
  doc.nodeVersions = { [rng.pick(allTypes())]: rng.pick<Json>([0, 1, 2, 99, 1.5, -1, 'two', 1e12]) };
};

export const MUTATIONS: Record<string, Mutation> = {
  deleteKey, wrongType, hugeNumber, negativeNumber, nonFinite, duplicateIds, cycle, oddId, deepNesting, largeFile, retarget, retype, paramSwap, nodeVersions,
};

/** Damage to the text itself, as a cut-short download or a stray keystroke does. */
export function damageText(text: string, rng: Seeded): string {
  const at = rng.int(0, Math.max(0, text.length - 1));
  switch (rng.int(0, 3)) {
    case 0: return text.slice(0, at);
    case 1: return text.slice(0, at) + text.slice(at + 1);
    case 2: return text.slice(0, at) + rng.pick(['{', '}', '"', ',', ':', '[', '\\', '\u0000', 'é']) + text.slice(at);
    default: return `\uFEFF${text}`;
  }
}

/** The mutated document as a file's text or as a value, markers replaced. */
export function render(doc: Json, ctx: Ctx): { text: string } | { value: unknown } {
  if (ctx.asText) {
    let text = JSON.stringify(doc, null, ctx.rng.chance(0.5) ? 2 : undefined);
    for (const [m, raw] of ctx.markers.text) text = text.replace(JSON.stringify(m), raw);
    return { text };
  }
  const swap = (v: unknown): unknown => {
    if (typeof v === 'string' && ctx.markers.value.has(v)) return ctx.markers.value.get(v);
    if (Array.isArray(v)) return v.map(swap);
    if (isObj(v)) {
      const o: Obj = {};
      for (const [k, x] of Object.entries(v)) put(o, k, swap(x) as Json);
      return o;
    }
    return v;
  };
  return { value: ctx.markers.value.size ? swap(doc) : doc };
}
