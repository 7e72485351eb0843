// The copy kernels on wasm (GatherV2, Concat, Pack, SplitV: src/runtime/wasm-kernels/copy-kernels.ts)
// give exactly the CPU backend's values, for every axis, several dtypes and uneven parts, and
// gather refuses an index out of range with tfjs's own message.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { startNodeWasm } from '../../src/runtime/wasm/start-node';

beforeAll(async () => {
  await startNodeWasm(tf, 2);
});

type Make = () => tf.Tensor | tf.Tensor[];

async function onBoth(make: Make): Promise<{ cpu: unknown[]; wasm: unknown[]; shapes: [number[][], number[][]]; dtypes: [string[], string[]] }> {
  const run = async (backend: string) => {
    await tf.setBackend(backend);
    const out = make();
    const outs = Array.isArray(out) ? out : [out];
    const values = await Promise.all(outs.map(async (t) => Array.from(await t.data())));
    const meta = { shapes: outs.map((t) => t.shape), dtypes: outs.map((t) => t.dtype as string) };
    tf.dispose(outs);
    return { values, ...meta };
  };
  const c = await run('cpu');
  const w = await run('wasm');
  return { cpu: c.values, wasm: w.values, shapes: [c.shapes, w.shapes], dtypes: [c.dtypes, w.dtypes] };
}

async function expectSame(make: Make): Promise<void> {
  const r = await onBoth(make);
  expect(r.shapes[1]).toEqual(r.shapes[0]);
  expect(r.dtypes[1]).toEqual(r.dtypes[0]);
  expect(r.wasm).toEqual(r.cpu);
}

const counting = (shape: number[], dtype: 'float32' | 'int32' = 'float32', from = 0) =>
  tf.tensor(Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => from + i * 0.5 - 3), shape, dtype === 'int32' ? 'float32' : dtype).cast(dtype);

describe('copy kernels on wasm', () => {
  const x = [4, 5, 3, 2];
  for (let axis = 0; axis < 4; axis++) {
    it(`GatherV2 along axis ${axis}, indices repeated and out of order, of rank 1 and 2`, async () => {
      const idx1 = [x[axis]! - 1, 0, 1, 0];
      await expectSame(() => tf.gather(counting(x), tf.tensor1d(idx1, 'int32'), axis));
      await expectSame(() => tf.gather(counting(x, 'int32'), tf.tensor2d([idx1.slice(0, 2), idx1.slice(2)], [2, 2], 'int32'), axis));
    });
  }

  it('GatherV2 of booleans and of a lookup table (one value per index)', async () => {
    await expectSame(() => tf.gather(tf.tensor1d([true, false, true], 'bool'), tf.tensor1d([2, 1, 1, 0], 'int32')));
    const indices = Array.from({ length: 1000 }, (_, i) => (i * 37) % 256);
    await expectSame(() => tf.gather(counting([256]), tf.tensor1d(indices, 'int32')));
  });

  it('GatherV2 refuses an index out of range with tfjs\'s message and keeps no tensor', async () => {
    await tf.setBackend('wasm');
    const t = counting([3, 2]);
    const before = tf.memory().numTensors;
    expect(() => tf.gather(t, tf.tensor1d([0, 3], 'int32'))).toThrow('GatherV2: the index value 3 is not in [0, 2]');
    expect(() => tf.gather(t, tf.tensor1d([-1], 'int32'))).toThrow('GatherV2: the index value -1 is not in [0, 2]');
    expect(tf.memory().numTensors - before).toBeLessThanOrEqual(2);
    t.dispose();
  });

  for (let axis = 0; axis < 4; axis++) {
    it(`Concat along axis ${axis} of three parts of different sizes, and Pack along axis ${axis}`, async () => {
      const shapes = [1, 2, 3].map((n) => x.map((d, i) => (i === axis ? n : d)));
      await expectSame(() => tf.concat(shapes.map((s, i) => counting(s, 'float32', 100 * i)), axis));
      await expectSame(() => tf.concat(shapes.map((s, i) => counting(s, 'int32', 100 * i)), axis - 4));
      await expectSame(() => tf.stack([0, 1, 2].map((i) => counting(x, 'int32', 10 * i)), axis));
    });
  }

  it('Pack along the new last axis and Concat of booleans', async () => {
    await expectSame(() => tf.stack([counting([7, 5]), counting([7, 5], 'float32', 9)], 2));
    await expectSame(() => tf.concat([tf.tensor2d([[true], [false]], [2, 1], 'bool'), tf.tensor2d([[false, false], [true, true]], [2, 2], 'bool')], 1));
  });

  for (let axis = 0; axis < 4; axis++) {
    it(`SplitV along axis ${axis}: equal parts and sizes with -1`, async () => {
      const dim = [6, 5, 3, 2].map((d, i) => (i === axis ? 6 : d));
      await expectSame(() => tf.split(counting(dim), 3, axis));
      await expectSame(() => tf.split(counting(dim, 'int32'), [1, -1, 2], axis));
    });
  }

  it('the gradient of a concatenation (SplitV) and of a gather (through the CPU-equal forward)', async () => {
    await expectSame(() => {
      const a = counting([2, 3, 4]), b = counting([2, 3, 2], 'float32', 5);
      const w = counting([2, 3, 6], 'float32', 7);
      return tf.grads((p: tf.Tensor, q: tf.Tensor) => tf.sum(tf.mul(tf.concat([p, q], 2), w)))([a, b]);
    });
  });
});
