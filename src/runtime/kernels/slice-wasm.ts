// Slice on the wasm backend as copies of runs straight out of the heap. tfjs's wasm Slice first
// reads the whole input out of the heap (a copy of all of it, for every slice), which made the
// channel splits of a U-Net's concatenation gradients a tenth of its backward pass.
import type * as TF from '@tensorflow/tfjs';
import type { TFModule } from '../../../nodes/spec';

interface HeapBackend {
  makeOutput(shape: number[], dtype: TF.DataType): TF.TensorInfo;
  typedArrayFromHeap(t: TF.TensorInfo): Float32Array | Int32Array | Uint8Array;
}

export function sliceKernel(tf: TFModule, stock: TF.KernelConfig['kernelFunc']): TF.KernelConfig['kernelFunc'] {
  return (args) => {
    const { x } = args.inputs as { x: TF.TensorInfo };
    if (x.dtype === 'string') return stock(args);
    const { begin, size } = args.attrs as unknown as { begin: number | number[]; size: number | number[] };
    const [b, s] = tf.slice_util.parseSliceParams(x as TF.Tensor, begin, size) as [number[], number[]];
    const backend = args.backend as unknown as HeapBackend;
    const out = backend.makeOutput(s, x.dtype);
    // views taken after the output is made: making it may grow (and move) the heap
    const src = backend.typedArrayFromHeap(x);
    const dst = backend.typedArrayFromHeap(out);
    const rank = s.length;
    if (!rank || s.some((d) => d === 0)) return out;
    const strides = tf.util.computeStrides(x.shape);
    // the innermost axes the slice takes whole merge into one run
    let run = s[rank - 1]!;
    let axis = rank - 1;
    while (axis > 0 && s[axis] === x.shape[axis] && b[axis] === 0) {
      axis--;
      run *= s[axis]!;
    }
    const base = b.reduce((acc, v, i) => acc + v * (i < rank - 1 ? strides[i]! : 1), 0);
    const outer = s.slice(0, axis);
    const index = new Array<number>(outer.length).fill(0);
    let written = 0;
    for (;;) {
      let off = base;
      for (let i = 0; i < outer.length; i++) off += index[i]! * strides[i]!;
      dst.set(src.subarray(off, off + run), written);
      written += run;
      let i = outer.length - 1;
      while (i >= 0 && ++index[i]! === outer[i]!) index[i--] = 0;
      if (i < 0) break;
    }
    return out;
  };
}
