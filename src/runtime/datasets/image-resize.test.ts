import { describe, expect, it } from 'vitest';
import { areaWeights, centreSquare, toSample, type RgbaImage } from './image-resize';

/** An opaque picture whose pixel (x, y) has colour f(x, y). */
function picture(width: number, height: number, f: (x: number, y: number) => [number, number, number]): RgbaImage {
  const rgba = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) rgba.set([...f(x, y), 255], (y * width + x) * 4);
  return { width, height, rgba };
}

describe('centre crop', () => {
  it('takes the largest centred square', () => {
    expect(centreSquare(10, 4)).toEqual({ x: 3, y: 0, side: 4 });
    expect(centreSquare(4, 9)).toEqual({ x: 0, y: 2, side: 4 });
    expect(centreSquare(5, 5)).toEqual({ x: 0, y: 0, side: 5 });
  });

  it('drops the sides of a wide picture: only its centre shows', () => {
    // 6 × 2: two red columns, two green, two blue → the 2 × 2 centre is green
    const wide = picture(6, 2, (x) => (x < 2 ? [255, 0, 0] : x < 4 ? [0, 255, 0] : [0, 0, 255]));
    expect(Array.from(toSample(wide, 2, 3))).toEqual([0, 255, 0, 0, 255, 0, 0, 255, 0, 0, 255, 0]);
  });
});

describe('area averaging', () => {
  it('weights of one output cell cover it exactly, fractions at the edges', () => {
    for (const [from, to] of [[10, 3], [3, 10], [7, 7], [100, 32]] as const) {
      for (const cells of areaWeights(from, to)) expect(cells.reduce((s, c) => s + c.weight, 0)).toBeCloseTo(1, 9);
    }
    expect(areaWeights(3, 2)).toEqual([
      [{ index: 0, weight: 2 / 3 }, { index: 1, weight: 1 / 3 }],
      [{ index: 1, weight: 1 / 3 }, { index: 2, weight: 2 / 3 }],
    ].map((cells) => cells.map((c) => ({ index: c.index, weight: expect.closeTo(c.weight, 9) as number }))));
  });

  it('halving averages each 2 × 2 block', () => {
    const img = picture(4, 4, (x, y) => [(x + 4 * y) * 10, 0, 0]);
    // block (0,0): values 0, 10, 40, 50 → 25
    expect(Array.from(toSample(img, 2, 3)).filter((_, i) => i % 3 === 0)).toEqual([25, 45, 105, 125]);
  });

  it('a uniform picture stays uniform at any size; enlarging repeats pixels', () => {
    const grey = picture(7, 5, () => [90, 90, 90]);
    expect(new Set(toSample(grey, 13, 1))).toEqual(new Set([90]));
    const two = picture(2, 2, (x) => (x === 0 ? [0, 0, 0] : [200, 200, 200]));
    expect(Array.from(toSample(two, 4, 1))).toEqual([0, 0, 200, 200, 0, 0, 200, 200, 0, 0, 200, 200, 0, 0, 200, 200]);
  });

  it('keeps the mean brightness when shrinking by an odd factor', () => {
    const img = picture(9, 9, (x, y) => [((x * 31 + y * 17) % 256), 0, 0]);
    const mean = (v: ArrayLike<number>, step: number) => Array.from(v).filter((_, i) => i % step === 0).reduce((a, b) => a + b, 0) / (v.length / step);
    expect(mean(toSample(img, 4, 3), 3)).toBeCloseTo(mean(img.rgba, 4), 0);
  });
});

describe('colour', () => {
  it('grayscale is the luminance 0.299 R + 0.587 G + 0.114 B', () => {
    const rgb = picture(3, 1, (x) => (x === 0 ? [255, 0, 0] : x === 1 ? [0, 255, 0] : [0, 0, 255]));
    const row = (c: [number, number, number]) => picture(1, 1, () => c);
    expect(Array.from(toSample(row([255, 0, 0]), 1, 1))).toEqual([76]);
    expect(Array.from(toSample(row([0, 255, 0]), 1, 1))).toEqual([150]);
    expect(Array.from(toSample(row([0, 0, 255]), 1, 1))).toEqual([29]);
    expect(Array.from(toSample(row([255, 255, 255]), 1, 1))).toEqual([255]);
    expect(toSample(rgb, 1, 1)).toHaveLength(1);
  });

  it('lays transparent pixels over white', () => {
    const img: RgbaImage = { width: 2, height: 1, rgba: Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 255]) };
    expect(Array.from(toSample({ ...img, width: 1, rgba: img.rgba.subarray(0, 4) }, 1, 3))).toEqual([255, 255, 255]);
    expect(Array.from(toSample({ width: 1, height: 1, rgba: Uint8Array.from([0, 0, 0, 128]) }, 1, 1))).toEqual([127]);
  });
});
