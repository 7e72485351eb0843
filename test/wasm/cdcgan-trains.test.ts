// The conditional DCGAN template trains on the WebAssembly backend: 200 iterations at the narrowed
// widths of the CPU template tests, with finite losses for both updates, and its preview of one
// row per digit made from the labels 0-9.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { applyOverrides } from '../../src/graph/overrides';
import { loadDataset } from '../../src/runtime/datasets/node';
import { createSession, disposeSession } from '../../src/runtime/session';
import { readPreviews, train, type StepMetrics } from '../../src/runtime/trainer';
import { startNodeWasm } from '../../src/runtime/wasm/start-node';
import { template } from '../helpers/cpu-session';
import { CPU_RECIPES } from '../templates/cpu-recipes';

beforeAll(async () => {
  await startNodeWasm(tf, 2);
});

describe('the conditional DCGAN template on wasm', () => {
  it('200 iterations: finite losses for D and G, and a preview row per digit', async () => {
    await tf.setBackend('wasm');
    const narrowed = applyOverrides(template('cdcgan'), { set: CPU_RECIPES['cdcgan']!.set }).doc;
    const { doc, problems } = applyOverrides(narrowed, { batchSize: 16 });
    expect(problems).toEqual([]);
    const s = await createSession(tf, doc, { seed: 2, loadDataset: (k) => loadDataset(k) });
    const rows: StepMetrics[] = [];
    const r = await train(s, { steps: 200, metricsEvery: 50, onMetrics: (m) => void rows.push(...m) });
    expect(r.status).toBe('done');
    expect(rows).toHaveLength(200);
    expect(rows.every((m) => Object.keys(m.losses).sort().join() === 'D,G' && Object.values(m.losses).every(Number.isFinite))).toBe(true);
    const grid = (await readPreviews(s, new Set(['samples'])))[0]!;
    expect(grid.values['image']!.shape).toEqual([100, 28, 28, 1]);
    expect(grid.values['image']!.data.every(Number.isFinite)).toBe(true);
    disposeSession(s);
  }, 180_000);
});
