import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { TensorloomError } from '../../src/runtime/errors';
import { codeOf, infer, makeEnv, paramsOf } from '../losses/test-support';
import type { Dataset } from '../spec';
import fashionMnist from './fashion-mnist';
import mnist from './mnist';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const COUNT = 40;
/** A stand-in for MNIST: sample i has first pixel i (its id), second 0, third 255; label i % 10. */
function fakeDataset(name: string, count = COUNT): Dataset {
  const pixels = new Uint8Array(count * 784).fill(128);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    pixels[i * 784] = i;
    pixels[i * 784 + 1] = 0;
    pixels[i * 784 + 2] = 255;
    labels[i] = i % 10;
  }
  return { name, count, shape: [28, 28, 1], pixels, labels };
}

function draw(spec: typeof mnist, stored: Record<string, unknown>, seed = 1, datasets = { 'mnist-train': fakeDataset('mnist-train'), 'mnist-test': fakeDataset('mnist-test') }) {
  const p = paramsOf(spec, stored);
  const out = tf.tidy(() => spec.run({}, p, makeEnv(tf, seed, datasets)));
  const x = out.x!, label = out.label!;
  const read = { xShape: x.shape, labelShape: label.shape, x: Array.from(x.dataSync()), label: Array.from(label.dataSync()) };
  tf.dispose([x, label]);
  return read;
}

describe('data.mnist', () => {
  it('gives images [b, 28, 28, 1] and one-hot labels [b, 10], as inferShape says', () => {
    const r = draw(mnist, { batchSize: 6, labels: 'one-hot' });
    expect(r.xShape).toEqual([6, 28, 28, 1]);
    expect(r.labelShape).toEqual([6, 10]);
    expect(infer(mnist, {}, { batchSize: 6, labels: 'one-hot' })).toEqual({ ok: true, outputs: { x: [6, 28, 28, 1], label: [6, 10] } });
  });

  it('gives int32 class ids [b] by default, each its own image\'s class', () => {
    const p = paramsOf(mnist, { batchSize: 12, normalize: '[0,1]' });
    const out = tf.tidy(() => mnist.run({}, p, makeEnv(tf, 1, { 'mnist-train': fakeDataset('mnist-train') })));
    expect(out.label!.dtype).toBe('int32');
    expect(mnist.outputs(p, { models: {} }).find((o) => o.name === 'label')?.dtype).toBe('int32');
    const x = out.x!.dataSync(), ids = Array.from(out.label!.dataSync());
    expect(ids).toEqual(Array.from({ length: 12 }, (_, row) => Math.round(x[row * 784]! * 255) % 10));
    expect(infer(mnist, {}, { batchSize: 12 })).toEqual({ ok: true, outputs: { x: [12, 28, 28, 1], label: [12] } });
    tf.dispose([out.x!, out.label!]);
  });

  it('keeps a saved version-1 node\'s one-hot labels', () => {
    expect(mnist.migrate?.(1, { batchSize: 8 })).toEqual({ batchSize: 8, labels: 'one-hot' });
  });

  it.each([
    ['[-1,1]', -1, 1, (v: number) => v / 127.5 - 1],
    ['[0,1]', 0, 1, (v: number) => v / 255],
  ] as const)('normalises to %s', (normalize, lo, hi, f) => {
    const r = draw(mnist, { batchSize: 8, normalize });
    expect(Math.min(...r.x)).toBeCloseTo(lo, 6);
    expect(Math.max(...r.x)).toBeCloseTo(hi, 6);
    for (let row = 0; row < 8; row++) {
      expect(r.x[row * 784 + 1]).toBeCloseTo(lo, 6);
      expect(r.x[row * 784 + 2]).toBeCloseTo(hi, 6);
      expect(r.x[row * 784 + 3]).toBeCloseTo(f(128), 6);
    }
  });

  it('labels each image with its own class, one-hot', () => {
    const r = draw(mnist, { batchSize: 16, normalize: '[0,1]', labels: 'one-hot' });
    for (let row = 0; row < 16; row++) {
      const id = Math.round(r.x[row * 784]! * 255);
      const oneHot = r.label.slice(row * 10, row * 10 + 10);
      expect(oneHot.reduce((a, b) => a + b, 0)).toBe(1);
      expect(oneHot.indexOf(1)).toBe(id % 10);
    }
  });

  it('draws distinct samples at random: same seed, same batch; other seed, other batch', () => {
    const ids = (seed: number) => {
      const r = draw(mnist, { batchSize: 20, normalize: '[0,1]' }, seed);
      return Array.from({ length: 20 }, (_, row) => Math.round(r.x[row * 784]! * 255));
    };
    const a = ids(3);
    expect(ids(3)).toEqual(a);
    expect(ids(4)).not.toEqual(a);
    expect(new Set(a).size).toBe(20);
  });

  it('asks for the dataset of its split', () => {
    expect(mnist.datasets?.(paramsOf(mnist))).toEqual(['mnist-train']);
    expect(mnist.datasets?.(paramsOf(mnist, { split: 'test' }))).toEqual(['mnist-test']);
    expect(fashionMnist.datasets?.(paramsOf(fashionMnist, { split: 'test' }))).toEqual(['fashion-mnist-test']);
  });

  it('rejects a dataset whose samples are not 28×28×1', () => {
    const wrong: Dataset = { name: 'mnist-train', count: 2, shape: [32, 32, 3], pixels: new Uint8Array(2 * 3072), labels: new Uint8Array(2) };
    try {
      draw(mnist, { batchSize: 1 }, 1, { 'mnist-train': wrong, 'mnist-test': wrong });
      expect.unreachable();
    } catch (e) {
      expect(e instanceof TensorloomError && e.issue.code).toBe('run.datasetCorrupt');
    }
  });

  it('draws with repeats only when the batch is larger than the dataset', () => {
    const r = draw(mnist, { batchSize: 12, normalize: '[0,1]' }, 1, { 'mnist-train': fakeDataset('mnist-train', 5), 'mnist-test': fakeDataset('mnist-test', 5) });
    expect(r.xShape).toEqual([12, 28, 28, 1]);
  });

  it('has no inputs and no way to fail shape inference', () => {
    expect(codeOf(infer(fashionMnist, {}, { batchSize: 1 }))).toBeUndefined();
    expect(mnist.inputs(paramsOf(mnist), { models: {} })).toEqual([]);
  });
});
