import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { TensorloomError } from '../../src/runtime/errors';
import { codeOf, infer, makeEnv, paramsOf } from '../losses/test-support';
import type { Dataset } from '../spec';
import images from './image-folder';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** `count` samples of side × side × c; sample i is filled with the value i. */
function folder(count: number, side: number, c: number): Dataset {
  const sample = side * side * c;
  const pixels = new Uint8Array(count * sample);
  for (let i = 0; i < count; i++) pixels.fill(i, i * sample, (i + 1) * sample);
  return { name: 'f', count, shape: [side, side, c], pixels, labels: new Uint8Array(count) };
}

describe('data.images', () => {
  it('infers [batch, size, size, channels] from its params', () => {
    expect(infer(images, {}, {})).toEqual({ ok: true, outputs: { x: [32, 32, 32, 3] } });
    expect(infer(images, {}, { batchSize: 8, size: 28, color: 'grayscale' })).toEqual({ ok: true, outputs: { x: [8, 28, 28, 1] } });
    expect(infer(images, {}, { batchSize: 2, size: 64, color: 'rgb' })).toEqual({ ok: true, outputs: { x: [2, 64, 64, 3] } });
  });

  it('needs a dataset name, and says where to type one', () => {
    expect(codeOf(infer(images, {}, { dataset: '  ' }))).toBe('images.noName');
  });

  it('asks for its folder under a key that carries the size and channels', () => {
    expect(images.datasets?.(paramsOf(images, { dataset: 'cats', size: 28, color: 'grayscale' }))).toEqual(['image-folder:28x28x1:cats']);
    expect(images.datasets?.(paramsOf(images, { dataset: ' cats ' }))).toEqual(['image-folder:32x32x3:cats']);
  });

  it('draws a batch of the stored pictures, normalised, with the shape it inferred', () => {
    const p = paramsOf(images, { dataset: 'cats', size: 4, color: 'grayscale', batchSize: 3, normalize: '[0,1]' });
    const env = makeEnv(tf, 1, { 'image-folder:4x4x1:cats': folder(5, 4, 1) });
    const before = tf.memory().numTensors;
    const x = tf.tidy(() => images.run({}, p, env).x!);
    // the batch, and the dataset's copy on the device (packed pixels, labels, lookup table) kept
    // for the next batches; the unused labels are not kept
    expect(tf.memory().numTensors).toBe(before + 4);
    tf.tidy(() => images.run({}, p, env).x!).dispose();
    expect(tf.memory().numTensors).toBe(before + 4);
    expect(x.shape).toEqual([3, 4, 4, 1]);
    const v = Array.from(x.dataSync());
    x.dispose();
    const ids = [0, 1, 2].map((row) => Math.round(v[row * 16]! * 255));
    expect(new Set(ids).size).toBe(3);
    for (const [row, id] of ids.entries()) expect(v.slice(row * 16, row * 16 + 16).every((y) => Math.abs(y - id / 255) < 1e-6)).toBe(true);
  });

  it('refuses pictures stored at another size, saying to choose the folder again', () => {
    const p = paramsOf(images, { dataset: 'cats', size: 4, color: 'rgb', batchSize: 1 });
    try {
      images.run({}, p, makeEnv(tf, 1, { 'image-folder:4x4x3:cats': folder(2, 8, 3) }));
      expect.unreachable();
    } catch (e) {
      expect(e instanceof TensorloomError && e.issue.code).toBe('images.sizeChanged');
      expect((e as Error).message).toMatch(/read as 8×8 RGB, .* asks for 4×4 RGB\. Press "Choose folder…" again/);
    }
  });
});
