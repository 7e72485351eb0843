// Tile as copies of contiguous runs: axis by axis from the innermost, each repeated axis is one
// concatenation of the tensor with itself. tfjs's WebAssembly Tile computes every output element's
// source index (~150 ns an element), and tfjs's BatchNorm gradient tiles per-channel vectors to the
// whole activation: a third of a DCGAN iteration went there.
import type * as TF from '@tensorflow/tfjs';
import type { TFModule } from '../../../nodes/spec';
import { compose, type Info } from './compose';

export function tileKernel(tf: TFModule, stock: TF.KernelConfig['kernelFunc']): TF.KernelConfig['kernelFunc'] {
  return (args) => {
    const { x } = args.inputs as { x: Info };
    const { reps } = args.attrs as { reps: number[] };
    if (x.dtype === 'string' || reps.length !== x.shape.length || reps.some((r) => r < 1)) return stock(args);
    return compose(tf, args.backend as TF.KernelBackend, (c) => {
      let y = x;
      for (let axis = reps.length - 1; axis >= 0; axis--) {
        if (reps[axis]! > 1) y = c.run('Concat', new Array<Info>(reps[axis]!).fill(y), { axis });
      }
      return y;
    });
  };
}
