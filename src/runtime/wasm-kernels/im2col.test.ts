import { describe, expect, it } from 'vitest';
import { col2im, im2col, im2colWidth, type ConvGeometry } from './im2col';

const geometry = (o: Partial<ConvGeometry>): ConvGeometry => ({
  batch: 2, inH: 5, inW: 4, inC: 3, outH: 3, outW: 2, fH: 3, fW: 2, strideH: 2, strideW: 2, dilH: 1, dilW: 1, padT: 1, padL: 0, ...o,
});
const counting = (n: number) => Float32Array.from({ length: n }, (_, i) => i + 1);

describe('im2col', () => {
  it('puts each output position\'s filter window in a row, zeros where a tap is in the padding', () => {
    // one 3x3 image, one channel, a 2x2 filter at stride 1 with one row of padding on top: 3 x 2 positions
    const g = geometry({ batch: 1, inH: 3, inW: 3, inC: 1, outH: 3, outW: 2, fH: 2, fW: 2, strideH: 1, strideW: 1, padT: 1 });
    const cols = new Float32Array(6 * im2colWidth(g));
    im2col(counting(9), g, cols);
    expect(Array.from(cols.subarray(0, 4))).toEqual([0, 0, 1, 2]);
    expect(Array.from(cols.subarray(4 * 5, 4 * 6))).toEqual([5, 6, 8, 9]);
  });

  it('col2im is its adjoint: <im2col(x), c> = <x, col2im(c)>, dilated and strided', () => {
    for (const g of [geometry({}), geometry({ dilH: 2, dilW: 3, inW: 9, outW: 3, strideW: 1, padL: 2 })]) {
      const x = counting(g.batch * g.inH * g.inW * g.inC).map((v) => Math.sin(v));
      const rows = g.batch * g.outH * g.outW;
      const c = counting(rows * im2colWidth(g)).map((v) => Math.cos(v));
      const cols = new Float32Array(c.length);
      im2col(x, g, cols);
      const back = new Float32Array(x.length);
      col2im(c, g, back);
      const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, v, i) => s + v * b[i]!, 0);
      expect(dot(cols, c)).toBeCloseTo(dot(x, back), 4);
    }
  });
});
