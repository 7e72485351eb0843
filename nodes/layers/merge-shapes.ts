// Shape rules of the layers that combine several tensors, written to agree with tfjs's Merge and
// Concatenate layers (tfjs-layers/src/layers/merge.ts) so that what the canvas shows is what runs.
import { issue, showShape } from '../../src/messages';
import { ok } from '../shape-utils';
import type { Dim, Shape, ShapeResult } from '../spec';
import { fail } from './checks';

export interface PortShape {
  port: string;
  shape: Shape;
}

/** One batch size for all inputs: the known one, or null; two different known sizes fail. */
function commonBatch(inputs: readonly PortShape[]): Dim | ShapeResult {
  let seen: PortShape | null = null;
  for (const i of inputs) {
    const b = i.shape[0];
    if (b === null || b === undefined) continue;
    if (seen && seen.shape[0] !== b) {
      return fail(issue('shape.batch', { a: seen.port, b: i.port, batchA: seen.shape[0] as number, batchB: b }), i.port);
    }
    seen ??= i;
  }
  return seen ? (seen.shape[0] as number) : null;
}

const isFailure = (v: Dim | ShapeResult): v is ShapeResult => v !== null && typeof v === 'object';

type Clash = { sizeA: number; sizeB: number };

/** NumPy broadcasting of two per-sample shapes, aligned from the right, as tfjs's Merge computes it. */
function broadcastPair(a: readonly Dim[], b: readonly Dim[]): Dim[] | Clash {
  const [long, short, flipped] = a.length >= b.length ? [a, b, false] : [b, a, true];
  const merged: Dim[] = long.slice(0, long.length - short.length);
  for (let k = 0; k < short.length; k++) {
    const i = long[long.length - short.length + k] ?? null;
    const j = short[k] ?? null;
    if (i === null || j === null) merged.push(null);
    else if (i === 1) merged.push(j);
    else if (j === 1 || i === j) merged.push(i);
    else return flipped ? { sizeA: j, sizeB: i } : { sizeA: i, sizeB: j };
  }
  return merged;
}

const isClash = (v: Dim[] | Clash): v is Clash => !Array.isArray(v);

/**
 * Element-wise merge (Add, Multiply): the per-sample shapes broadcast as in NumPy, aligned from
 * the right; a size-1 dim repeats to match the other, an unknown one stays unknown. This is how a
 * [batch, 1, 1, C] timestep projection adds onto a [batch, h, w, C] feature map.
 */
export function broadcastShape(inputs: readonly PortShape[]): ShapeResult {
  const batch = commonBatch(inputs);
  if (isFailure(batch)) return batch;
  let acc: Dim[] = [];
  for (const [n, next] of inputs.entries()) {
    const merged = broadcastPair(acc, next.shape.slice(1));
    if (!isClash(merged)) {
      acc = merged;
      continue;
    }
    // name the earlier input that clashes with this one, not the running result
    for (const earlier of inputs.slice(0, n)) {
      const pair = broadcastPair(earlier.shape.slice(1), next.shape.slice(1));
      if (!isClash(pair)) continue;
      const args = { a: earlier.port, b: next.port, shapeA: showShape(earlier.shape), shapeB: showShape(next.shape), ...pair };
      return fail(issue('layers.broadcast', args), next.port);
    }
    throw new Error('internal: broadcast clash without a clashing pair');
  }
  return ok({ out: [batch, ...acc] });
}

/** Concatenation along the last axis: same rank, every other dim equal; the last dims add up. */
export function concatShape(inputs: readonly PortShape[]): ShapeResult {
  const batch = commonBatch(inputs);
  if (isFailure(batch)) return batch;
  const first = inputs[0];
  if (!first) throw new Error('internal: concatShape needs at least one input');
  const middle = (s: Shape) => s.slice(1, -1);
  let channels: Dim = 0;
  for (const i of inputs) {
    const fits = i.shape.length === first.shape.length && middle(i.shape).every((d, k) => d === middle(first.shape)[k]);
    if (!fits || i.shape.length < 2) {
      return fail(
        issue('layers.concat', { a: first.port, b: i.port, shapeA: showShape(first.shape), shapeB: showShape(i.shape) }),
        i.port,
      );
    }
    const c = i.shape[i.shape.length - 1] ?? null;
    channels = channels === null || c === null ? null : channels + c;
  }
  return ok({ out: [batch, ...middle(first.shape), channels] });
}
