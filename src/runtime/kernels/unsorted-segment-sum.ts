// UnsortedSegmentSum on wasm, where tfjs has none: it is the gradient of Gather, so an Embedding
// layer (and any gather of a trained tensor) cannot train without it. Rows of x with segment id s
// add into row s of the output: one-hot(ids)ᵀ · x, one XNNPACK-sized matrix product; ids outside
// [0, numSegments) give zero rows, so their rows are dropped as tfjs's CPU kernel drops them (ids
// that are not whole numbers are not expected: they are the int32 indices of a Gather).
import type * as TF from '@tensorflow/tfjs';
import type { TFModule } from '../../../nodes/spec';
import { compose, type Info } from './compose';

export function unsortedSegmentSumKernel(tf: TFModule): TF.KernelConfig['kernelFunc'] {
  return ({ inputs, backend, attrs }) => {
    const { x, segmentIds } = inputs as { x: Info; segmentIds: Info };
    const { numSegments } = attrs as unknown as { numSegments: number };
    const rows = segmentIds.shape.reduce((a, b) => a * b, 1);
    const width = x.shape.slice(segmentIds.shape.length).reduce((a, b) => a * b, 1);
    const b = backend as TF.KernelBackend;
    return compose(tf, b, (c) => {
      // the one-hot matrix is made here from the ids (a batch of them: small): tfjs's wasm OneHot
      // writes int32 values under whatever dtype it is asked for
      const ids = b.readSync(segmentIds.dataId) as ArrayLike<number>;
      const oneHot = new Float32Array(rows * numSegments);
      for (let r = 0; r < rows; r++) {
        const s = ids[r]!;
        if (s >= 0 && s < numSegments) oneHot[r * numSegments + s] = 1;
      }
      const shape = [1, rows, numSegments];
      const a = c.adopt({ dataId: b.write(oneHot, shape, 'float32'), shape, dtype: 'float32' });
      const sums = c.run('BatchMatMul', { a, b: c.reshape(x, [1, rows, width]) }, { transposeA: true, transposeB: false });
      return c.reshape(sums, [numSegments, ...x.shape.slice(segmentIds.shape.length)]);
    });
  };
}
