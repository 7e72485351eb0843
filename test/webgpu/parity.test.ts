// The WebGPU path in Node (Dawn; SwiftShader's software Vulkan where there is no GPU) computes the
// same losses as the CPU backend on the same small graph, seed and data.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { applyOverrides } from '../../src/graph/overrides';
import { selectNodeBackend } from '../../src/runtime/backend-node';
import { loadDataset } from '../../src/runtime/datasets/node';
import { createSession, disposeSession } from '../../src/runtime/session';
import { train, type StepMetrics } from '../../src/runtime/trainer';
import { TEMPLATES } from '../../templates';
import { CPU_RECIPES } from '../templates/cpu-recipes';

/**
 * Relative tolerance: float32 sums in another order on another device, over 5 Adam steps. Seen on
 * SwiftShader: agreement to about 1e-7; the bound leaves room for real GPUs' fused multiply-adds.
 */
const TOLERANCE = 1e-4;

async function run(backend: 'cpu' | 'webgpu', templateId: string, batchSize: number, steps: number): Promise<StepMetrics[]> {
  if (backend === 'cpu') await tf.setBackend('cpu');
  else await selectNodeBackend(tf, 'webgpu');
  // the convolutional templates at the narrowed widths of the CPU template tests
  const { doc } = applyOverrides(TEMPLATES.find((t) => t.id === templateId)!.doc, { batchSize, set: CPU_RECIPES[templateId]?.set ?? [] });
  const s = await createSession(tf, doc, { seed: 5, loadDataset: (k) => loadDataset(k) });
  const out: StepMetrics[] = [];
  await train(s, { steps, metricsEvery: steps, onMetrics: (m) => void out.push(...m) });
  disposeSession(s);
  return out;
}

describe('WebGPU backend in Node', () => {
  // DCGAN: BatchNorm, dropout and two Adams, each on its fused WebGPU path
  it('matches the CPU backend on the 2-D GAN, the MLP VAE and a narrowed DCGAN', async () => {
    const cases = [['gan-2d', 16], ['vae-mlp', 8], ['dcgan', 4]] as const;
    const cpu: StepMetrics[][] = [];
    for (const [id, b] of cases) cpu.push(await run('cpu', id, b, 5));
    const gpu: StepMetrics[][] = [];
    for (const [id, b] of cases) gpu.push(await run('webgpu', id, b, 5));
    expect(tf.getBackend()).toBe('webgpu');
    cases.forEach((_, c) => {
      cpu[c]!.forEach((m, i) => {
        for (const [name, v] of Object.entries(m.losses)) {
          const w = gpu[c]![i]!.losses[name]!;
          expect(Math.abs(w - v) / Math.max(1, Math.abs(v)), `${cases[c]![0]} step ${i} ${name}: cpu ${v} webgpu ${w}`).toBeLessThan(TOLERANCE);
        }
      });
    });
  });
});
