// The .tlckpt file: what goes in comes out (weights byte for byte, the graph, the loss history with
// its NaNs), and anything else is refused with the coded message naming the file.
import { describe, expect, it } from 'vitest';
import { TEMPLATES } from '../../templates';
import { saveDocument } from '../graph/save';
import { encodeCheckpoint } from './checkpoint';
import type { StoredCheckpoint } from './checkpoint-idb';
import { packCheckpointFile, unpackCheckpointFile } from './checkpoint-file';
import { TensorloomError } from './errors';

const encoded = encodeCheckpoint({
  format: 'tensorloom-checkpoint', version: 1, step: 3, seed: 1, rng: [1, 2, 3, 4],
  tensors: [{ name: 'model/g/0/w', shape: [3], dtype: 'float32', data: new Float32Array([1.5, -2, 3e-8]) }],
});
const stored = (): StoredCheckpoint => ({
  fingerprint: 'abc', docName: '2-D GAN', step: 3, savedAt: 1700000000000, bytes: 12,
  graph: saveDocument(TEMPLATES[0]!.doc), header: encoded.header, body: encoded.body,
  history: { updates: [{ id: 'opt_D', name: 'D' }], steps: Float64Array.from([0, 1, 2]), losses: [Float32Array.from([0.5, NaN, 0.25])] },
});

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return e instanceof TensorloomError ? `${e.issue.code}: ${e.message}` : String(e);
  }
  return undefined;
}

describe('checkpoint files', () => {
  it('round-trips a stored checkpoint', () => {
    const c = stored();
    const back = unpackCheckpointFile(packCheckpointFile(c), 'x.tlckpt');
    expect(back).toMatchObject({ fingerprint: 'abc', docName: '2-D GAN', step: 3, savedAt: 1700000000000, bytes: 12, graph: c.graph, header: c.header });
    expect(Array.from(new Float32Array(back.body.buffer))).toEqual([1.5, -2, Math.fround(3e-8)]);
    expect(Array.from(back.history.steps)).toEqual([0, 1, 2]);
    expect(Array.from(back.history.losses[0]!)).toEqual([0.5, NaN, 0.25]);
    expect(back.history.updates).toEqual([{ id: 'opt_D', name: 'D' }]);
  });

  it('refuses what is not one, naming the file and saying why', () => {
    const good = packCheckpointFile(stored());
    const json = new TextEncoder().encode('{"format":"tensorloom-graph"}');
    expect(codeOf(() => unpackCheckpointFile(json, 'graph.json'))).toMatch(/^run\.checkpointFileInvalid: "graph\.json" .*does not start like one/);
    expect(codeOf(() => unpackCheckpointFile(good.slice(0, 100), 'cut.tlckpt'))).toMatch(/cut short/);
    const damaged = good.slice();
    damaged[20] = 0xff;
    expect(codeOf(() => unpackCheckpointFile(damaged, 'd.tlckpt'))).toMatch(/damaged/);
    // a description without the history
    const meta = new TextEncoder().encode(JSON.stringify({ format: 'tensorloom-checkpoint-file', fingerprint: 'a', step: 1, graph: '', header: '' }));
    const lacking = new Uint8Array(12 + meta.byteLength);
    lacking.set(new TextEncoder().encode('TLCKPT1\n'));
    new DataView(lacking.buffer).setUint32(8, meta.byteLength, true);
    lacking.set(meta, 12);
    expect(codeOf(() => unpackCheckpointFile(lacking, 'l.tlckpt'))).toMatch(/lacks parts/);
  });
});
