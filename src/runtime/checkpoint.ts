// Checkpoints: every model weight (trainable or not), every optimizer's state, the iteration and
// the random stream's state, so a resumed run continues exactly where it stopped.
import type * as TF from '@tensorflow/tfjs';
import { issue } from '../messages';
import { TensorloomError } from './errors';
import type { RngState } from './rng';
import { Rng } from './rng';
import type { Session } from './session';

export const CHECKPOINT_FORMAT = 'tensorloom-checkpoint';

export interface TensorEntry {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32';
  data: Float32Array | Int32Array;
}

export interface Checkpoint {
  format: typeof CHECKPOINT_FORMAT;
  version: 1;
  step: number;
  seed: number;
  rng: RngState;
  tensors: TensorEntry[];
  /** learning rates changed while training, by optimizer node id (absent: the graph's own) */
  learningRates?: Record<string, number>;
}

async function entry(name: string, t: TF.Tensor): Promise<TensorEntry> {
  const dtype = t.dtype === 'int32' ? 'int32' : 'float32';
  const data = dtype === 'int32' ? Int32Array.from(await t.data()) : Float32Array.from(await t.data());
  return { name, shape: t.shape.slice(), dtype, data };
}

// tfjs's Adam keeps beta1^t and beta2^t as running products outside getWeights(), and setWeights()
// recomputes them with pow(), which differs in the last float bit; saving the products themselves
// makes a resumed run repeat the uninterrupted one exactly.
const HIDDEN_OPTIMIZER_STATE = ['accBeta1', 'accBeta2'] as const;

function hiddenState(o: TF.Optimizer): [string, TF.Variable][] {
  const fields = o as unknown as Record<string, unknown>;
  return HIDDEN_OPTIMIZER_STATE.flatMap((k) => {
    const v = fields[k] as TF.Variable | undefined;
    return v && typeof v.assign === 'function' ? [[k, v] as [string, TF.Variable]] : [];
  });
}

export async function captureCheckpoint(s: Session): Promise<Checkpoint> {
  const tensors: TensorEntry[] = [];
  for (const [id, m] of Object.entries(s.models)) {
    for (const [i, w] of m.weights.entries()) tensors.push(await entry(`model/${id}/${i}/${w.originalName}`, w.read()));
  }
  for (const u of s.program.updates) {
    const named = await u.optimizer.getWeights();
    for (const [i, w] of named.entries()) {
      tensors.push(await entry(`optimizer/${u.id}/${i}/${w.name}`, w.tensor));
      // getWeights() hands out fresh tensors (the iteration count) beside its own variables
      if (!(w.tensor instanceof s.tf.Variable)) w.tensor.dispose();
    }
    for (const [k, v] of hiddenState(u.optimizer)) tensors.push(await entry(`optimizer-state/${u.id}/${k}`, v));
  }
  return { format: CHECKPOINT_FORMAT, version: 1, step: s.step, seed: s.seed, rng: s.rng.state(), tensors };
}

export async function restoreCheckpoint(s: Session, c: Checkpoint): Promise<void> {
  const tf = s.tf;
  const byPrefix = (prefix: string) => c.tensors.filter((t) => t.name.startsWith(prefix));
  const make = (t: TensorEntry) => tf.tensor(t.data, t.shape, t.dtype);
  for (const [id, m] of Object.entries(s.models)) {
    const saved = byPrefix(`model/${id}/`);
    if (saved.length !== m.weights.length) {
      throw new TensorloomError(issue('run.checkpointMismatch', { detail: `model "${id}" has ${m.weights.length} weights, the checkpoint ${saved.length}` }));
    }
    saved.forEach((t, i) => {
      const want = m.weights[i]!.shape;
      if (want.length !== t.shape.length || want.some((d, k) => d !== t.shape[k])) {
        throw new TensorloomError(issue('run.checkpointMismatch', { detail: `weight ${t.name} is [${t.shape}] in the checkpoint but [${want}] in the graph` }));
      }
    });
    const values = saved.map(make);
    m.setWeights(values);
    tf.dispose(values);
  }
  for (const u of s.program.updates) {
    const saved = byPrefix(`optimizer/${u.id}/`);
    const given = saved.map((t) => ({ name: t.name.split('/').slice(3).join('/'), tensor: make(t) }));
    await u.optimizer.setWeights(given);
    // optimizers copy what they keep into variables of their own (which hold a reference to the data)
    tf.dispose(given.map((g) => g.tensor));
    for (const [k, v] of hiddenState(u.optimizer)) {
      const t = c.tensors.find((x) => x.name === `optimizer-state/${u.id}/${k}`);
      if (t) tf.tidy(() => v.assign(make(t)));
    }
  }
  s.step = c.step;
  s.rng = new Rng(c.rng);
}

/** Binary form: a JSON header (names, shapes, offsets) and one buffer of little-endian values. */
export function encodeCheckpoint(c: Checkpoint): { header: string; body: Uint8Array } {
  let offset = 0;
  const index = c.tensors.map((t) => {
    const e = { name: t.name, shape: t.shape, dtype: t.dtype, offset, length: t.data.length };
    offset += t.data.length * 4;
    return e;
  });
  const body = new Uint8Array(offset);
  c.tensors.forEach((t, i) => body.set(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength), index[i]!.offset));
  const { tensors: _omit, ...meta } = c;
  return { header: JSON.stringify({ ...meta, index }, null, 1), body };
}

export function decodeCheckpoint(header: string, body: Uint8Array): Checkpoint {
  const bad = (detail: string) => new TensorloomError(issue('run.checkpointMismatch', { detail }));
  let meta: Omit<Checkpoint, 'tensors'> & { index: { name: string; shape: number[]; dtype: 'float32' | 'int32'; offset: number; length: number }[] };
  try {
    meta = JSON.parse(header);
  } catch {
    throw bad('its header is not valid JSON');
  }
  if (meta.format !== CHECKPOINT_FORMAT || !Array.isArray(meta.index)) throw bad('it is not a Tensorloom checkpoint');
  const copy = body.slice(); // aligned copy
  const tensors = meta.index.map((e) => {
    if (e.offset + e.length * 4 > copy.byteLength) throw bad(`its data ends before tensor ${e.name}`);
    const data = e.dtype === 'int32' ? new Int32Array(copy.buffer, e.offset, e.length) : new Float32Array(copy.buffer, e.offset, e.length);
    return { name: e.name, shape: e.shape, dtype: e.dtype, data };
  });
  const { index: _index, ...rest } = meta;
  return { ...rest, tensors };
}
