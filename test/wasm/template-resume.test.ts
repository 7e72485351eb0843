// Resume is bit-exact for every template on the WebAssembly backend: three iterations, a checkpoint
// (encoded and decoded as the CLI and the browser store it), restored into a fresh session made
// with another seed, then three more iterations give the very losses of six iterations straight.
// Dropout masks, data draws, noise, diffusion timesteps and Adam's state all come back.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { applyOverrides } from '../../src/graph/overrides';
import { captureCheckpoint, decodeCheckpoint, encodeCheckpoint, restoreCheckpoint } from '../../src/runtime/checkpoint';
import { loadDataset } from '../../src/runtime/datasets/node';
import { createSession, disposeSession, type Session } from '../../src/runtime/session';
import { train, type StepMetrics } from '../../src/runtime/trainer';
import { startNodeWasm } from '../../src/runtime/wasm/start-node';
import { TEMPLATES } from '../../templates';
import { CPU_RECIPES, DEFAULT_RECIPE, narrowedDdpm } from '../templates/cpu-recipes';

beforeAll(async () => {
  await startNodeWasm(tf, 2);
  await tf.setBackend('wasm');
});

async function session(templateId: string, seed: number): Promise<Session> {
  const base = TEMPLATES.find((t) => t.id === templateId)!.doc;
  const recipe = CPU_RECIPES[templateId] ?? (templateId === 'ddpm-unet' ? { batchSize: 2, set: narrowedDdpm(base) } : DEFAULT_RECIPE);
  const { doc } = applyOverrides(base, { batchSize: recipe.batchSize, set: recipe.set });
  return createSession(tf, doc, { seed, loadDataset: (k) => loadDataset(k) });
}

async function losses(s: Session, steps: number): Promise<StepMetrics[]> {
  const seen: StepMetrics[] = [];
  await train(s, { steps, metricsEvery: 1, onMetrics: (m) => void seen.push(...m) });
  return seen;
}

describe('resume on wasm', () => {
  it.each(TEMPLATES.map((t) => [t.id] as const))('%s: the same losses as without the stop', async (id) => {
    const straight = await session(id, 7);
    const reference = await losses(straight, 6);
    disposeSession(straight);

    const first = await session(id, 7);
    await losses(first, 3);
    const { header, body } = encodeCheckpoint(await captureCheckpoint(first));
    disposeSession(first);
    const resumed = await session(id, 1234);
    await restoreCheckpoint(resumed, decodeCheckpoint(header, body));
    const after = await losses(resumed, 3);
    disposeSession(resumed);
    expect(after.map((m) => m.step)).toEqual([3, 4, 5]);
    expect(after.map((m) => ({ losses: m.losses, metrics: m.metrics }))).toEqual(reference.slice(3).map((m) => ({ losses: m.losses, metrics: m.metrics })));
  });
});
