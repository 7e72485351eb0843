// UnsortedSegmentSum on wasm (the product's, tfjs has none there) equals tfjs's CPU kernel, ids
// outside the segments dropped, and an Embedding's gradient through it equals the CPU's.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerProductKernels } from '../../src/runtime/kernels/register';
import { startNodeWasm } from '../../src/runtime/wasm/start-node';
import { values } from './helpers';

beforeAll(async () => {
  await startNodeWasm(tf, 2);
  registerProductKernels(tf, 'wasm');
});

async function on(backend: 'cpu' | 'wasm', f: () => tf.Tensor): Promise<{ shape: number[]; data: number[] }> {
  await tf.setBackend(backend);
  const t = f();
  const out = { shape: t.shape.slice(), data: Array.from(await t.data()) };
  t.dispose();
  return out;
}

describe('UnsortedSegmentSum on wasm', () => {
  it.each([
    [[6, 4], [2, 0, 2, -1, 5, 1], 4],
    [[5, 2, 3], [0, 0, 0, 1, 1], 2],
    [[4], [3, 3, 1, 0], 5],
  ])('x %j, ids %j into %i segments: as on the CPU', async (shape, ids, segments) => {
    const f = () => tf.unsortedSegmentSum(tf.tensor(values(shape.reduce((a, b) => a * b, 1), 7), shape), tf.tensor1d(ids, 'int32'), segments);
    const cpu = await on('cpu', f);
    const wasm = await on('wasm', f);
    expect(wasm.shape).toEqual(cpu.shape);
    wasm.data.forEach((v, i) => expect(v).toBeCloseTo(cpu.data[i]!, 5));
  });

  it('is what an Embedding table\'s gradient goes through: the same as on the CPU', async () => {
    const f = () => {
      const table = tf.tensor2d(values(10 * 3, 2), [10, 3]);
      const ids = tf.tensor1d([4, 1, 4, 9], 'int32');
      return tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.gather(t, ids), tf.tensor2d(values(12, 3), [4, 3]))))(table);
    };
    const cpu = await on('cpu', f);
    const wasm = await on('wasm', f);
    wasm.data.forEach((v, i) => expect(v).toBeCloseTo(cpu.data[i]!, 5));
    expect(cpu.data.slice(0, 3)).toEqual([0, 0, 0]);
  });
});
