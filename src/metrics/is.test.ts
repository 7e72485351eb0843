import { describe, expect, it } from 'vitest';
import { inceptionScore, inceptionScoreSplits } from './is';

const oneHot = (k: number, classes = 10) => Array.from({ length: classes }, (_, i) => (i === k ? 1 : 0));

describe('Inception Score', () => {
  it('is 1 when every image is the same class', () => {
    expect(inceptionScore(Array.from({ length: 200 }, () => oneHot(3)))).toBe(1);
  });

  it('is 1 when every image gets the same (even unsure) distribution', () => {
    const row = [0.05, 0.1, 0.2, 0.05, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1];
    expect(inceptionScore(Array.from({ length: 50 }, () => row))).toBeCloseTo(1, 12);
  });

  it('is 10 for confident images spread evenly over 10 classes', () => {
    expect(inceptionScore(Array.from({ length: 1000 }, (_, i) => oneHot(i % 10)))).toBeCloseTo(10, 10);
  });

  it('is 5 when confident images cover only 5 of the 10 classes evenly', () => {
    expect(inceptionScore(Array.from({ length: 500 }, (_, i) => oneHot((i % 5) * 2)))).toBeCloseTo(5, 10);
  });

  it('matches a hand computation for unsure two-class images', () => {
    // p(y) = [0.5, 0.5]; KL of either row = 0.9 ln 1.8 + 0.1 ln 0.2
    const expected = Math.exp(0.9 * Math.log(1.8) + 0.1 * Math.log(0.2));
    expect(inceptionScore([[0.9, 0.1], [0.1, 0.9]])).toBeCloseTo(expected, 12);
  });

  it('in splits: every part of an even confident set scores 10', () => {
    const r = inceptionScoreSplits(Array.from({ length: 1000 }, (_, i) => oneHot(i % 10)), 10);
    expect(r.mean).toBeCloseTo(10, 10);
    expect(r.std).toBeCloseTo(0, 10);
  });

  it('refuses rows that are not probability distributions', () => {
    expect(() => inceptionScore([[0.5, 0.6]])).toThrow(/sums to/);
    expect(() => inceptionScore([[1.5, -0.5]])).toThrow(/not a probability/);
  });
});
