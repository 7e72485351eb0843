// The LeNet template learns on the WebAssembly backend: 150 iterations lift its test accuracy, as
// its Metric measures it, from chance to above 80%, and the training Metric follows.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { applyOverrides } from '../../src/graph/overrides';
import { loadDataset } from '../../src/runtime/datasets/node';
import { createSession, disposeSession } from '../../src/runtime/session';
import { readMetrics, train } from '../../src/runtime/trainer';
import { startNodeWasm } from '../../src/runtime/wasm/start-node';
import { template } from '../helpers/cpu-session';

beforeAll(async () => {
  await startNodeWasm(tf, 2);
});

describe('the LeNet template on wasm', () => {
  it('150 iterations on MNIST lift the test accuracy from chance to above 80%', async () => {
    await tf.setBackend('wasm');
    const set = [
      { node: 'train', param: 'batchSize', value: 32 },
      { node: 'test', param: 'batchSize', value: 250 },
      { node: 'test_metric', param: 'batches', value: 4 },
    ];
    const { doc, problems } = applyOverrides(template('lenet'), { set });
    expect(problems).toEqual([]);
    const s = await createSession(tf, doc, { seed: 1, loadDataset: (k) => loadDataset(k) });
    const before = await readMetrics(s);
    const r = await train(s, { steps: 150, metricsEvery: 50 });
    expect(r.status).toBe('done');
    const after = await readMetrics(s);
    expect(before['test_metric']).toBeLessThan(0.3);
    expect(after['test_metric']).toBeGreaterThan(0.8);
    expect(after['train_metric']).toBeGreaterThan(0.7);
    disposeSession(s);
  }, 120_000);
});
