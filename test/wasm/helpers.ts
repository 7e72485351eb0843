// Runs one kernel on a named backend from plain arrays and reads the result back: the kernel tests
// compare tfjs's CPU backend (the reference) with the WebAssembly backend on the same inputs.
import * as tf from '@tensorflow/tfjs';

export interface Input {
  shape: number[];
  values: Float32Array;
}

/** Deterministic values in [-1, 1) (a small LCG), so a failing case reruns the same. */
export function values(n: number, seed: number): Float32Array {
  let s = (seed * 2654435761) >>> 0;
  return Float32Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 31 - 1;
  });
}

export const input = (shape: number[], seed: number): Input => ({ shape, values: values(shape.reduce((a, b) => a * b, 1), seed) });

export async function runKernelOn(
  backend: 'cpu' | 'wasm', kernel: string, inputs: Record<string, Input>, attrs: Record<string, unknown>,
): Promise<{ shape: number[]; values: Float32Array }[]> {
  await tf.setBackend(backend);
  const tensors = Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, tf.tensor(v.values, v.shape)]));
  const out = tf.engine().runKernel(kernel, tensors, attrs as tf.NamedAttrMap) as tf.Tensor | tf.Tensor[];
  const list = Array.isArray(out) ? out : [out];
  const read = await Promise.all(list.map(async (t) => ({ shape: t.shape.slice(), values: (await t.data()) as Float32Array })));
  tf.dispose([...list, ...Object.values(tensors)]);
  return read;
}

/** The largest |a - b| divided by the largest |b| (at least 1): the tests' relative error. */
export function relativeError(a: Float32Array, b: Float32Array): number {
  let diff = 0;
  let scale = 1;
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
    scale = Math.max(scale, Math.abs(b[i]!));
  }
  return Number.isNaN(diff) ? Infinity : diff / scale;
}
