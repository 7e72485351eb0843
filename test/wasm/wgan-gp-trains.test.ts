// The WGAN-GP template trains on the WebAssembly backend: 200 iterations (1,000 critic updates
// through the gradient penalty's second derivatives) with finite losses and the penalty charted by
// its Metric. (Whether it finds the ring takes about 1,000 iterations more: the README's table of
// 2,000-iteration runs against its PyTorch twin.)
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { applyOverrides } from '../../src/graph/overrides';
import { loadDataset } from '../../src/runtime/datasets/node';
import { createSession, disposeSession } from '../../src/runtime/session';
import { readPreviews, train, type StepMetrics } from '../../src/runtime/trainer';
import { startNodeWasm } from '../../src/runtime/wasm/start-node';
import { template } from '../helpers/cpu-session';

beforeAll(async () => {
  await startNodeWasm(tf, 2);
});

describe('the WGAN-GP template on wasm', () => {
  it('200 iterations: finite losses for D and G, the penalty charted, finite generated points', async () => {
    await tf.setBackend('wasm');
    const s = await createSession(tf, applyOverrides(template('wgan-gp-2d'), { batchSize: 64 }).doc, { seed: 1, loadDataset: (k) => loadDataset(k) });
    const rows: StepMetrics[] = [];
    const r = await train(s, { steps: 200, metricsEvery: 20, onMetrics: (m) => void rows.push(...m) });
    expect(r.status).toBe('done');
    expect(rows.filter((m) => Object.keys(m.losses).sort().join() === 'D,G')).toHaveLength(200);
    expect(rows.every((m) => Object.values(m.losses).every(Number.isFinite))).toBe(true);
    const penalties = rows.filter((m) => m.metrics).map((m) => m.metrics!['gp_metric']!);
    expect(penalties).toHaveLength(20);
    expect(penalties.every((v) => Number.isFinite(v) && v >= 0)).toBe(true);
    const points = (await readPreviews(s)).find((f) => f.id === 'fake_points')!.values['points']!;
    expect(points.shape).toEqual([64, 2]);
    expect(points.data.every(Number.isFinite)).toBe(true);
    disposeSession(s);
  }, 120_000);
});
