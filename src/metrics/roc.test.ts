import { describe, expect, it } from 'vitest';
import { rocAuc } from './roc';

describe('rocAuc', () => {
  it('is 1 for a perfect separation, 0 for the reverse, 1/2 when every score ties', () => {
    expect(rocAuc([1, 2, 3], [4, 5])).toBe(1);
    expect(rocAuc([4, 5], [1, 2, 3])).toBe(0);
    expect(rocAuc([7, 7], [7, 7, 7])).toBe(0.5);
  });

  it('counts the pairs a positive wins, ties as half', () => {
    // pairs (p, n): 3>1, 3>2, 3=3 (half), 0<1, 0<2, 0<3: 2.5 of 6
    expect(rocAuc([1, 2, 3], [3, 0])).toBeCloseTo(2.5 / 6, 12);
  });

  it('refuses empty sides and NaN', () => {
    expect(() => rocAuc([], [1])).toThrow(RangeError);
    expect(() => rocAuc([NaN], [1])).toThrow(/NaN/);
  });
});
