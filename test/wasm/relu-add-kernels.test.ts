// Relu and Add on wasm's single-thread SIMD kernels (src/runtime/wasm-kernels/kernels.ts) give the
// CPU backend's values exactly, for every broadcast they take and the ones they pass to tfjs.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { startNodeWasm } from '../../src/runtime/wasm/start-node';

beforeAll(async () => {
  await startNodeWasm(tf, 2);
});

async function onBoth(make: () => tf.Tensor): Promise<[{ shape: number[]; values: number[] }, { shape: number[]; values: number[] }]> {
  const run = async (backend: string) => {
    await tf.setBackend(backend);
    const t = make();
    const r = { shape: t.shape, values: Array.from(await t.data()) };
    t.dispose();
    return r;
  };
  return [await run('cpu'), await run('wasm')];
}

const values = (shape: number[], seed: number) => tf.randomUniform(shape, -3, 3, 'float32', seed);

describe('Relu and Add on wasm', () => {
  it('Relu keeps NaN, zeroes negatives and -0, on lengths that are and are not multiples of four', async () => {
    for (const n of [1, 7, 64, 1001]) {
      const [cpu, wasm] = await onBoth(() => tf.relu(tf.concat([values([n], n), tf.tensor1d([NaN, -0.5, 0, -0, 2])])));
      expect(wasm).toEqual(cpu);
    }
  });

  const cases: [number[], number[]][] = [
    [[5, 7], [5, 7]], [[128, 64], [64]], [[64], [128, 64]], [[3, 4, 6], [1, 6]], [[2, 5], [1]], [[2, 5], []],
    [[1, 5], [5]], [[5], [1, 1, 5]], [[2, 3, 4], [3, 1]], [[2, 1, 4], [3, 4]],
    // past POOL_MIN_VALUES: on the kernel threads, by rows or (equal shapes) by values
    [[70, 1001], [1001]], [[3, 40001], [3, 40001]], [[40001], [40001]], [[7, 9000], [1, 9000]],
  ];
  for (const [a, b] of cases) {
    it(`Add [${a}] + [${b}]`, async () => {
      const [cpu, wasm] = await onBoth(() => tf.add(values(a, 1), b.length ? values(b, 2) : tf.scalar(0.25)));
      expect(wasm).toEqual(cpu);
    });
  }

  it('Add of integers stays integer', async () => {
    const [cpu, wasm] = await onBoth(() => tf.add(tf.tensor1d([1, 2, 3], 'int32'), tf.tensor1d([4, 5, 6], 'int32')));
    expect(wasm).toEqual(cpu);
  });
});
