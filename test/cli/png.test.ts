import { describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import { encodePng, niceExtent, scatterImage } from '../../src/cli/png';

describe('preview pictures', () => {
  it('scales scatter plots to a round extent around the origin', () => {
    expect(niceExtent(Float32Array.from([0.3, -2.2]))).toBe(2.5);
    expect(niceExtent(Float32Array.from([0.03, 0.01]))).toBe(0.05);
    expect(niceExtent(Float32Array.from([0, 0]))).toBe(1);
  });

  it('plots a point where it lies and encodes a readable PNG', () => {
    const img = scatterImage(Float32Array.from([1, 1]), 100);
    // (1, 1) at extent 1 is the top-right corner, inside the 8-pixel margin
    const at = (x: number, y: number) => Array.from(img.pixels.subarray((y * 100 + x) * 3, (y * 100 + x) * 3 + 3));
    expect(at(91, 8)).toEqual([30, 90, 200]);
    expect(at(20, 80)).toEqual([255, 255, 255]);
    const decoded = PNG.sync.read(encodePng(img));
    expect([decoded.width, decoded.height]).toEqual([100, 100]);
  });
});
