import { describe, expect, it } from 'vitest';
import { getSpec } from '../../../nodes';
import { compactShape, detailAt, FAR_ZOOM, faceLine, MID_ZOOM, titleSize } from './lod';

describe('levels of detail', () => {
  it('switch where the text of the level above would drop below a legible size', () => {
    // port names are 10.5 px near, 17 px at the mid level (nodes.css)
    expect(10.5 * MID_ZOOM).toBeGreaterThanOrEqual(7.8);
    expect(10.5 * (MID_ZOOM - 0.01)).toBeLessThan(8);
    expect(17 * FAR_ZOOM).toBeGreaterThanOrEqual(6.8);
    expect(detailAt(1)).toBe('near');
    expect(detailAt(MID_ZOOM)).toBe('near');
    expect(detailAt(0.5)).toBe('mid');
    expect(detailAt(FAR_ZOOM)).toBe('mid');
    expect(detailAt(0.2)).toBe('far');
  });

  it('keep titles large unless their longest word would overflow the node', () => {
    expect(titleSize('Dense', 'far')).toBe(22);
    expect(titleSize('Dense', 'mid')).toBe(20);
    expect(titleSize('BCE with Logits', 'far')).toBe(22); // wraps at spaces
    expect(titleSize('Reparameterize', 'far')).toBeLessThan(22);
    expect(titleSize('Reparameterize', 'far') * 0.68 * 14).toBeLessThanOrEqual(168);
    expect(titleSize('x'.repeat(80), 'mid')).toBe(11);
  });

  it('give a convolution its filters, window and stride in one line, and other nodes their first params', () => {
    expect(faceLine(getSpec('layers.conv2d')!, { filters: 64, kernelSize: 5, strides: 2 })).toBe('64 · 5×5 /2');
    expect(faceLine(getSpec('layers.conv2dTranspose')!, { filters: 1, kernelSize: 3, strides: 1, activation: 'tanh' })).toBe('1 · 3×3 · tanh');
    expect(faceLine(getSpec('layers.dense')!, { units: 10, activation: 'relu' })).toBe('10 · relu');
    // defaults fill what the node leaves out
    expect(faceLine(getSpec('layers.dense')!, {})).toBe('128 · linear');
  });

  it('shows edge shapes without the batch axis at the mid level', () => {
    expect(compactShape([null, 7, 7, 128])).toBe('[7×7×128]');
    expect(compactShape([64, 100])).toBe('[100]');
    expect(compactShape([])).toBe('scalar');
  });
});
