// Imported weights (ModelWeights) as one byte string and back, to keep them in IndexedDB:
//   "TLW1" | header length (u32 LE) | header JSON (UTF-8) | zero padding to 4 | float32 LE values
// The header lists each node's weights (name and shape) in the order their values follow.
// Pure; decoding checks every size, so damaged bytes are refused rather than misread.
import type { ModelWeights, NodeWeight } from './model-weights';

const MAGIC = 'TLW1';

type Header = { nodes: [string, [string, number[]][]][] };

export type Decoded = { ok: true; value: ModelWeights } | { ok: false; detail: string };

const sizeOf = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

export function encodeModelWeights(weights: ModelWeights): Uint8Array {
  const entries = Object.entries(weights);
  const header: Header = { nodes: entries.map(([node, ws]) => [node, ws.map((w) => [w.name, [...w.shape]])]) };
  const head = new TextEncoder().encode(JSON.stringify(header));
  const start = Math.ceil((8 + head.length) / 4) * 4;
  const count = entries.reduce((n, [, ws]) => n + ws.reduce((m, w) => m + w.values.length, 0), 0);
  const out = new Uint8Array(start + 4 * count);
  out.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(out.buffer).setUint32(4, head.length, true);
  out.set(head, 8);
  const view = new DataView(out.buffer);
  let at = start;
  for (const [node, ws] of entries) {
    for (const w of ws) {
      if (w.values.length !== sizeOf(w.shape)) throw new Error(`internal: weight "${w.name}" of node "${node}" has ${w.values.length} values for the shape [${w.shape.join(', ')}]`);
      for (const v of w.values) {
        view.setFloat32(at, v, true);
        at += 4;
      }
    }
  }
  return out;
}

const isShape = (s: unknown): s is number[] => Array.isArray(s) && s.every((d) => Number.isInteger(d) && (d as number) >= 0);

function readHeader(text: string): Header | string {
  let h: unknown;
  try {
    h = JSON.parse(text);
  } catch (e) {
    return `the header is not JSON (${e instanceof Error ? e.message : String(e)})`;
  }
  const nodes = (h as { nodes?: unknown } | null)?.nodes;
  const good = Array.isArray(nodes) && nodes.every((n) =>
    Array.isArray(n) && n.length === 2 && typeof n[0] === 'string' && Array.isArray(n[1]) &&
    (n[1] as unknown[]).every((w) => Array.isArray(w) && w.length === 2 && typeof w[0] === 'string' && isShape(w[1])));
  return good ? (h as Header) : 'the header does not list weights';
}

export function decodeModelWeights(bytes: Uint8Array): Decoded {
  const fail = (detail: string): Decoded => ({ ok: false, detail });
  if (bytes.length < 8 || new TextDecoder().decode(bytes.subarray(0, 4)) !== MAGIC) return fail('not a weights record');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headLength = view.getUint32(4, true);
  if (8 + headLength > bytes.length) return fail('the header is cut short');
  const header = readHeader(new TextDecoder().decode(bytes.subarray(8, 8 + headLength)));
  if (typeof header === 'string') return fail(header);
  const start = Math.ceil((8 + headLength) / 4) * 4;
  const count = header.nodes.reduce((n, [, ws]) => n + ws.reduce((m, [, shape]) => m + sizeOf(shape), 0), 0);
  if (bytes.length !== start + 4 * count) return fail(`the header describes ${4 * count} bytes of values, the record holds ${Math.max(0, bytes.length - start)}`);
  const out: Record<string, NodeWeight[]> = {};
  let at = start;
  for (const [node, ws] of header.nodes) {
    out[node] = ws.map(([name, shape]) => {
      const values = new Float32Array(sizeOf(shape));
      for (let i = 0; i < values.length; i++, at += 4) values[i] = view.getFloat32(at, true);
      return { name, shape, values };
    });
  }
  return { ok: true, value: out };
}
