// The small graphs learn on the WebAssembly backend: the 2-D GAN's points move onto the ring and
// the MLP VAE's negative ELBO falls, with no tensor left behind from one iteration to the next.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { applyOverrides } from '../../src/graph/overrides';
import type { GraphDoc } from '../../src/graph/types';
import { loadDataset } from '../../src/runtime/datasets/node';
import { createSession, disposeSession, type Session } from '../../src/runtime/session';
import { readPreviews, train, type StepMetrics } from '../../src/runtime/trainer';
import { startNodeWasm } from '../../src/runtime/wasm/start-node';
import { template } from '../helpers/cpu-session';

beforeAll(async () => {
  await startNodeWasm(tf, 2);
});

async function wasmSession(doc: GraphDoc, o: { batchSize: number }): Promise<Session> {
  await tf.setBackend('wasm');
  return createSession(tf, applyOverrides(doc, { batchSize: o.batchSize }).doc, { seed: 1, loadDataset: (k) => loadDataset(k) });
}

async function losses(s: Session, steps: number): Promise<StepMetrics[]> {
  const all: StepMetrics[] = [];
  const r = await train(s, { steps, metricsEvery: 5, onMetrics: (m) => void all.push(...m) });
  expect(r.status).toBe('done');
  return all;
}

/** Mean distance of the generator's points from the ring of radius 2 the data lies on. */
async function ringError(s: Session): Promise<number> {
  const frame = (await readPreviews(s)).find((f) => f.id === 'fake_points')!;
  const p = frame.values.points!.data;
  let sum = 0;
  for (let i = 0; i < p.length; i += 2) sum += Math.abs(Math.hypot(p[i]!, p[i + 1]!) - 2);
  return sum / (p.length / 2);
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('the small graphs learn on wasm', () => {
  it('2-D GAN: 200 iterations bring the generated points onto the ring, with a flat tensor count', async () => {
    const s = await wasmSession(template('gan-2d'), { batchSize: 64 });
    const before = await ringError(s);
    await losses(s, 1); // burn-in: optimizers make their state on the first update
    const tensorsAfterBurnIn = tf.memory().numTensors;
    const metrics = await losses(s, 199);
    expect(tf.memory().numTensors).toBe(tensorsAfterBurnIn);
    const after = await ringError(s);
    expect(metrics).toHaveLength(199);
    expect(metrics.every((m) => Number.isFinite(m.losses.D!) && Number.isFinite(m.losses.G!))).toBe(true);
    expect(after).toBeLessThan(before * 0.5);
    disposeSession(s);
  });

  it('MLP VAE: 200 iterations on MNIST lower the negative ELBO, with a flat tensor count', async () => {
    // the template shrunk (64 hidden units, 8 latent dims) as the CPU tests have it
    const small = applyOverrides(template('vae-mlp'), {
      set: [
        ['encoder/h', 'units', 64], ['decoder/h', 'units', 64], ['encoder/mu_head', 'units', 8],
        ['encoder/logvar_head', 'units', 8], ['decoder/z', 'shape', [8]], ['prior', 'shape', [8]], ['fixed_z', 'shape', [8]], ['walk_z', 'shape', [8]],
      ].map(([node, param, value]) => ({ node: node as string, param: param as string, value: value as number })),
    });
    expect(small.problems).toEqual([]);
    const s = await wasmSession(small.doc, { batchSize: 32 });
    const first = await losses(s, 1);
    const tensorsAfterBurnIn = tf.memory().numTensors;
    const rest = await losses(s, 199);
    expect(tf.memory().numTensors).toBe(tensorsAfterBurnIn);
    const elbo = [...first, ...rest].map((m) => m.losses.VAE!);
    // starts near 784·ln 2 ≈ 543 nats (every pixel a coin flip)
    expect(elbo[0]).toBeGreaterThan(400);
    console.log(`MLP VAE -ELBO: first 10 ${mean(elbo.slice(0, 10)).toFixed(1)}, last 20 ${mean(elbo.slice(-20)).toFixed(1)}`);
    expect(mean(elbo.slice(-20))).toBeLessThan(0.6 * mean(elbo.slice(0, 10)));
    disposeSession(s);
  });

});
