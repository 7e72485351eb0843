// Imported weights survive the trip to bytes and back exactly, and damaged bytes are refused.
import { describe, expect, it } from 'vitest';
import type { ModelWeights } from './model-weights';
import { decodeModelWeights, encodeModelWeights } from './weights-codec';

const weights: ModelWeights = {
  h1: [
    { name: 'kernel', shape: [2, 3], values: new Float32Array([1, -2, 3.5, 1e-30, -0, Math.PI]) },
    { name: 'bias', shape: [3], values: new Float32Array([0.1, 0.2, 0.3]) },
  ],
  'n-é': [{ name: 'gamma', shape: [1], values: new Float32Array([7]) }],
  empty: [],
};

const plain = (w: ModelWeights) => Object.entries(w).map(([n, ws]) => [n, ws.map((x) => [x.name, [...x.shape], [...x.values]])]);

describe('the imported weights codec', () => {
  it('decodes what it encodes: nodes, names, shapes and every value bit for bit', () => {
    const bytes = encodeModelWeights(weights);
    const back = decodeModelWeights(bytes);
    if (!back.ok) throw new Error(back.detail);
    expect(plain(back.value)).toEqual(plain(weights));
    expect(Object.is(back.value['h1']![0]!.values[4], -0)).toBe(true);
    // also from a view at an odd offset, as a stored record may be handed back
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);
    const again = decodeModelWeights(shifted.subarray(1));
    expect(again.ok && plain(again.value)).toEqual(plain(weights));
  });

  it('refuses bytes that are not a record, cut short, or longer than the header says', () => {
    const bytes = encodeModelWeights(weights);
    expect(decodeModelWeights(new Uint8Array([1, 2, 3]))).toMatchObject({ ok: false, detail: 'not a weights record' });
    expect(decodeModelWeights(bytes.subarray(0, bytes.length - 4))).toMatchObject({ ok: false, detail: expect.stringMatching(/describes 40 bytes of values, the record holds 36/) });
    const longer = new Uint8Array(bytes.length + 4);
    longer.set(bytes);
    expect(decodeModelWeights(longer).ok).toBe(false);
    const badHead = bytes.slice();
    badHead[8] = 0x7b + 1; // the header's "{" → "|"
    expect(decodeModelWeights(badHead)).toMatchObject({ ok: false, detail: expect.stringMatching(/not JSON/) });
  });

  it('refuses to encode a weight whose values do not fill its shape', () => {
    expect(() => encodeModelWeights({ a: [{ name: 'kernel', shape: [2, 2], values: new Float32Array(3) }] })).toThrow(/3 values for the shape \[2, 2\]/);
  });
});
