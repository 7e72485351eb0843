// Shared bits of the loss nodes: the reduction param, shape checks, and the reductions themselves.
import type * as TF from '@tensorflow/tfjs';
import { issue, showShape } from '../../src/messages';
import { ok } from '../shape-utils';
import type { PortSpec, Shape, ShapeResult, TFModule } from '../spec';

export const REDUCTIONS = ['mean', 'sumPerSample'] as const;
export type Reduction = (typeof REDUCTIONS)[number];

export const reductionParam = {
  kind: 'enum',
  options: REDUCTIONS,
  default: 'mean',
  doc: '"mean": average over every value. "sumPerSample": add up each sample\'s values (e.g. all pixels), then average over the batch, as the VAE paper does.',
} as const;

/** The single output of every loss node: a scalar to be minimised. */
export const LOSS_OUT: PortSpec = { name: 'loss', kind: 'loss', doc: 'scalar loss []' };
export const lossOut = (): ShapeResult => ok({ loss: [] });

/** Fails unless the input has a batch dimension (rank ≥ 1). */
export function expectBatched(port: string, shape: Shape): ShapeResult | null {
  if (shape.length >= 1) return null;
  return {
    ok: false,
    port,
    issue: issue('shape.rank', { port, expected: 'batched [batch, ...]', got: showShape(shape), hint: 'Feed it per-sample values, not a loss.' }),
  };
}

/** Fails unless two inputs have the same shape; a batch-only difference gets its own message. */
export function expectSame(a: string, sa: Shape, b: string, sb: Shape, hint: string): ShapeResult | null {
  const match = (x: number | null | undefined, y: number | null | undefined) => x === null || y === null || x === y;
  if (sa.length === sb.length && sa.every((d, i) => match(d, sb[i]))) return null;
  const batchA = sa[0], batchB = sb[0];
  if (sa.length === sb.length && sa.every((d, i) => i === 0 || match(d, sb[i])) && typeof batchA === 'number' && typeof batchB === 'number') {
    return { ok: false, port: b, issue: issue('shape.batch', { a, b, batchA, batchB }) };
  }
  return { ok: false, port: b, issue: issue('shape.same', { a, b, shapeA: showShape(sa), shapeB: showShape(sb), hint }) };
}

/** Reduces per-element losses to a scalar: the mean, or per-sample sums averaged over the batch. */
export function reduceLoss(tf: TFModule, perElement: TF.Tensor, reduction: Reduction): TF.Scalar {
  if (reduction === 'mean' || perElement.rank <= 1) return tf.mean(perElement);
  const sampleAxes = Array.from({ length: perElement.rank - 1 }, (_, i) => i + 1);
  return tf.mean(tf.sum(perElement, sampleAxes));
}

/** Mean over the batch of per-sample sums (for losses defined per sample, like the KL term). */
export function sumPerSample(tf: TFModule, perElement: TF.Tensor): TF.Scalar {
  return reduceLoss(tf, perElement, 'sumPerSample');
}

/** The tensor at an input port. The compiler runs a node only once every input is connected. */
export function input(inputs: Record<string, TF.Tensor>, port: string): TF.Tensor {
  const t = inputs[port];
  if (!t) throw new Error(`internal: loss run without input "${port}"`);
  return t;
}
