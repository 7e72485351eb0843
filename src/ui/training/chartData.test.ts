import { describe, expect, it } from 'vitest';
import { chartSeries, smooth } from './chartData';

describe('smooth', () => {
  it('is the identity at weight 0 and debiased at the start', () => {
    expect([...smooth([3, 1, 2], 0)]).toEqual([3, 1, 2]);
    // debiasing: the first value is itself, not pulled towards 0
    expect(smooth([4, 4, 4], 0.9)[0]).toBeCloseTo(4);
    expect(smooth([4, 4, 4], 0.9)[2]).toBeCloseTo(4);
  });

  it('moves towards new values by (1 - w) of their mass', () => {
    const s = smooth([0, 10], 0.5);
    // avg = 0.5*0.5*0 ... : (0.25*0 + 0.5*10) / 0.75
    expect(s[1]).toBeCloseTo(5 / 0.75);
  });

  it('skips non-finite values', () => {
    const s = smooth([1, NaN, 1], 0.5);
    expect(s[1]).toBeNaN();
    expect(s[2]).toBeCloseTo(1);
  });
});

describe('chartSeries', () => {
  const steps = Array.from({ length: 10 }, (_, i) => i);
  const values = steps.map((i) => i + 1);

  it('keeps every point below the limit', () => {
    const s = chartSeries(steps, values, { smoothing: 0, log: false, maxPoints: 100 });
    expect(s.x).toEqual(steps);
    expect(s.raw).toEqual(values);
  });

  it('buckets consecutive iterations above the limit: last step, mean value', () => {
    const s = chartSeries(steps, values, { smoothing: 0, log: false, maxPoints: 5 });
    expect(s.x).toEqual([1, 3, 5, 7, 9]);
    expect(s.raw).toEqual([1.5, 3.5, 5.5, 7.5, 9.5]);
    expect(s.smooth).toEqual([2, 4, 6, 8, 10]);
  });

  it('leaves gaps for values a log scale cannot show and for non-finite values', () => {
    const s = chartSeries([0, 1, 2, 3], [1, -1, 0, NaN], { smoothing: 0, log: true, maxPoints: 10 });
    expect(s.raw).toEqual([1, null, null, null]);
  });
});
