// Shared bit of the loss-arithmetic nodes: their inputs are scalar losses.
import { issue, showShape } from '../../src/messages';
import type { Shape, ShapeResult } from '../spec';

/** Fails unless the input at `port` is a scalar. */
export function expectScalar(port: string, shape: Shape): ShapeResult | null {
  if (shape.length === 0) return null;
  return { ok: false, port, issue: issue('graph.lossNotScalar', { port, shape: showShape(shape) }) };
}
