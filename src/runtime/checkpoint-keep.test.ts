// The rule for the checkpoint kept after a non-finite loss, on its own.
import { describe, expect, it } from 'vitest';
import { KeptCheckpoints } from './checkpoint-keep';

describe('KeptCheckpoints', () => {
  it('keeps the newest checkpoint when the first bad loss comes after its iteration', () => {
    const k = new KeptCheckpoints<string>();
    k.written(10, 'a');
    k.written(20, 'b');
    expect(k.afterNonFinite(21)).toEqual({ kind: 'keep' });
    expect(new KeptCheckpoints().afterNonFinite(3)).toEqual({ kind: 'keep' });
  });

  it('puts the one before back when the newest one\'s own iteration gave the bad loss', () => {
    const k = new KeptCheckpoints<string>();
    k.written(10, 'a');
    k.written(20, 'b');
    expect(k.afterNonFinite(20)).toEqual({ kind: 'restore', step: 10, value: 'a' });
  });

  it('leaves none when there is no good one to put back', () => {
    const k = new KeptCheckpoints<string>();
    k.written(20, 'b');
    expect(k.afterNonFinite(20)).toEqual({ kind: 'remove' });
    const resumed = new KeptCheckpoints<string>();
    resumed.written(5, null); // stored before this session, not held
    resumed.written(9, 'c');
    expect(resumed.afterNonFinite(9)).toEqual({ kind: 'remove' });
  });

  it('forgets the one before once the newest is confirmed by a healthy read-back', () => {
    const k = new KeptCheckpoints<string>();
    k.written(10, 'a');
    k.written(20, 'b');
    k.healthy(20); // losses before 20: says nothing of iteration 20
    expect(k.afterNonFinite(20)).toEqual({ kind: 'restore', step: 10, value: 'a' });
    k.healthy(21);
    expect(k.afterNonFinite(25)).toEqual({ kind: 'keep' });
  });
});
