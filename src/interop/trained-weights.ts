// A template's trained weights, as shipped with the app (assets/trained/ID.tlt): every model's
// weights in float16, each model with the topology fingerprint it was trained as, and where the
// weights came from. Pure; decoding checks every size, so a damaged file is refused, not misread.
//   "TLT1" | header length (u32 LE) | header JSON (UTF-8) | zero padding to 2 | float16 LE values
import { float16ToFloat32, float32ToFloat16 } from './float16';
import type { ModelWeights, NodeWeight } from './model-weights';
import { encodeModelWeights } from './weights-codec';
import type { StoredWeights } from './weights-store';

export interface TrainedInfo {
  /** the template's id */
  template: string;
  steps: number;
  batch: number;
  seed: number;
  /** how they were trained, as a person would rerun it */
  command: string;
}

export interface TrainedModel {
  /** modelFingerprint of the model's graph when it was trained: the weights fit that topology only */
  fingerprint: string;
  weights: ModelWeights;
}

export interface TrainedWeights {
  info: TrainedInfo;
  models: Readonly<Record<string, TrainedModel>>;
}

const MAGIC = 'TLT1';
type Header = { info: TrainedInfo; models: [id: string, fingerprint: string, nodes: [string, [string, number[]][]][]][] };
const sizeOf = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

export function encodeTrainedWeights(t: TrainedWeights): Uint8Array {
  const models = Object.entries(t.models);
  const header: Header = {
    info: t.info,
    models: models.map(([id, m]) => [id, m.fingerprint, Object.entries(m.weights).map(([node, ws]) => [node, ws.map((w) => [w.name, [...w.shape]])])]),
  };
  const head = new TextEncoder().encode(JSON.stringify(header));
  const start = 8 + head.length + ((8 + head.length) % 2);
  const all = models.flatMap(([, m]) => Object.values(m.weights).flatMap((ws) => [...ws]));
  const out = new Uint8Array(start + 2 * all.reduce((n, w) => n + w.values.length, 0));
  const view = new DataView(out.buffer);
  out.set(new TextEncoder().encode(MAGIC), 0);
  view.setUint32(4, head.length, true);
  out.set(head, 8);
  let at = start;
  for (const w of all) {
    if (w.values.length !== sizeOf(w.shape)) throw new Error(`internal: weight "${w.name}" has ${w.values.length} values for the shape [${w.shape.join(', ')}]`);
    for (const v of w.values) {
      view.setUint16(at, float32ToFloat16(v), true);
      at += 2;
    }
  }
  return out;
}

export type DecodedTrained = { ok: true; value: TrainedWeights } | { ok: false; detail: string };

const isShape = (s: unknown): s is number[] => Array.isArray(s) && s.every((d) => Number.isInteger(d) && (d as number) >= 0);
const isNodes = (v: unknown) => Array.isArray(v) && v.every((n) =>
  Array.isArray(n) && n.length === 2 && typeof n[0] === 'string' && Array.isArray(n[1]) &&
  (n[1] as unknown[]).every((w) => Array.isArray(w) && w.length === 2 && typeof w[0] === 'string' && isShape(w[1])));
const isInfo = (i: unknown): i is TrainedInfo => {
  const o = i as Record<string, unknown> | null;
  return !!o && typeof o['template'] === 'string' && typeof o['command'] === 'string' && ['steps', 'batch', 'seed'].every((k) => Number.isInteger(o[k]));
};

export function decodeTrainedWeights(bytes: Uint8Array): DecodedTrained {
  const fail = (detail: string): DecodedTrained => ({ ok: false, detail });
  if (bytes.length < 8 || new TextDecoder().decode(bytes.subarray(0, 4)) !== MAGIC) return fail('not a trained-weights file');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headLength = view.getUint32(4, true);
  if (8 + headLength > bytes.length) return fail('the header is cut short');
  let h: Header;
  try {
    h = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headLength))) as Header;
  } catch {
    return fail('the header is not JSON');
  }
  const good = isInfo(h?.info) && Array.isArray(h.models) &&
    h.models.every((m) => Array.isArray(m) && m.length === 3 && typeof m[0] === 'string' && typeof m[1] === 'string' && isNodes(m[2]));
  if (!good) return fail('the header does not describe models and their weights');
  const start = 8 + headLength + ((8 + headLength) % 2);
  const count = h.models.reduce((n, [, , nodes]) => n + nodes.reduce((a, [, ws]) => a + ws.reduce((b, [, shape]) => b + sizeOf(shape), 0), 0), 0);
  if (bytes.length !== start + 2 * count) return fail(`the header describes ${2 * count} bytes of values, the file holds ${Math.max(0, bytes.length - start)}`);
  let at = start;
  const models: Record<string, TrainedModel> = {};
  for (const [id, fingerprint, nodes] of h.models) {
    const weights: Record<string, NodeWeight[]> = {};
    for (const [node, ws] of nodes) {
      weights[node] = ws.map(([name, shape]) => {
        const values = new Float32Array(sizeOf(shape));
        for (let i = 0; i < values.length; i++, at += 2) values[i] = float16ToFloat32(view.getUint16(at, true));
        return { name, shape, values };
      });
    }
    models[id] = { fingerprint, weights };
  }
  return { ok: true, value: { info: h.info, models } };
}

/**
 * The shipped weights as the records an import keeps: put in the weights store, a session started
 * afresh begins each model from them (runtime/worker/initial-weights.ts), where the model still
 * has the topology they were trained as.
 */
export function trainedAsStored(t: TrainedWeights, savedAt: number): StoredWeights[] {
  return Object.entries(t.models).map(([modelId, m]) => ({ modelId, fingerprint: m.fingerprint, savedAt, bytes: encodeModelWeights(m.weights) }));
}
