import { describe, expect, it } from 'vitest';
import { clampHeight, clampWidth, MIN_HEIGHT, MIN_WIDTH } from './usePanelSize';

describe('panel sizes', () => {
  it('keep the code view between its minimum and what leaves the canvas room', () => {
    expect(clampHeight(300, 720)).toBe(300);
    expect(clampHeight(10, 720)).toBe(MIN_HEIGHT);
    expect(clampHeight(700, 720)).toBe(420);
    expect(clampHeight(300, 300)).toBe(MIN_HEIGHT);
  });

  it('keep the dashboard between its minimum and what leaves the graphs panel and the canvas room', () => {
    expect(clampWidth(330, 1280)).toBe(330);
    expect(clampWidth(100, 1280)).toBe(MIN_WIDTH);
    expect(clampWidth(1000, 1280)).toBe(800);
    expect(clampWidth(500, 600)).toBe(MIN_WIDTH);
  });
});
