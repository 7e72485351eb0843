import { describe, expect, it } from 'vitest';
import { float16ToFloat32, float32ToFloat16 } from './float16';

describe('float16', () => {
  it('round-trips every half exactly (NaN stays NaN)', () => {
    for (let h = 0; h < 0x10000; h++) {
      const v = float16ToFloat32(h);
      if (Number.isNaN(v)) expect(Number.isNaN(float16ToFloat32(float32ToFloat16(v)))).toBe(true);
      else expect(float32ToFloat16(v), `0x${h.toString(16)}`).toBe(h);
    }
  });

  it('rounds to the nearest half, ties to even, and overflows to infinity', () => {
    expect(float16ToFloat32(float32ToFloat16(1 + 2 ** -11))).toBe(1); // a tie: to the even 1
    expect(float16ToFloat32(float32ToFloat16(1 + 3 * 2 ** -11))).toBe(1 + 2 ** -9); // a tie: to the even 1 + 2^-9
    expect(float16ToFloat32(float32ToFloat16(0.1))).toBeCloseTo(0.1, 3);
    expect(float16ToFloat32(float32ToFloat16(70000))).toBe(Infinity);
    expect(float16ToFloat32(float32ToFloat16(-1e-9))).toBe(-0);
    expect(float16ToFloat32(float32ToFloat16(3e-6))).toBeCloseTo(3e-6, 7); // subnormal
  });
});
