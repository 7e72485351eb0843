// The tensor at an input port of a main-graph node, for run().
import type * as TF from '@tensorflow/tfjs';

/** Validation guarantees every input is connected; a missing one is a compiler bug, said plainly. */
export function tensorAt(inputs: Record<string, TF.Tensor>, port: string): TF.Tensor {
  const t = inputs[port];
  if (!t) throw new Error(`internal: run() called without input "${port}"`);
  return t;
}
