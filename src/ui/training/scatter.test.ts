import { describe, expect, it } from 'vitest';
import { maxAbs, niceHalfWidth } from './scatter';

describe('scatter view', () => {
  it('rounds the half-width up to 1, 2, 2.5 or 5 times a power of ten', () => {
    expect([0.3, 1, 1.2, 2.1, 2.5, 3, 7, 12, 0.011].map(niceHalfWidth)).toEqual([0.5, 1, 2, 2.5, 2.5, 5, 10, 20, 0.02]);
  });

  it('falls back to 1 when there is nothing finite to show', () => {
    expect(niceHalfWidth(0)).toBe(1);
    expect(niceHalfWidth(NaN)).toBe(1);
    expect(niceHalfWidth(Infinity)).toBe(1);
  });

  it('maxAbs ignores non-finite coordinates', () => {
    expect(maxAbs(Float32Array.from([1, -3, NaN, Infinity, 2]))).toBe(3);
    expect(maxAbs([])).toBe(0);
  });
});
