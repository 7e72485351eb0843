// Kernels of the product's own made of a backend's existing kernels, called as tfjs's own kernels
// call each other: through the kernel registry, on tensor infos, below the engine (so nothing here
// is recorded on a gradient tape or counted as a tensor). Every intermediate is freed at the end.
import type * as TF from '@tensorflow/tfjs';
import type { TFModule } from '../../../nodes/spec';

export type Info = TF.TensorInfo;
type Attrs = Record<string, unknown>;

export interface Composer {
  /** runs one kernel of this backend; its output is freed at the end unless returned */
  run(kernel: string, inputs: Record<string, Info> | Info[], attrs?: Attrs): Info;
  /** takes charge of an output made outside `run` (by a kernel function held directly) */
  adopt(x: Info): Info;
  /** x reshaped (no copy) */
  reshape(x: Info, shape: number[]): Info;
  transpose(x: Info, perm: number[]): Info;
  /** zero padding per axis, [before, after]; a negative amount drops that many elements instead */
  padOrCrop(x: Info, amounts: [number, number][]): Info;
  zeros(shape: number[]): Info;
}

/**
 * Runs `body` with a composer on `backend` and returns its result; every other kernel output made
 * in it is freed (the backends count references, so a reshape of an intermediate survives it).
 */
export function compose(tf: TFModule, backend: TF.KernelBackend, body: (c: Composer) => Info): Info {
  const made: Info[] = [];
  const backendName = tf.getBackend();
  const run: Composer['run'] = (kernel, inputs, attrs = {}) => {
    const config = tf.getKernel(kernel, backendName);
    if (!config) throw new Error(`Kernel '${kernel}' not registered for backend '${backendName}'`);
    const out = config.kernelFunc({ inputs: inputs as TF.NamedTensorInfoMap, backend, attrs: attrs as TF.NamedAttrMap });
    const info = Array.isArray(out) ? out[0]! : out;
    made.push(info);
    return info;
  };
  const c: Composer = {
    run,
    adopt: (x) => {
      made.push(x);
      return x;
    },
    reshape: (x, shape) => run('Reshape', { x }, { shape }),
    transpose: (x, perm) => (perm.every((p, i) => p === i) ? x : run('Transpose', { x }, { perm })),
    padOrCrop(x, amounts) {
      let y = x;
      if (amounts.some(([b, a]) => b < 0 || a < 0)) {
        const begin = amounts.map(([b]) => Math.max(0, -b));
        const size = amounts.map(([b, a], i) => x.shape[i]! - Math.max(0, -b) - Math.max(0, -a));
        y = run('Slice', { x: y }, { begin, size });
      }
      if (amounts.some(([b, a]) => b > 0 || a > 0)) {
        y = run('PadV2', { x: y }, { paddings: amounts.map(([b, a]) => [Math.max(0, b), Math.max(0, a)]), constantValue: 0 });
      }
      return y;
    },
    zeros: (shape) => run('Fill', {}, { shape, value: 0, dtype: 'float32' }),
  };
  let result: Info | undefined;
  try {
    result = body(c);
    // a kernel's output is a reference of its own, even when it is an input unchanged
    if (!made.includes(result)) result = run('Identity', { x: result });
    return result;
  } finally {
    for (const info of made) if (info !== result) backend.disposeData(info.dataId);
  }
}
