// The span of a run: where it ends and where it began, as runs and single steps move it.
import { describe, expect, it } from 'vitest';
import { spanOf, stepSpan } from './live-session';

describe('run spans', () => {
  const current = { target: 30, targetFrom: 0 };

  it('a run for N iterations ends N on; until stopped has no end; the rest keeps the span', () => {
    expect(spanOf({ kind: 'for', iterations: 20 }, 30, current)).toEqual({ target: 50, targetFrom: 30 });
    expect(spanOf({ kind: 'for', iterations: 0.5 }, 30, current)).toEqual({ target: 31, targetFrom: 30 });
    expect(spanOf({ kind: 'untilStopped' }, 30, current)).toEqual({ target: null, targetFrom: 30 });
    expect(spanOf({ kind: 'rest' }, 12, current)).toEqual(current);
  });

  it('a step beyond a finished run carries its end along; within a run it changes nothing', () => {
    expect(stepSpan(current, 31)).toEqual({ target: 31, targetFrom: 30 });
    expect(stepSpan(current, 13)).toEqual(current);
    expect(stepSpan({ target: null, targetFrom: 5 }, 40)).toEqual({ target: null, targetFrom: 5 });
  });
});
