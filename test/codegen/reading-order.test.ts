// Model builders list layers in reading order: each just before its first use. (That the order
// leaves the numbers alone is checked in equivalence.test.ts, parallel dropouts included.)
import { describe, expect, it } from 'vitest';
import { analyzeFront } from '../../src/compiler/analyze';
import { readingOrder } from '../../src/codegen/reading-order';
import type { GraphDoc } from '../../src/graph/types';
import { doc, graph } from '../helpers/build-doc';
import { parallelDropoutDoc } from './fixtures';

function orders(d: GraphDoc, model: string) {
  const front = analyzeFront(d);
  const ix = front.models[model]!;
  const topological = front.orderings.get(ix)!.order;
  return { topological, reading: readingOrder(ix, topological) };
}

describe('readingOrder', () => {
  it('follows each branch to its use instead of interleaving branches', () => {
    const d = doc({
      models: {
        m: graph(
          [
            ['x', 'models.input', { name: 'x', shape: [4] }],
            ['t', 'models.input', { name: 't', shape: [4] }],
            ['x1', 'layers.dense', { units: 4 }],
            ['t1', 'layers.dense', { units: 4 }],
            ['x2', 'layers.dropout', { rate: 0.1 }],
            ['t2', 'layers.dense', { units: 4 }],
            ['sum', 'layers.add', { inputs: 2 }],
            ['y', 'models.output', { name: 'y' }],
          ],
          ['x.out -> x1.in', 't.out -> t1.in', 'x1.out -> x2.in', 't1.out -> t2.in', 'x2.out -> sum.in1', 't2.out -> sum.in2', 'sum.out -> y.in'],
        ),
      },
    });
    const { topological, reading } = orders(d, 'm');
    expect(topological).toEqual(['x', 't', 'x1', 't1', 'x2', 't2', 'sum', 'y']);
    expect(reading).toEqual(['x', 't', 'x1', 'x2', 't1', 't2', 'sum', 'y']);
  });

  it('lists a longer first branch before a shorter second one', () => {
    const { topological, reading } = orders(parallelDropoutDoc(), 'net');
    expect(topological).toEqual(['x', 'a1', 'd2', 'a2', 'c2', 'd1', 'c1', 'sum', 'y']);
    expect(reading).toEqual(['x', 'a1', 'a2', 'd1', 'c1', 'd2', 'c2', 'sum', 'y']);
  });
});
