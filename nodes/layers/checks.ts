// Shape checks shared by the layer nodes; each returns a failed ShapeResult or null when fine.
import { issue, showShape, type Issue } from '../../src/messages';
import { expectRank } from '../shape-utils';
import type { Dim, Shape, ShapeResult } from '../spec';

export const fail = (problem: Issue, port?: string): ShapeResult =>
  port === undefined ? { ok: false, issue: problem } : { ok: false, issue: problem, port };

export const NHWC = '[batch, height, width, channels]';

/** Rank 4 NHWC, with a hint fitted to what usually arrives instead (flat features, a missing channel axis). */
export function expectImage(port: string, shape: Shape): ShapeResult | null {
  const hint =
    shape.length === 2
      ? 'Insert a Reshape to [height, width, channels] before it (a Dense gives flat features).'
      : shape.length === 3
        ? 'Add a channels axis with a Reshape, e.g. [28, 28] to [28, 28, 1].'
        : '';
  return expectRank(port, shape, 4, NHWC, hint);
}

/** At least `min` dims, batch included. */
export function expectMinRank(port: string, shape: Shape, min: number, layout: string, hint = ''): ShapeResult | null {
  if (shape.length >= min) return null;
  return fail(issue('shape.rank', { port, expected: `rank-${min} or higher ${layout}`, got: showShape(shape), hint }), port);
}

/** The size of the last axis (channels, features), or a failure when it is unknown. */
export function lastDim(port: string, shape: Shape, what: string): number | ShapeResult {
  const d = shape[shape.length - 1];
  if (typeof d === 'number') return d;
  return fail(issue('layers.unknownDim', { port, got: showShape(shape), what }), port);
}

/** Every dim but the batch must be known (Flatten, Reshape). */
export function expectKnownSample(port: string, shape: Shape, what: string): ShapeResult | null {
  if (shape.slice(1).every((d) => d !== null)) return null;
  return fail(issue('layers.unknownDim', { port, got: showShape(shape), what }), port);
}

/** A sliding window (conv, pool) that leaves no output position fails with a fix to try. */
export function expectNonEmpty(port: string, shape: Shape, outDims: readonly Dim[], what: string): ShapeResult | null {
  if (outDims.every((d) => d === null || d > 0)) return null;
  return fail(issue('shape.tooSmall', { port, got: showShape(shape), what }), port);
}

/** `value` must divide by `divisor` (channels by groups, by heads). */
export function expectDivisible(what: string, value: number, divisor: number, hint: string, port?: string): ShapeResult | null {
  if (value % divisor === 0) return null;
  return fail(issue('shape.divisible', { what, value, divisor, hint }), port);
}
