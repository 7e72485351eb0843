import { describe, expect, it } from 'vitest';
import { awaitThreads } from './pool';

/** A stand-in for Atomics.wait: each call plays the next scripted outcome, then sets the done count. */
function scripted(c: Int32Array, steps: { result: 'ok' | 'timed-out' | 'not-equal'; doneAfter: number }[]) {
  let i = 0;
  const calls: number[] = [];
  const wait = (_c: Int32Array, _index: number, value: number) => {
    calls.push(value);
    const step = steps[i++];
    if (!step) throw new Error('waited more often than scripted');
    Atomics.store(c, 1, step.doneAfter);
    return step.result;
  };
  return { wait, calls };
}

describe('awaitThreads', () => {
  it('returns once every other thread has counted itself done', () => {
    const c = new Int32Array(6);
    const { wait, calls } = scripted(c, [{ result: 'ok', doneAfter: 1 }, { result: 'ok', doneAfter: 3 }]);
    awaitThreads(c, 3, wait);
    expect(calls).toEqual([0, 1]);
  });

  it('survives a wait that timed out while the process was suspended: the threads finish right after', () => {
    const c = new Int32Array(6);
    const { wait } = scripted(c, [{ result: 'timed-out', doneAfter: 0 }, { result: 'ok', doneAfter: 1 }]);
    expect(() => awaitThreads(c, 1, wait)).not.toThrow();
  });

  it('keeps waiting through timeouts as long as some thread makes progress', () => {
    const c = new Int32Array(6);
    const { wait } = scripted(c, [
      { result: 'timed-out', doneAfter: 1 }, { result: 'timed-out', doneAfter: 2 }, { result: 'timed-out', doneAfter: 3 },
    ]);
    expect(() => awaitThreads(c, 3, wait)).not.toThrow();
  });

  it('gives up on a thread after two waits in a row without progress', () => {
    const c = new Int32Array(6);
    const { wait, calls } = scripted(c, [{ result: 'timed-out', doneAfter: 0 }, { result: 'timed-out', doneAfter: 0 }]);
    expect(() => awaitThreads(c, 1, wait)).toThrow(/a kernel thread stopped answering/);
    expect(calls).toHaveLength(2);
  });
});
