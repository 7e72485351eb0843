import { describe, expect, it } from 'vitest';
import type { PreviewPayload } from '../../runtime/worker/protocol';
import { addFrames, indexOfStep, type PreviewHistory } from './preview-history';

const points = (id: string, step: number, n = 4): PreviewPayload => ({ kind: 'points', id, name: id, step, points: new Float32Array(n) });
const image = (id: string, step: number, bytes: number): PreviewPayload => ({ kind: 'image', id, name: id, step, width: 1, height: 1, rgba: new ArrayBuffer(bytes) });

describe('preview history', () => {
  it('keeps the last N frames of each preview, oldest first', () => {
    let h: PreviewHistory = {};
    for (let s = 0; s < 60; s += 5) h = addFrames(h, [points('a', s), points('b', s)], 5);
    expect(h.a!.map((f) => f.step)).toEqual([35, 40, 45, 50, 55]);
    expect(h.b!.map((f) => f.step)).toEqual([35, 40, 45, 50, 55]);
  });

  it('bounds the bytes per preview, always keeping the newest frame', () => {
    let h: PreviewHistory = {};
    for (let s = 0; s < 10; s++) h = addFrames(h, [image('g', s, 1000)], 50, 3500);
    expect(h.g!.map((f) => f.step)).toEqual([7, 8, 9]);
    h = addFrames(h, [image('g', 10, 5000)], 50, 3500);
    expect(h.g!.map((f) => f.step)).toEqual([10]);
  });

  it('replaces a frame at an iteration it already has, and leaves other previews untouched', () => {
    const h0 = addFrames({}, [points('a', 0), points('b', 0)]);
    const again = points('a', 0, 6);
    const h1 = addFrames(h0, [again]);
    expect(h1.a).toEqual([again]);
    expect(h1.b).toBe(h0.b);
    expect(addFrames(h1, [])).toBe(h1);
  });

  it('keeps the slider on the iteration looked at while frames come and go; null follows the newest', () => {
    let list = addFrames({}, [points('a', 0), points('a', 10), points('a', 20)], 3).a!;
    expect(indexOfStep(list, null)).toBe(2);
    expect(indexOfStep(list, 10)).toBe(1);
    list = addFrames({ a: list }, [points('a', 30)], 3).a!; // 0 drops out
    expect(indexOfStep(list, 10)).toBe(0);
    expect(list[indexOfStep(list, 10)]!.step).toBe(10);
    list = addFrames({ a: list }, [points('a', 40)], 3).a!; // 10 drops out: the oldest after it
    expect(list[indexOfStep(list, 10)]!.step).toBe(20);
    expect(indexOfStep(list, 99)).toBe(2);
  });
});
