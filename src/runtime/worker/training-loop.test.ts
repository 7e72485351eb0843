// Chunk lengths: a chunk never runs past the run's end, a preview or a checkpoint due, and is as
// long as the speed allows otherwise.
import { describe, expect, it } from 'vitest';
import { chunkLength, toNextMultiple } from './training-loop';

describe('training chunks', () => {
  it('counts the iterations to the next multiple; none for 0', () => {
    expect(toNextMultiple(0, 10)).toBe(10);
    expect(toNextMultiple(7, 10)).toBe(3);
    expect(toNextMultiple(10, 10)).toBe(10);
    expect(toNextMultiple(7, 0)).toBe(Infinity);
  });

  it('ends where the run, a preview or a checkpoint ends, else after readEvery iterations', () => {
    const every = { previewEvery: 25, checkpointEvery: 100 };
    expect(chunkLength(0, null, 10, every)).toBe(10);
    expect(chunkLength(20, null, 10, every)).toBe(5); // a preview at 25
    expect(chunkLength(95, null, 10, { previewEvery: 0, checkpointEvery: 100 })).toBe(5); // a checkpoint at 100
    expect(chunkLength(40, 43, 10, every)).toBe(3); // the run ends at 43
    expect(chunkLength(40, null, 1, { previewEvery: 0, checkpointEvery: 0 })).toBe(1);
  });
});
