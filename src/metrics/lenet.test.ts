// The committed classifier (assets/lenet) is real: it loads through the same code as the
// benchmark and classifies MNIST test digits it never trained on.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDataset } from '../runtime/datasets/node';
import { datasetPixels, range } from './images';
import { accuracy, buildLenet, lenetHeads, lenetOutputs, LENET_CLASSES, LENET_FEATURES } from './lenet';
import { loadModelDir, saveModelDir } from './lenet-files';

const COMMITTED = fileURLToPath(new URL('../../assets/lenet', import.meta.url));

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('LeNet classifier for FID-LeNet / IS-LeNet', () => {
  it('the committed weights classify the first 500 MNIST test images with >= 97% accuracy', async () => {
    const model = await loadModelDir(tf, COMMITTED);
    const heads = lenetHeads(tf, model);
    const test = await loadDataset('mnist-test');
    const idx = range(500);
    const out = await lenetOutputs(tf, heads, datasetPixels(test, idx), idx.length, 250);
    expect(out.features.length).toBe(500 * LENET_FEATURES);
    expect(out.probs.length).toBe(500 * LENET_CLASSES);
    for (let r = 0; r < 500; r += 97) expect(out.probs.subarray(r * 10, r * 10 + 10).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    expect(accuracy(out.probs, idx.map((i) => test.labels[i]!))).toBeGreaterThanOrEqual(0.97);
    model.dispose();
  });

  it('saves to model.json + weights.bin and loads back the same weights', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'lenet-'));
    try {
      const model = buildLenet(tf, 7);
      await saveModelDir(tf, model, dir);
      const back = await loadModelDir(tf, dir);
      const a = model.getWeights(), b = back.getWeights();
      expect(b.length).toBe(a.length);
      a.forEach((w, i) => expect(b[i]!.dataSync()).toEqual(w.dataSync()));
      model.dispose();
      back.dispose();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
