// The packed form image datasets take on the device, and the batches gathered from it: the same
// values as the CPU-side path, bit for bit.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../spec';
import { hostImageBatch, imageBatch, packPixels, releaseDeviceCopy } from './batch';

describe('packPixels', () => {
  it('puts three bytes in each word, low byte first, and pads each image to whole words', () => {
    const pixels = Uint8Array.from([1, 2, 3, 4, 5, 250, 251, 252, 253, 254]);
    // two images of five pixels: two words each, the last one padded with zeros
    expect(Array.from(packPixels(pixels, 2, 5))).toEqual([1 | (2 << 8) | (3 << 16), 4 | (5 << 8), 250 | (251 << 8) | (252 << 16), 253 | (254 << 8)]);
  });
});

describe('imageBatch on the device', () => {
  it('equals the CPU-side batch for both normalisations, padded and unpadded samples', async () => {
    await tf.setBackend('cpu');
    for (const shape of [[4, 4, 1], [5, 5, 1], [2, 2, 3]] as const) {
      const sample = shape[0] * shape[1] * shape[2];
      const count = 9;
      const ds: Dataset = {
        name: 'test', count, shape: [...shape],
        pixels: Uint8Array.from({ length: count * sample }, (_, i) => (i * 37 + 11) % 256),
        labels: Uint8Array.from({ length: count }, (_, i) => i % 3),
      };
      for (const [norm, labels] of [['[-1,1]', 'one-hot'], ['[0,1]', 'class ids']] as const) {
        const indices = [8, 0, 3, 5];
        const dev = imageBatch(tf, ds, 3, indices, norm, labels);
        const host = hostImageBatch(tf, ds, 3, indices, norm, labels);
        expect(dev.x.shape).toEqual(host.x.shape);
        expect(Array.from(await dev.x.data())).toEqual(Array.from(await host.x.data()));
        expect([dev.label.dtype, host.label.dtype]).toEqual(labels === 'class ids' ? ['int32', 'int32'] : ['float32', 'float32']);
        expect(dev.label.shape).toEqual(labels === 'class ids' ? [4] : [4, 3]);
        expect(Array.from(await dev.label.data())).toEqual(Array.from(await host.label.data()));
        if (labels === 'class ids') expect(Array.from(await dev.label.data())).toEqual([2, 0, 0, 2]);
        tf.dispose([dev.x, dev.label, host.x, host.label]);
      }
      const before = tf.memory().numTensors;
      releaseDeviceCopy(ds);
      expect(tf.memory().numTensors).toBe(before - 4);
    }
  });
});
