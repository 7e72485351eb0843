// Shared recipe of the element-wise regression losses (MSE, MAE): pred and target of one shape.
import { need } from '../shape-utils';
import type { PortSpec, Shape, ShapeResult } from '../spec';
import { expectBatched, expectSame, lossOut } from './common';

export const PAIR_INPUTS: readonly PortSpec[] = [
  { name: 'pred', kind: 'tensor', doc: 'prediction [batch, ...]' },
  { name: 'target', kind: 'tensor', doc: 'what the prediction should be, same shape' },
];

export function inferPair(inputs: Record<string, Shape>): ShapeResult {
  const pred = need(inputs, 'pred');
  return expectBatched('pred', pred)
    ?? expectSame('pred', pred, 'target', need(inputs, 'target'), 'Compare a prediction with a target of the same layout.')
    ?? lossOut();
}

