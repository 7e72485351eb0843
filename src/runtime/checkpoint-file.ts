// A checkpoint as one file (.tlckpt) to download and upload: the stored checkpoint of a graph
// (weights and optimizer state, the graph it was trained from, the loss history) in a single
// buffer. Layout: the 8 bytes "TLCKPT1\n", a little-endian uint32 giving the length of a UTF-8
// JSON part (everything but the weights), then the weights exactly as encodeCheckpoint wrote them.
import { issue } from '../messages';
import type { StoredCheckpoint } from './checkpoint-idb';
import { TensorloomError } from './errors';

export const CHECKPOINT_FILE_EXTENSION = '.tlckpt';
const MAGIC = 'TLCKPT1\n';
const FILE_FORMAT = 'tensorloom-checkpoint-file';

interface FileMeta {
  format: typeof FILE_FORMAT;
  fingerprint: string;
  docName: string;
  step: number;
  savedAt: number;
  graph: string;
  header: string;
  history: { updates: { id: string; name: string }[]; steps: number[]; losses: (number | null)[][] };
}

export function packCheckpointFile(c: StoredCheckpoint): Uint8Array {
  const meta: FileMeta = {
    format: FILE_FORMAT, fingerprint: c.fingerprint, docName: c.docName, step: c.step, savedAt: c.savedAt, graph: c.graph, header: c.header,
    // JSON has no NaN: a non-finite loss travels as null
    history: {
      updates: c.history.updates.map(({ id, name }) => ({ id, name })),
      steps: Array.from(c.history.steps),
      losses: c.history.losses.map((l) => Array.from(l, (v) => (Number.isFinite(v) ? v : null))),
    },
  };
  const json = new TextEncoder().encode(JSON.stringify(meta));
  const out = new Uint8Array(MAGIC.length + 4 + json.byteLength + c.body.byteLength);
  out.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(out.buffer).setUint32(MAGIC.length, json.byteLength, true);
  out.set(json, MAGIC.length + 4);
  out.set(c.body, MAGIC.length + 4 + json.byteLength);
  return out;
}

/** Reads a .tlckpt file; throws a coded run.checkpointFileInvalid error naming `file` when it is not one. */
export function unpackCheckpointFile(bytes: Uint8Array, file: string): StoredCheckpoint {
  const bad = (detail: string) => new TensorloomError(issue('run.checkpointFileInvalid', { file, detail }));
  const start = MAGIC.length + 4;
  if (bytes.byteLength < start || new TextDecoder().decode(bytes.subarray(0, MAGIC.length)) !== MAGIC) throw bad('it does not start like one');
  const length = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(MAGIC.length, true);
  if (start + length > bytes.byteLength) throw bad('it is cut short');
  let meta: FileMeta;
  try {
    meta = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(start, start + length))) as FileMeta;
  } catch {
    throw bad('its description is damaged');
  }
  const h = meta?.history;
  const fine =
    meta?.format === FILE_FORMAT && typeof meta.graph === 'string' && typeof meta.header === 'string' && typeof meta.fingerprint === 'string' &&
    Number.isInteger(meta.step) && Array.isArray(h?.updates) && Array.isArray(h.steps) && Array.isArray(h.losses) &&
    h.losses.length === h.updates.length && h.losses.every((l) => Array.isArray(l) && l.length === h.steps.length);
  if (!fine) throw bad('its description lacks parts or has them in the wrong form');
  const body = bytes.slice(start + length);
  return {
    fingerprint: meta.fingerprint, docName: String(meta.docName ?? ''), step: meta.step, savedAt: Number(meta.savedAt) || 0, bytes: body.byteLength,
    graph: meta.graph, header: meta.header, body,
    history: {
      updates: h.updates.map(({ id, name }) => ({ id: String(id), name: String(name) })),
      steps: Float64Array.from(h.steps),
      losses: h.losses.map((l) => Float32Array.from(l, (v) => (v === null ? NaN : v))),
    },
  };
}
