// Every template trains on the WebAssembly backend (threaded SIMD build, the product's kernels)
// to the losses of tfjs's CPU backend: five iterations from the same seed and data, at the
// narrowed widths of the CPU template tests (test/templates/cpu-recipes.ts), and a preview runs.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { applyOverrides } from '../../src/graph/overrides';
import { loadDataset } from '../../src/runtime/datasets/node';
import { createSession, disposeSession } from '../../src/runtime/session';
import { readPreviews, train, type StepMetrics } from '../../src/runtime/trainer';
import { startNodeWasm } from '../../src/runtime/wasm/start-node';
import { TEMPLATES } from '../../templates';
import { CPU_RECIPES, DEFAULT_RECIPE, narrowedDdpm } from '../templates/cpu-recipes';

/**
 * Relative tolerance on each loss after up to five Adam steps: float32 sums in other orders, the
 * SIMD exp of swish (within 2e-7 of the exact value) and XNNPACK's sigmoid and tanh. Seen: below
 * 2e-5 for every template.
 */
const TOLERANCE = 1e-4;
const STEPS = 5;

beforeAll(async () => {
  await startNodeWasm(tf, 2);
});

async function run(backend: 'cpu' | 'wasm', templateId: string): Promise<{ metrics: StepMetrics[]; previews: number }> {
  await tf.setBackend(backend);
  const base = TEMPLATES.find((t) => t.id === templateId)!.doc;
  const recipe = CPU_RECIPES[templateId] ?? (templateId === 'ddpm-unet' ? { batchSize: 2, set: narrowedDdpm(base) } : DEFAULT_RECIPE);
  const { doc } = applyOverrides(base, { batchSize: recipe.batchSize, set: recipe.set });
  const s = await createSession(tf, doc, { seed: 5, loadDataset: (k) => loadDataset(k) });
  const metrics: StepMetrics[] = [];
  await train(s, { steps: STEPS, metricsEvery: 1, onMetrics: (m) => void metrics.push(...m) });
  // the DDPM sampler previews run the model once per timestep: the cheapest one is enough here
  const previews = await readPreviews(s, new Set(s.program.previews.slice(0, 1).map((p) => p.id)));
  const finite = previews.every((f) => Object.values(f.values).every((v) => v.data.every(Number.isFinite)));
  disposeSession(s);
  return { metrics, previews: finite ? previews.length : -1 };
}

describe('templates on wasm', () => {
  it.each(TEMPLATES.map((t) => [t.id] as const))('%s trains to the CPU backend\'s losses', async (id) => {
    const cpu = await run('cpu', id);
    const wasm = await run('wasm', id);
    expect(wasm.metrics.map((m) => m.step)).toEqual(cpu.metrics.map((m) => m.step));
    expect(wasm.previews).toBe(cpu.previews);
    cpu.metrics.forEach((m, i) => {
      for (const [name, v] of Object.entries(m.losses)) {
        const w = wasm.metrics[i]!.losses[name]!;
        expect(Math.abs(w - v) / Math.max(1, Math.abs(v)), `step ${m.step} ${name}: cpu ${v} wasm ${w}`).toBeLessThan(TOLERANCE);
      }
    });
  });
});
