// The runner's model files and its WebAssembly fallback, in Node: a model of the live session
// comes back as tfjs files that load with tf.loadLayersModel and predict what the session's model
// predicts; a graph that needs a kernel WebAssembly lacks trains on the CPU with a note saying
// why, and one it can trains on WebAssembly; the kernel trial leaves the session as it was. (The
// product gives wasm every kernel the catalogue trains with, test/wasm/catalogue-kernels.test.ts;
// these tests take one away to see the fallback.)
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { TEMPLATES } from '../../../templates';
import { CPU_RECIPES } from '../../../test/templates/cpu-recipes';
import { applyOverrides } from '../../graph/overrides';
import type { GraphDoc } from '../../graph/types';
import { browserModelFiles } from '../../ui/training/model-download';
import type { BrowserBackendChoice } from '../backend-browser';
import { decodeCheckpoint, restoreCheckpoint } from '../checkpoint';
import { loadDataset } from '../datasets/node';
import { createSession, disposeSession } from '../session';
import { trainingFingerprint } from './fingerprint';
import { missingKernel, missingKernelOf } from './kernel-trial';
import type { ToWorker } from './protocol';
import { memoryStore, runnerHarness } from '../../../test/helpers/runner-harness';

function harness(backend: 'cpu' | 'wasm') {
  return runnerHarness(memoryStore(), {
    selectBackend: async (wanted): Promise<BrowserBackendChoice> => {
      const name = wanted === 'auto' ? backend : wanted === 'wasm' ? 'wasm' : 'cpu';
      await tf.setBackend(name);
      return { name, device: name === 'wasm' ? 'WebAssembly' : 'CPU (JavaScript)', software: false, notes: name === 'wasm' ? ['WebGPU: none here'] : [] };
    },
  });
}

const startMsg = (doc: GraphDoc, iterations: number): ToWorker => ({
  type: 'start', doc, fingerprint: trainingFingerprint(doc), seed: 1, resumeFrom: null, backend: 'auto',
  settings: { metricsEvery: 5, previewEvery: 0, checkpointEvery: 0 }, run: { kind: 'for', iterations },
});
/** Runs `body` with the wasm backend lacking `kernel` (the product's, registered by createSession). */
async function withoutWasmKernel<T>(kernel: string, body: () => Promise<T>): Promise<T> {
  await tf.setBackend('wasm');
  const probe = await createSession(tf, template('gan-2d', 2), { seed: 1, loadDataset });
  disposeSession(probe);
  const config = tf.getKernel(kernel, 'wasm');
  if (!config) throw new Error(`wasm has no ${kernel} to take away`);
  tf.unregisterKernel(kernel, 'wasm');
  try {
    return await body();
  } finally {
    tf.registerKernel(config);
  }
}

const template = (id: string, batchSize: number): GraphDoc =>
  applyOverrides(TEMPLATES.find((t) => t.id === id)!.doc, { batchSize, set: CPU_RECIPES[id]!.set }).doc;

describe('model files from the training worker', () => {
  it('sends a model of the live session that tf.loadLayersModel reads back and that predicts the same', async () => {
    const h = harness('cpu');
    const doc = template('gan-2d', 16);
    h.runner.handle(startMsg(doc, 7));
    await h.runner.idle();
    expect(h.of('error')).toEqual([]);
    expect(h.of('sessionInfo')).toEqual([{ type: 'sessionInfo', batch: { size: 16, sources: [{ node: 'real', size: 16 }], images: false }, models: ['generator', 'discriminator'] }]);
    h.runner.handle({ type: 'exportModel', id: 3, modelId: 'generator' });
    h.runner.handle({ type: 'exportModel', id: 4, modelId: 'nope' });
    await h.runner.idle();
    const [good, bad] = h.of('exportModel');
    expect(bad).toMatchObject({ id: 4, result: { ok: false } });
    if (!good?.result.ok) throw new Error(`no model files: ${JSON.stringify(good)}`);
    expect(good.result.step).toBe(7);

    // as the page saves them: NAME.json naming NAME.weights.bin
    const [json, bin] = browserModelFiles(good.result.modelJson, new Uint8Array(good.result.weightsBin), 'gan-generator-it7');
    expect([json.name, bin.name]).toEqual(['gan-generator-it7.json', 'gan-generator-it7.weights.bin']);
    const parsed = JSON.parse(new TextDecoder().decode(json.bytes)) as { modelTopology: object; weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[] };
    expect(parsed.weightsManifest[0]!.paths).toEqual(['./gan-generator-it7.weights.bin']);
    const loaded = await tf.loadLayersModel(tf.io.fromMemory({
      modelTopology: parsed.modelTopology, weightSpecs: parsed.weightsManifest[0]!.weights, weightData: bin.bytes.slice().buffer,
    }));

    // the session's generator at iteration 7, restored from the checkpoint the run saved there
    const saved = h.records.get(trainingFingerprint(doc))!;
    expect(saved.step).toBe(7);
    const session = await createSession(tf, doc, { seed: 1, loadDataset });
    await restoreCheckpoint(session, decodeCheckpoint(saved.header, saved.body));
    const z = tf.randomNormal([5, 8], 0, 1, 'float32', 3);
    const want = await (session.models['generator']!.predict(z) as tf.Tensor).data();
    const got = await (loaded.predict(z) as tf.Tensor).data();
    expect(Array.from(got)).toEqual(Array.from(want));
    // and it is a trained model, not the initial one
    const fresh = await createSession(tf, doc, { seed: 1, loadDataset });
    const initial = await (fresh.models['generator']!.predict(z) as tf.Tensor).data();
    expect(Array.from(got)).not.toEqual(Array.from(initial));
    disposeSession(session);
    disposeSession(fresh);
    loaded.dispose();
    h.runner.handle({ type: 'stop', discard: true });
    await h.runner.idle();
  });

  it('answers that nothing trains when no session is live', async () => {
    const h = harness('cpu');
    h.runner.handle({ type: 'exportModel', id: 1, modelId: 'generator' });
    await h.runner.idle();
    expect(h.of('exportModel')[0]).toMatchObject({ id: 1, result: { ok: false, message: expect.stringMatching(/nothing is training/) } });
  });
});

describe('training on WebAssembly', () => {
  it('finds the missing kernel in a trial that leaves weights and random stream as they were', () => withoutWasmKernel('Conv2DBackpropFilter', async () => {
    const doc = template('dcgan', 2);
    const s = await createSession(tf, doc, { seed: 1, loadDataset });
    // a first trial puts the dataset on the device (kept for the session's batches)
    expect(await missingKernel(s)).toBe('Conv2DBackpropFilter');
    const before = { rng: s.rng.state(), weights: await Promise.all(Object.values(s.models).flatMap((m) => m.getWeights().map((w) => w.data()))) };
    const tensors = tf.memory().numTensors;
    expect(await missingKernel(s)).toBe('Conv2DBackpropFilter');
    expect(s.rng.state()).toEqual(before.rng);
    const after = await Promise.all(Object.values(s.models).flatMap((m) => m.getWeights().map((w) => w.data())));
    expect(after.map((a) => Array.from(a))).toEqual(before.weights.map((b) => Array.from(b)));
    expect(tf.memory().numTensors).toBe(tensors);
    disposeSession(s);
    expect(missingKernelOf(new Error("Kernel 'Foo' not registered for backend 'wasm'"))).toBe('Foo');
    expect(missingKernelOf(new Error('out of memory'))).toBeNull();
  }));

  it('trains the 2-D GAN on WebAssembly, and a graph it lacks a kernel for on the CPU with a note naming the kernel', () => withoutWasmKernel('Conv2DBackpropFilter', async () => {
    const h = harness('wasm');
    h.runner.handle(startMsg(template('gan-2d', 16), 2));
    await h.runner.idle();
    expect(h.of('error')).toEqual([]);
    expect(h.of('backend').at(-1)!.choice).toMatchObject({ name: 'wasm', notes: ['WebGPU: none here'] });
    expect(tf.getBackend()).toBe('wasm');
    expect(h.of('metrics').flatMap((m) => m.steps)).toEqual([0, 1]);
    expect(h.of('metrics').flatMap((m) => m.losses.flat()).every(Number.isFinite)).toBe(true);

    h.runner.handle(startMsg(template('dcgan', 2), 1));
    await h.runner.idle();
    expect(h.of('error')).toEqual([]);
    const choice = h.of('backend').at(-1)!.choice;
    expect(choice.name).toBe('cpu');
    expect(choice.notes[0]).toBe('WebGPU: none here');
    expect(choice.notes[1]).toMatch(/cannot train on WebAssembly: .* no "Conv2DBackpropFilter" kernel/);
    expect(tf.getBackend()).toBe('cpu');
    expect(h.of('state').at(-1)).toMatchObject({ state: 'paused', step: 1 });

    // the next graph that WebAssembly can train goes back to it
    h.runner.handle(startMsg(template('gan-2d', 8), 1));
    await h.runner.idle();
    expect(h.of('backend').at(-1)!.choice.name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    h.runner.handle({ type: 'stop', discard: true });
    await h.runner.idle();
  }));
});
