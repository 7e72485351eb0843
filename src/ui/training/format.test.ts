import { describe, expect, it } from 'vitest';
import { wholeNumber } from './Controls';
import { bytesText, durationText, parseRate, rateText, rateValueText, samplesPerSecond, throughputText, throughputTitle } from './format';
import type { BatchInfo } from '../../runtime/worker/protocol';

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

  it('reads learning rates as typed, in range only, and shows them without float noise', () => {
    expect(parseRate(' 2e-4 ', 1e-8, 10)).toBe(0.0002);
    expect(parseRate('.5', 1e-8, 10)).toBe(0.5);
    for (const bad of ['', 'abc', '0', '-0.1', '11', '1e-9', '0x10', '1,5']) expect(parseRate(bad, 1e-8, 10)).toBeNull();
    expect(rateValueText(0.0002)).toBe('0.0002');
    expect(rateValueText(0.1 + 0.2)).toBe('0.3');
    expect(rateValueText(1e-5)).toBe('1e-5');
    expect(rateValueText(2.5e-6)).toBe('2.5e-6');
  });

  it('samples per second: iterations per second times the largest batch', () => {
    const one: BatchInfo = { size: 64, sources: [{ node: 'mnist', size: 64 }], images: true };
    const two: BatchInfo = { size: 256, sources: [{ node: 'real2', size: 256 }, { node: 'real', size: 128 }], images: false };
    expect(samplesPerSecond(2.5, one)).toBe(160);
    expect(samplesPerSecond(null, one)).toBeNull();
    expect(samplesPerSecond(3, null)).toBeNull();
    expect([0.01, 0.05, 2.5, 40].map((r) => throughputText(r, one))).toEqual(['0.64 img/s', '3.2 img/s', '160 img/s', '2,560 img/s']);
    expect(throughputText(7.3, two)).toBe('1,869 samples/s');
    expect(throughputText(null, one)).toBe('');
    expect(throughputTitle(one)).toBe('Images per second: iterations per second × batch size 64 (data node "mnist")');
    expect(throughputTitle(two)).toBe('Samples per second: iterations per second × batch size 256, the largest of the 2 data nodes that feed training ("real2" 256, "real" 128)');
  });
});
