// The WGAN-GP template trains on the WebAssembly backend: 200 iterations (1,000 critic updates
// through the gradient penalty's second derivatives) with finite losses, the penalty charted by
// its Metric, and the generated points drawn towards the ring.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { applyOverrides } from '../../src/graph/overrides';
import { loadDataset } from '../../src/runtime/datasets/node';
import { createSession, disposeSession, type Session } from '../../src/runtime/session';
import { readPreviews, train, type StepMetrics } from '../../src/runtime/trainer';
import { startNodeWasm } from '../../src/runtime/wasm/start-node';
import { template } from '../helpers/cpu-session';

beforeAll(async () => {
  await startNodeWasm(tf, 2);
});

/** Mean distance of the generated points from the ring of radius 2 the data lies on. */
async function ringError(s: Session): Promise<number> {
  const p = (await readPreviews(s)).find((f) => f.id === 'fake_points')!.values.points!.data;
  let sum = 0;
  for (let i = 0; i < p.length; i += 2) sum += Math.abs(Math.hypot(p[i]!, p[i + 1]!) - 2);
  return sum / (p.length / 2);
}

describe('the WGAN-GP template on wasm', () => {
  it('200 iterations: finite losses, the penalty charted, points drawn towards the ring', async () => {
    await tf.setBackend('wasm');
    const s = await createSession(tf, applyOverrides(template('wgan-gp-2d'), { batchSize: 64 }).doc, { seed: 1, loadDataset: (k) => loadDataset(k) });
    const before = await ringError(s);
    const rows: StepMetrics[] = [];
    const r = await train(s, { steps: 200, metricsEvery: 20, onMetrics: (m) => void rows.push(...m) });
    expect(r.status).toBe('done');
    expect(rows.filter((m) => Object.keys(m.losses).length > 0)).toHaveLength(200);
    expect(rows.every((m) => Object.values(m.losses).every(Number.isFinite))).toBe(true);
    const penalties = rows.filter((m) => m.metrics).map((m) => m.metrics!['gp_metric']!);
    expect(penalties).toHaveLength(20);
    expect(penalties.every((v) => Number.isFinite(v) && v >= 0)).toBe(true);
    const after = await ringError(s);
    expect(after).toBeLessThan(before * 0.9);
    disposeSession(s);
  }, 120_000);
});
