import { describe, expect, it } from 'vitest';
import { clampHeight, MIN_HEIGHT } from './usePanelHeight';

describe('clampHeight', () => {
  it('keeps the panel between its minimum and what leaves the canvas room', () => {
    expect(clampHeight(300, 720)).toBe(300);
    expect(clampHeight(10, 720)).toBe(MIN_HEIGHT);
    expect(clampHeight(700, 720)).toBe(420);
    expect(clampHeight(300, 300)).toBe(MIN_HEIGHT);
  });
});
