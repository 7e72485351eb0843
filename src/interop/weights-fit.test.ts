// Imported weights are used only where they fit exactly, and only by the model they were imported
// as (or, renamed, by the same topology under a new id): never by another model that took its id.
import { describe, expect, it } from 'vitest';
import type { ModelWeights } from './model-weights';
import { pickInitialWeights, weightsFit, type WantedWeights } from './weights-fit';

const w = (name: string, shape: number[]) => ({ name, shape, values: new Float32Array(shape.reduce((a, b) => a * b, 1)) });
const weights: ModelWeights = { h1: [w('kernel', [2, 3]), w('bias', [3])], out: [w('kernel', [3, 1]), w('bias', [1])] };
const wanted: WantedWeights = {
  h1: [{ name: 'bias', shape: [3] }, { name: 'kernel', shape: [2, 3] }],
  out: [{ name: 'kernel', shape: [3, 1] }, { name: 'bias', shape: [1] }],
  act: [],
};

describe('weightsFit', () => {
  it('accepts the same nodes, weight names and shapes (in any order)', () => {
    expect(weightsFit(weights, wanted)).toBeNull();
  });

  it('names what differs: a shape, a removed node, a new node, other weights', () => {
    expect(weightsFit(weights, { ...wanted, h1: [{ name: 'kernel', shape: [2, 4] }, { name: 'bias', shape: [4] }] }))
      .toBe('weight "kernel" of node "h1" is [2, 4] now, imported [2, 3]');
    const { out: _out, ...withoutOut } = wanted;
    expect(weightsFit(weights, withoutOut)).toBe('node "out" has no weights any more');
    expect(weightsFit(weights, { ...wanted, h2: [{ name: 'kernel', shape: [3, 3] }] })).toBe('node "h2" has weights that were not imported');
    expect(weightsFit(weights, { ...wanted, out: [{ name: 'kernel', shape: [3, 1] }] })).toBe('node "out" has the weights kernel; imported: bias, kernel');
  });
});

describe('pickInitialWeights', () => {
  const kept = (modelId: string, fingerprint: string, savedAt = 1) => ({ modelId, fingerprint, savedAt });

  it('gives a model the weights kept under its id for its topology now', () => {
    const a = kept('gen', 'f1');
    const picks = pickInitialWeights([{ id: 'gen', fingerprint: 'f1' }, { id: 'disc', fingerprint: 'f2' }], [a, kept('other', 'f9')]);
    expect([...picks]).toEqual([['gen', { kept: a, how: 'same' }]]);
  });

  it('follows a rename by the topology, but not to a model that took the old id', () => {
    const a = kept('gen', 'f1');
    // gen renamed to g2, and a new, different model called gen
    const picks = pickInitialWeights([{ id: 'gen', fingerprint: 'f7' }, { id: 'g2', fingerprint: 'f1' }], [a]);
    expect([...picks]).toEqual([['g2', { kept: a, how: 'renamed' }]]);
    // while gen is still there with its topology, a copy under another id gets nothing
    expect([...pickInitialWeights([{ id: 'gen', fingerprint: 'f1' }, { id: 'g2', fingerprint: 'f1' }], [a])]).toEqual([['gen', { kept: a, how: 'same' }]]);
  });

  it('offers an edited model the newest weights kept under its id, for the fit check', () => {
    const old = kept('gen', 'f1', 1);
    const newer = kept('gen', 'f2', 5);
    expect(pickInitialWeights([{ id: 'gen', fingerprint: 'f3' }], [old, newer]).get('gen')).toEqual({ kept: newer, how: 'edited' });
    expect(pickInitialWeights([{ id: 'gen', fingerprint: 'f1' }], [old, newer]).get('gen')).toEqual({ kept: old, how: 'same' });
  });

  it('gives nothing to a model never imported', () => {
    expect(pickInitialWeights([{ id: 'x', fingerprint: 'f1' }], []).size).toBe(0);
  });
});
