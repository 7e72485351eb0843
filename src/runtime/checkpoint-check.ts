// Reading a checkpoint's header and weights back, trusting nothing: a header that lacks a field or
// has it in the wrong form, weights that are not the bytes the header describes (by size, layout
// and checksum), or weights that are not finite make a refusal that says why. readCheckpoint is
// pure and leaves the message to its caller (a .tlckpt file names itself); decodeCheckpoint throws
// the coded one of a damaged checkpoint.
import { issue } from '../messages';
import { checksum } from './checkpoint-checksum';
import { CHECKPOINT_FORMAT, type Checkpoint, type TensorEntry } from './checkpoint-format';
import { TensorloomError } from './errors';

export type CheckpointRead = { ok: true; checkpoint: Checkpoint } | { ok: false; detail: string };

/** Where a header says a tensor lies in the weights. */
export interface IndexEntry {
  name: string;
  shape: number[];
  dtype: TensorEntry['dtype'];
  offset: number;
  length: number;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const isUint32 = (v: unknown): boolean => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 0xffffffff;

/** The first value that is NaN or an infinity, and where it is; null when every value is finite. */
export function nonFiniteValue(tensors: readonly TensorEntry[]): { tensor: string; index: number; value: number } | null {
  for (const t of tensors) {
    if (t.dtype !== 'float32') continue;
    const index = t.data.findIndex((v) => !Number.isFinite(v));
    if (index >= 0) return { tensor: t.name, index, value: t.data[index]! };
  }
  return null;
}

function indexProblem(index: unknown, bodyBytes: number): string | null {
  if (!Array.isArray(index)) return 'its header has no list of tensors';
  const names = new Set<string>();
  let offset = 0;
  for (const [i, e] of index.entries()) {
    if (!isRecord(e) || typeof e.name !== 'string' || !e.name) return `tensor ${i} of its header has no name`;
    if (names.has(e.name)) return `its header names tensor ${e.name} twice`;
    names.add(e.name);
    if (e.dtype !== 'float32' && e.dtype !== 'int32') return `tensor ${e.name} has the type ${JSON.stringify(e.dtype)}, not float32 or int32`;
    if (!Array.isArray(e.shape) || !e.shape.every(isCount)) return `tensor ${e.name} has the shape ${JSON.stringify(e.shape)}, not a list of sizes`;
    const size = e.shape.reduce((a: number, d: number) => a * d, 1);
    if (e.length !== size) return `tensor ${e.name} has ${JSON.stringify(e.length)} values, but its shape [${e.shape}] holds ${size}`;
    // encodeCheckpoint lays the tensors end to end in header order: anything else is not its work
    if (e.offset !== offset) return `tensor ${e.name} starts at byte ${JSON.stringify(e.offset)} of the weights, not at ${offset}, ${i ? 'where the tensor before it ends' : 'where they begin'}`;
    offset += size * 4;
  }
  if (offset !== bodyBytes) return `its weights are ${bodyBytes} bytes, but its header describes ${offset}`;
  return null;
}

function learningRatesProblem(rates: unknown): string | null {
  if (rates === undefined) return null;
  if (!isRecord(rates)) return 'its learning rates are not in the form { optimizer: rate }';
  const bad = Object.entries(rates).find(([, v]) => typeof v !== 'number' || !Number.isFinite(v) || v <= 0);
  return bad ? `its learning rate of ${bad[0]} is ${JSON.stringify(bad[1])}, not a positive number` : null;
}

/** The weights' size and checksum in the header (absent in checkpoints made before it had them). */
function stampProblem(stamp: unknown, body: Uint8Array): string | null {
  if (stamp === undefined) return null;
  if (!isRecord(stamp) || !isCount(stamp.bytes) || typeof stamp.checksum !== 'string') return 'its header describes its weights in the wrong form';
  if (stamp.bytes !== body.byteLength) return `its weights are ${body.byteLength} bytes, but its header was written for ${stamp.bytes}`;
  if (stamp.checksum !== checksum(body)) return 'its weights are not the ones its header was written for (their checksum differs)';
  return null;
}

/** The header's fields, each checked; the first problem found, or null. */
function headerProblem(h: Record<string, unknown>, body: Uint8Array): string | null {
  if (h.format !== CHECKPOINT_FORMAT) return 'it is not a Tensorloom checkpoint';
  if (h.version !== 1) return h.version === undefined ? 'its header has no version' : `it is of version ${JSON.stringify(h.version)}; this Tensorloom reads version 1`;
  if (!isCount(h.step)) return `its iteration is ${JSON.stringify(h.step)}, not a whole number of at least 0`;
  if (!Number.isSafeInteger(h.seed)) return `its seed is ${JSON.stringify(h.seed)}, not a whole number`;
  if (!Array.isArray(h.rng) || h.rng.length !== 4 || !h.rng.every(isUint32)) return `its random stream's state is ${JSON.stringify(h.rng)}, not four 32-bit unsigned whole numbers`;
  return learningRatesProblem(h.learningRates) ?? stampProblem(h.body, body) ?? indexProblem(h.index, body.byteLength);
}

/** Reads a checkpoint from encodeCheckpoint's header and body (fields the header has beyond its own are ignored). */
export function readCheckpoint(header: string, body: Uint8Array): CheckpointRead {
  let h: unknown;
  try {
    h = JSON.parse(header);
  } catch {
    return { ok: false, detail: 'its header is not valid JSON' };
  }
  if (!isRecord(h)) return { ok: false, detail: 'its header is not a JSON object' };
  const problem = headerProblem(h, body);
  if (problem) return { ok: false, detail: problem };
  const copy = body.slice(); // aligned for the typed arrays below
  const tensors = (h.index as IndexEntry[]).map((e): TensorEntry => ({
    name: e.name,
    shape: e.shape.slice(),
    dtype: e.dtype,
    data: e.dtype === 'int32' ? new Int32Array(copy.buffer, e.offset, e.length) : new Float32Array(copy.buffer, e.offset, e.length),
  }));
  const bad = nonFiniteValue(tensors);
  if (bad) return { ok: false, detail: `tensor ${bad.tensor} holds ${bad.value} at element ${bad.index}` };
  const checkpoint: Checkpoint = {
    format: CHECKPOINT_FORMAT, version: 1, step: h.step as number, seed: h.seed as number, rng: (h.rng as number[]).slice() as Checkpoint['rng'], tensors,
  };
  if (h.learningRates !== undefined) checkpoint.learningRates = { ...(h.learningRates as Record<string, number>) };
  return { ok: true, checkpoint };
}

/** readCheckpoint, or a coded run.checkpointDamaged error saying why not. */
export function decodeCheckpoint(header: string, body: Uint8Array): Checkpoint {
  const read = readCheckpoint(header, body);
  if (!read.ok) throw new TensorloomError(issue('run.checkpointDamaged', { detail: read.detail }));
  return read.checkpoint;
}
