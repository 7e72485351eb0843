// The files a person picks in the editor: which is the model.json, which are weights, and a model
// id the document does not have yet.
import { describe, expect, it } from 'vitest';
import { freeModelId, importModelFiles } from '../../src/interop/import-files';

const enc = (s: string) => new TextEncoder().encode(s);
const json = enc(JSON.stringify({
  modelTopology: {
    class_name: 'Sequential',
    config: { name: 'generator', layers: [{ class_name: 'Dense', config: { name: 'd', units: 2, batch_input_shape: [null, 1] } }] },
  },
  weightsManifest: [{ paths: ['weights.bin'], weights: [{ name: 'd/kernel', shape: [1, 2], dtype: 'float32' }, { name: 'd/bias', shape: [2], dtype: 'float32' }] }],
}));
const bin = new Uint8Array(new Float32Array([1, 2, 3, 4]).buffer);

describe('importModelFiles', () => {
  it('finds the model.json among the files, takes the rest as weights, and picks a free id', () => {
    const r = importModelFiles([{ name: 'weights (1).bin', bytes: bin }, { name: 'model.json', bytes: json }], new Set(['generator']));
    expect(r.diagnostics).toEqual([]);
    if (!r.ok) return;
    expect(r.model.id).toBe('generator_2');
    expect(r.model.weights!['d']!.map((w) => [w.name, [...w.values]])).toEqual([['kernel', [1, 2]], ['bias', [3, 4]]]);
  });

  it('imports the topology alone from a model.json without weights', () => {
    const r = importModelFiles([{ name: 'model.json', bytes: json }], new Set());
    expect(r.ok && r.model.id === 'generator' && r.model.weights === null).toBe(true);
  });

  it('says so when no model.json was chosen', () => {
    const r = importModelFiles([{ name: 'weights.bin', bytes: bin }], new Set());
    expect(r.ok).toBe(false);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['import.noModelJson']);
    expect(r.diagnostics[0]!.message).toMatch(/None of the chosen files \(weights\.bin\) is a model\.json/);
  });

  it('free ids stay within 40 characters', () => {
    const long = 'm'.repeat(40);
    expect(freeModelId(long, new Set([long]))).toBe(`${'m'.repeat(38)}_2`);
    expect(freeModelId('a', new Set(['a', 'a_2']))).toBe('a_3');
  });
});
