// A checkpoint's content and its binary form: a JSON header (iteration, seed, random stream's
// state, learning rates, and each tensor's name, shape and place) and one buffer of little-endian
// values laid end to end. The header carries the buffer's size and checksum, so that a header and
// weights of two different saves are never taken for one checkpoint (checkpoint-check.ts).
import { checksum } from './checkpoint-checksum';
import type { RngState } from './rng';

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

export function encodeCheckpoint(c: Checkpoint): { header: string; body: Uint8Array } {
  let offset = 0;
  const index = c.tensors.map((t) => {
    const e = { name: t.name, shape: t.shape, dtype: t.dtype, offset, length: t.data.length };
    offset += t.data.length * 4;
    return e;
  });
  const body = new Uint8Array(offset);
  c.tensors.forEach((t, i) => body.set(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength), index[i]!.offset));
  const { format, version, step, seed, rng, learningRates } = c;
  const header = { format, version, step, seed, rng, learningRates, body: { bytes: body.byteLength, checksum: checksum(body) }, index };
  return { header: JSON.stringify(header, null, 1), body };
}
