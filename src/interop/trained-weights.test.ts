// The shipped trained-weights file: values come back as their nearest float16, every size is
// checked, and a cut or altered file is refused with the reason.
import { describe, expect, it } from 'vitest';
import { float16ToFloat32, float32ToFloat16 } from './float16';
import { decodeTrainedWeights, encodeTrainedWeights, type TrainedWeights } from './trained-weights';

const trained = (): TrainedWeights => ({
  info: { template: 'vae-mlp', steps: 5000, batch: 128, seed: 1, command: 'train it' },
  models: {
    decoder: { fingerprint: 'abc', weights: { h: [{ name: 'kernel', shape: [2, 3], values: Float32Array.of(0.1, -2, 3.14159, 0, 1e-5, 70000) }, { name: 'bias', shape: [3], values: Float32Array.of(1, 2, 3) }] } },
    encoder: { fingerprint: 'def', weights: { mu: [{ name: 'kernel', shape: [1, 1], values: Float32Array.of(-0.5) }] } },
  },
});

describe('trained weights', () => {
  it('round-trip: the info, the fingerprints, and every value as its nearest float16', () => {
    const t = trained();
    const bytes = encodeTrainedWeights(t);
    const back = decodeTrainedWeights(bytes);
    expect(back.ok).toBe(true);
    if (!back.ok) return;
    expect(back.value.info).toEqual(t.info);
    expect(Object.keys(back.value.models)).toEqual(['decoder', 'encoder']);
    expect(back.value.models['decoder']!.fingerprint).toBe('abc');
    const kernel = back.value.models['decoder']!.weights['h']![0]!;
    expect(kernel.shape).toEqual([2, 3]);
    expect([...kernel.values]).toEqual([...t.models['decoder']!.weights['h']![0]!.values].map((v) => float16ToFloat32(float32ToFloat16(v))));
    expect(bytes.length).toBeLessThan(8 + 400 + 2 * 10 + 2); // two bytes a value
  });

  it('refuses a cut file, a longer one, another format and a header that lists no models', () => {
    const bytes = encodeTrainedWeights(trained());
    expect(decodeTrainedWeights(bytes.subarray(0, bytes.length - 2))).toMatchObject({ ok: false, detail: expect.stringMatching(/describes 20 bytes of values, the file holds 18/) });
    expect(decodeTrainedWeights(new Uint8Array([...bytes, 0, 0])).ok).toBe(false);
    expect(decodeTrainedWeights(new TextEncoder().encode('TLW1xxxx'))).toMatchObject({ ok: false, detail: 'not a trained-weights file' });
    const head = new TextEncoder().encode(JSON.stringify({ info: trained().info, models: 'none' }));
    const bad = new Uint8Array(8 + head.length);
    bad.set(new TextEncoder().encode('TLT1'));
    new DataView(bad.buffer).setUint32(4, head.length, true);
    bad.set(head, 8);
    expect(decodeTrainedWeights(bad)).toMatchObject({ ok: false, detail: 'the header does not describe models and their weights' });
  });
});
