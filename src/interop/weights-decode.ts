// Decodes the weights a manifest describes from the bytes of its files, without tfjs: each group's
// shards are read one after the other, each weight takes its bytes in manifest order. Float32 as
// stored, float16 widened, uint8/uint16 dequantised (value = q * scale + min). Pure.
import { issue } from '../messages';
import { float16ToFloat32 } from './float16';
import type { WeightFiles } from './files';
import type { ManifestGroup, ManifestWeight, Read } from './topology';

export interface DecodedWeight {
  /** the full name in the manifest, e.g. "dense_1/kernel" */
  name: string;
  shape: number[];
  values: Float32Array;
}

const BYTES: Record<string, number> = { float32: 4, float16: 2, uint16: 2, uint8: 1 };

/**
 * The file for a manifest path: by the path itself, or by its file name; when the manifest names
 * one file and one was given, that one, whatever it is called (a renamed download).
 */
function fileFor(path: string, files: WeightFiles, onlyPath: boolean): Uint8Array | undefined {
  if (Object.hasOwn(files, path)) return files[path];
  const base = path.split('/').pop() ?? path;
  if (Object.hasOwn(files, base)) return files[base];
  const all = Object.values(files);
  return onlyPath && all.length === 1 ? all[0] : undefined;
}

function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

function decodeOne(w: ManifestWeight, view: DataView, at: number, count: number): Float32Array {
  const values = new Float32Array(count);
  const q = w.quantization;
  if (!q) {
    for (let i = 0; i < count; i++) values[i] = view.getFloat32(at + i * 4, true);
  } else if (q.dtype === 'float16') {
    for (let i = 0; i < count; i++) values[i] = float16ToFloat32(view.getUint16(at + i * 2, true));
  } else {
    const scale = q.scale ?? 1, min = q.min ?? 0;
    const read = q.dtype === 'uint8' ? (i: number) => view.getUint8(at + i) : (i: number) => view.getUint16(at + i * 2, true);
    for (let i = 0; i < count; i++) values[i] = read(i) * scale + min;
  }
  return values;
}

/** How many values are NaN or infinite, and where the first is; null when all are finite. */
function nonFinite(values: Float32Array): { count: number; first: number } | null {
  let count = 0, first = -1;
  for (let i = 0; i < values.length; i++) {
    if (Number.isFinite(values[i]!)) continue;
    if (count++ === 0) first = i;
  }
  return count ? { count, first } : null;
}

export function decodeWeights(manifest: readonly ManifestGroup[], files: WeightFiles): Read<DecodedWeight[]> {
  const out: DecodedWeight[] = [];
  const onlyPath = manifest.reduce((n, g) => n + g.paths.length, 0) === 1;
  for (const group of manifest) {
    const parts: Uint8Array[] = [];
    for (const p of group.paths) {
      const f = fileFor(p, files, onlyPath);
      if (!f) return { ok: false, issue: issue('import.weightsMissing', { path: p }) };
      parts.push(f);
    }
    const bytes = concat(parts);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let at = 0;
    for (const w of group.weights) {
      const stored = w.quantization?.dtype ?? w.dtype;
      if (w.dtype !== 'float32' || !BYTES[stored]) return { ok: false, issue: issue('import.weightDtype', { name: w.name, dtype: stored }) };
      const count = w.shape.reduce((a, d) => a * d, 1);
      const size = count * BYTES[stored]!;
      if (at + size > bytes.byteLength) {
        const expected = group.weights.reduce((n, x) => n + x.shape.reduce((a, d) => a * d, 1) * (BYTES[x.quantization?.dtype ?? x.dtype] ?? 4), 0);
        return { ok: false, issue: issue('import.weightsShort', { path: group.paths.join(', '), expected, got: bytes.byteLength }) };
      }
      const values = decodeOne(w, view, at, count);
      const bad = nonFinite(values);
      if (bad) return { ok: false, issue: issue('import.weightNonFinite', { name: w.name, bad: bad.count, count, first: bad.first }) };
      out.push({ name: w.name, shape: w.shape, values });
      at += size;
    }
  }
  return { ok: true, value: out };
}
