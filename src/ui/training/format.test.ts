import { describe, expect, it } from 'vitest';
import { wholeNumber } from './Controls';
import { bytesText, durationText, rateText } from './format';

describe('dashboard formats', () => {
  it('durations', () => {
    expect([null, -1, 0.4, 42, 185, 7620].map(durationText)).toEqual(['—', '—', '0 s', '42 s', '3 min 05 s', '2 h 07 min']);
  });

  it('bytes in powers of 1024', () => {
    expect([812, 4300, 13 * 1024 * 1024, 1.1 * 1024 ** 3].map(bytesText)).toEqual(['812 B', '4.2 KB', '13 MB', '1.1 GB']);
  });

  it('rates', () => {
    expect([null, 0.423, 7.31, 128.4].map(rateText)).toEqual(['— it/s', '0.42 it/s', '7.3 it/s', '128 it/s']);
  });

  it('whole numbers typed into settings', () => {
    expect(['50', ' 7 ', '0', '', '2.5', 'x', '-3'].map((t) => wholeNumber(t, 1))).toEqual([50, 7, null, null, null, null, null]);
    expect(wholeNumber('0', 0)).toBe(0);
  });
});
