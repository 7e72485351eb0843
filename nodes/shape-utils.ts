// Small pure helpers shared by the nodes' shape inference.
import { issue, showShape } from '../src/messages';
import type { Dim, Shape, ShapeResult } from './spec';

export const ok = (outputs: Record<string, Shape>): ShapeResult => ({ ok: true, outputs });
/** The usual single-output layer result. */
export const out = (shape: Shape): ShapeResult => ok({ out: shape });

/** Fails unless the input at `port` has exactly `rank` dims (batch included). */
export function expectRank(port: string, shape: Shape, rank: number, layout: string, hint = ''): ShapeResult | null {
  if (shape.length === rank) return null;
  return {
    ok: false,
    port,
    issue: issue('shape.rank', { port, expected: `rank-${rank} ${layout}`, got: showShape(shape), hint }),
  };
}

/** Per-sample element count (batch excluded); null when some dim is unknown. */
export function sampleSize(shape: Shape): number | null {
  let n = 1;
  for (const d of shape.slice(1)) {
    if (d === null) return null;
    n *= d;
  }
  return n;
}

/** Output length of a conv/pool window along one axis, as tfjs computes it. */
export function convOutDim(size: Dim, kernel: number, stride: number, padding: 'same' | 'valid', dilation = 1): Dim {
  if (size === null) return null;
  if (padding === 'same') return Math.ceil(size / stride);
  return Math.ceil((size - (kernel - 1) * dilation) / stride);
}

/** Output length of a transposed conv along one axis, as tfjs computes it. */
export function deconvOutDim(size: Dim, kernel: number, stride: number, padding: 'same' | 'valid'): Dim {
  if (size === null) return null;
  return padding === 'same' ? size * stride : size * stride + Math.max(kernel - stride, 0);
}

export const fmt = showShape;

/** The shape at an input port. The compiler calls inferShape only once every input has a shape. */
export function need(inputs: Record<string, Shape>, port: string): Shape {
  const s = inputs[port];
  if (!s) throw new Error(`internal: inferShape called without input "${port}"`);
  return s;
}
