import { describe, expect, it } from 'vitest';
import { imageGrid, tensorStats } from './tensor-stats';

describe('tensorStats', () => {
  it('gives mean, std, min, max and a histogram of the finite values, counting the others apart', () => {
    const s = tensorStats([1, 2, 3, 4, NaN, Infinity], [6], 4);
    expect(s).toMatchObject({ shape: [6], count: 4, nonFinite: 2, mean: 2.5, min: 1, max: 4 });
    expect(s.std).toBeCloseTo(Math.sqrt(1.25), 12);
    expect(s.histogram).toEqual([1, 1, 1, 1]); // max falls in the last bin
  });

  it('bins 32 ways by default and puts a constant tensor in one bin', () => {
    const data = Float32Array.from({ length: 3200 }, (_, i) => i / 3200);
    const s = tensorStats(data, [3200]);
    expect(s.histogram).toHaveLength(32);
    expect(s.histogram.every((n) => n === 100)).toBe(true);
    expect(tensorStats([5, 5, 5], [3]).histogram[0]).toBe(3);
    expect(tensorStats([5, 5, 5], [3]).std).toBe(0);
  });

  it('has no numbers for a tensor without finite values', () => {
    const s = tensorStats([NaN, NaN], [2]);
    expect(s.count).toBe(0);
    expect(s.mean).toBeNaN();
    expect(s.histogram.every((n) => n === 0)).toBe(true);
  });
});

describe('imageGrid', () => {
  it('tiles the first 16 images of a [B, H, W, 1] batch, scaled from black to white', () => {
    const b = 20, h = 3, w = 2;
    const data = Float32Array.from({ length: b * h * w }, (_, i) => (i < 16 * h * w ? -1 + (2 * i) / (16 * h * w - 1) : 100));
    const g = imageGrid(data, [b, h, w, 1])!;
    expect(g.count).toBe(16);
    // 4 x 4 tiles of 2 x 3 with 1-pixel gaps
    expect([g.width, g.height]).toEqual([4 * 2 + 5, 4 * 3 + 5]);
    const px = new Uint8ClampedArray(g.rgba);
    const at = (x: number, y: number) => px[(y * g.width + x) * 4]!;
    expect(at(1, 1)).toBe(0); // the first value is the smallest of the 16 images
    expect(at(g.width - 2, g.height - 2)).toBe(255); // the last of image 16 the largest; 100 is not shown
  });

  it('is null for shapes that are not images', () => {
    expect(imageGrid(new Float32Array(8), [2, 4])).toBeNull();
    expect(imageGrid(new Float32Array(2 * 2 * 2 * 2), [2, 2, 2, 2])).toBeNull();
  });
});
