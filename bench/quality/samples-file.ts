// Generated images from another program (the PyTorch twins in ./torch/), for `--score FILE`:
// a NumPy .npy array (float32, float64 or uint8; C order) or a raw little-endian float32 file.
// Any layout of 28x28 grey images works whose bytes are image after image: [n, 1, 28, 28] (NCHW),
// [n, 28, 28, 1] (NHWC), [n, 28, 28] or [n, 784] are the same bytes when there is one channel.
import { readFile } from 'node:fs/promises';

export interface SampleFile {
  count: number;
  /** values as stored (uint8 files: 0..255) */
  values: Float32Array;
  /** where the values came from, for the report */
  describe: string;
  /** uint8 files hold 0..255 and are scaled here; float files keep their own range */
  isUint8: boolean;
}

const PIXELS = 28 * 28;

function parseNpyHeader(bytes: Uint8Array): { descr: string; fortran: boolean; shape: number[]; offset: number } {
  const magic = String.fromCharCode(...bytes.subarray(1, 6));
  if (bytes[0] !== 0x93 || magic !== 'NUMPY') throw new Error('not a .npy file (no \\x93NUMPY magic)');
  const major = bytes[6]!;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const [len, start] = major === 1 ? [view.getUint16(8, true), 10] : [view.getUint32(8, true), 12];
  const header = new TextDecoder().decode(bytes.subarray(start, start + len));
  // the header is a Python dict literal: {'descr': '<f4', 'fortran_order': False, 'shape': (10000, 1, 28, 28), }
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*(True|False)/.exec(header)?.[1];
  const shape = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (!descr || !fortran || shape === undefined) throw new Error(`cannot read the .npy header: ${header.trim()}`);
  return {
    descr,
    fortran: fortran === 'True',
    shape: shape.split(',').map((s) => s.trim()).filter(Boolean).map(Number),
    offset: start + len,
  };
}

function fromNpy(bytes: Uint8Array, file: string): SampleFile {
  const h = parseNpyHeader(bytes);
  if (h.fortran) throw new Error(`${file}: Fortran-ordered arrays are not supported; save with np.ascontiguousarray`);
  const total = h.shape.reduce((a, b) => a * b, 1);
  const body = bytes.slice(h.offset); // aligned copy
  let values: Float32Array;
  if (h.descr === '<f4') values = new Float32Array(body.buffer, 0, total);
  else if (h.descr === '<f8') values = Float32Array.from(new Float64Array(body.buffer, 0, total));
  else if (h.descr === '|u1') values = Float32Array.from(body.subarray(0, total));
  else throw new Error(`${file}: dtype ${h.descr} is not supported (float32, float64 or uint8)`);
  if (total % PIXELS) throw new Error(`${file}: shape (${h.shape.join(', ')}) is not a stack of 28x28 grey images`);
  return { count: total / PIXELS, values, describe: `${file} (.npy ${h.descr}, shape (${h.shape.join(', ')}))`, isUint8: h.descr === '|u1' };
}

export async function readSampleFile(file: string): Promise<SampleFile> {
  const bytes = new Uint8Array(await readFile(file));
  if (file.endsWith('.npy')) return fromNpy(bytes, file);
  if (bytes.byteLength % (4 * PIXELS)) throw new Error(`${file}: ${bytes.byteLength} bytes are not whole 28x28 float32 images`);
  const values = new Float32Array(bytes.slice().buffer);
  return { count: values.length / PIXELS, values, describe: `${file} (raw float32)`, isUint8: false };
}
