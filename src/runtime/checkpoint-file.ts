// A checkpoint as one file (.tlckpt) to download and upload: the stored checkpoint of a graph
// (weights and optimizer state, the graph it was trained from, the loss history) in a single
// buffer. Layout: the 8 bytes "TLCKPT1\n", a little-endian uint32 giving the length of a UTF-8
// JSON part (everything but the weights), then the weights exactly as encodeCheckpoint wrote them.
// A file is read in full before anything is done with it: a crafted or damaged one is refused.
import { issue } from '../messages';
import { readCheckpoint } from './checkpoint-check';
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

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

/** Why a file's description is not one packCheckpointFile wrote, or null. */
function metaProblem(meta: unknown): string | null {
  if (!isRecord(meta) || meta.format !== FILE_FORMAT) return 'its description is not one of a checkpoint file';
  const { graph, header, fingerprint, docName, step, savedAt, history: h } = meta;
  const lacking = typeof graph !== 'string' || typeof header !== 'string' || typeof fingerprint !== 'string' || (docName !== undefined && typeof docName !== 'string') ||
    (savedAt !== undefined && typeof savedAt !== 'number') || !isRecord(h) || !Array.isArray(h.updates) || !Array.isArray(h.steps) || !Array.isArray(h.losses);
  if (lacking) return 'its description lacks parts or has them in the wrong form';
  if (!isCount(step)) return `its iteration is ${JSON.stringify(step)}, not a whole number of at least 0`;
  const { updates, steps, losses } = h as { updates: unknown[]; steps: unknown[]; losses: unknown[] };
  if (!updates.every((u) => isRecord(u) && typeof u.id === 'string' && typeof u.name === 'string')) return 'its loss history names its optimizers in the wrong form';
  if (!steps.every(isCount)) return 'its loss history has an iteration that is not a whole number of at least 0';
  const column = (l: unknown) => Array.isArray(l) && l.length === steps.length && l.every((v) => v === null || typeof v === 'number');
  if (losses.length !== updates.length || !losses.every(column)) return 'its loss history has losses missing or in the wrong form';
  return null;
}

/**
 * Reads a .tlckpt file, its checkpoint checked in full (checkpoint-check.ts); throws a coded
 * run.checkpointFileInvalid error naming `file` when it is not one Tensorloom wrote.
 */
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
  const problem = metaProblem(meta);
  if (problem) throw bad(problem);
  const body = bytes.slice(start + length);
  const read = readCheckpoint(meta.header, body);
  if (!read.ok) throw bad(read.detail);
  if (read.checkpoint.step !== meta.step) throw bad(`its description says iteration ${meta.step}, its checkpoint ${read.checkpoint.step}`);
  const h = meta.history;
  return {
    fingerprint: meta.fingerprint, docName: meta.docName ?? '', step: meta.step, savedAt: meta.savedAt ?? 0, bytes: body.byteLength,
    graph: meta.graph, header: meta.header, body,
    history: {
      updates: h.updates.map(({ id, name }) => ({ id, name })),
      steps: Float64Array.from(h.steps),
      losses: h.losses.map((l) => Float32Array.from(l, (v) => (v === null ? NaN : v))),
    },
  };
}
