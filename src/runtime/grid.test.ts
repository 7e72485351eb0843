import { describe, expect, it } from 'vitest';
import { tileGrid } from './grid';

/** n 2x2 grey images, image i filled with value (i + 1) / 10 */
function pattern(n: number): Float32Array {
  const a = new Float32Array(n * 4);
  for (let i = 0; i < n; i++) a.fill((i + 1) / 10, i * 4, i * 4 + 4);
  return a;
}
const byte = (v: number) => Math.round(v * 255);

describe('tileGrid', () => {
  it('lays out 5 images in 3 columns with 1px gaps', () => {
    const g = tileGrid(pattern(5), 5, 2, 2, 1, { columns: 3 });
    expect([g.width, g.height, g.channels]).toEqual([3 * 2 + 4, 2 * 2 + 3, 1]);
    expect(g.pixels.length).toBe(10 * 7);
    const px = (x: number, y: number) => g.pixels[y * g.width + x];
    // borders and gaps are background
    for (let x = 0; x < 10; x++) expect([px(x, 0), px(x, 3), px(x, 6)]).toEqual([0, 0, 0]);
    for (let y = 0; y < 7; y++) expect([px(0, y), px(3, y), px(6, y), px(9, y)]).toEqual([0, 0, 0, 0]);
    // image i sits at column i % 3, row floor(i / 3)
    expect([px(1, 1), px(2, 2), px(4, 1), px(7, 2), px(1, 4), px(5, 5)]).toEqual([1, 1, 2, 3, 4, 5].map((i) => byte(i / 10)));
    // the sixth cell is empty
    expect([px(7, 4), px(8, 5)]).toEqual([0, 0]);
  });

  it('keeps pixel order inside a tile and RGB channels', () => {
    // one 2x3 RGB image whose value encodes (y, x, channel)
    const img = new Float32Array(2 * 3 * 3);
    for (let y = 0; y < 2; y++) for (let x = 0; x < 3; x++) for (let k = 0; k < 3; k++) img[(y * 3 + x) * 3 + k] = (y * 9 + x * 3 + k) / 17;
    const g = tileGrid(img, 1, 2, 3, 3, { padding: 2, background: 1 });
    expect([g.width, g.height]).toEqual([3 + 4, 2 + 4]);
    const px = (x: number, y: number, k: number) => g.pixels[(y * g.width + x) * 3 + k];
    expect(px(0, 0, 0)).toBe(255);
    expect(px(1, 1, 2)).toBe(255);
    for (let y = 0; y < 2; y++) for (let x = 0; x < 3; x++) for (let k = 0; k < 3; k++) {
      expect(px(x + 2, y + 2, k)).toBe(byte((y * 9 + x * 3 + k) / 17));
    }
  });

  it('defaults to a near-square grid and clamps values', () => {
    const g = tileGrid(Float32Array.from([-0.5, 2, Number.NaN, 0.5]), 4, 1, 1, 1);
    expect([g.width, g.height]).toEqual([5, 5]);
    expect([g.pixels[6], g.pixels[8], g.pixels[16], g.pixels[18]]).toEqual([0, 255, 0, 128]);
  });

  it('rejects arrays that do not match the stated size', () => {
    expect(() => tileGrid(new Float32Array(7), 2, 2, 2, 1)).toThrow(/expected 2x2x2x1 = 8 values, got 7/);
    expect(() => tileGrid(new Float32Array(8), 2, 2, 1, 2)).toThrow(/1 or 3 channels/);
  });
});
