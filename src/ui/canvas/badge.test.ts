import { describe, expect, it } from 'vitest';
import { badgeLabel } from './badge';

describe('node badge label', () => {
  it('counts what the node has: warnings alone are not "0 errors"', () => {
    expect(badgeLabel(0, 1)).toBe('1 warning');
    expect(badgeLabel(0, 3)).toBe('3 warnings');
    expect(badgeLabel(1, 0)).toBe('1 error');
    expect(badgeLabel(2, 0)).toBe('2 errors');
    expect(badgeLabel(1, 2)).toBe('1 error, 2 warnings');
  });
});
