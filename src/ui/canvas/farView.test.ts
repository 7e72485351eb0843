import { describe, expect, it } from 'vitest';
import { FAR_ZOOM, farTitleSize } from './farView';

describe('far view', () => {
  it('keeps titles large unless their longest word would overflow the node', () => {
    expect(farTitleSize('Dense')).toBe(22);
    expect(farTitleSize('BCE with Logits')).toBe(22); // wraps at spaces
    expect(farTitleSize('Reparameterize')).toBeLessThan(22);
    expect(farTitleSize('Reparameterize') * 0.68 * 14).toBeLessThanOrEqual(168);
    expect(farTitleSize('x'.repeat(80))).toBe(11);
    // the far view starts where 11 px text would show at under 7 px
    expect(11 * FAR_ZOOM).toBeLessThan(7);
  });
});
