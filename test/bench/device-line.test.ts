// The device line of the benchmark tables names the CPU's widest vector instructions.
import { describe, expect, it } from 'vitest';
import { vectorWidth } from '../../bench/table';

describe('vectorWidth', () => {
  it('reads AVX-512 before AVX2, and nothing from a CPU with neither or no flags line', () => {
    expect(vectorWidth('processor\t: 0\nflags\t\t: fpu sse2 avx avx2 fma avx512f avx512bw\n')).toBe('AVX-512');
    expect(vectorWidth('flags\t\t: fpu sse2 avx avx2 fma\n')).toBe('AVX2');
    expect(vectorWidth('flags\t\t: fpu sse2 neon\n')).toBe('');
    expect(vectorWidth('Features\t: fp asimd\n')).toBe('');
  });
});
