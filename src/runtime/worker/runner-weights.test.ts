// An imported model starts training from its imported weights in the worker (CPU backend, Node):
// before the first step its predictions are exactly those of the model it was imported from; a
// model edited so that they no longer fit starts from fresh weights with a message naming it; and
// a checkpoint's weights win over the imported ones.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { TEMPLATES } from '../../../templates';
import { applyOverrides } from '../../graph/overrides';
import type { GraphDoc } from '../../graph/types';
import { exportSessionModel } from '../../interop/export-session';
import { importLayersModel } from '../../interop/import-model';
import { storedWeights, type StoredWeights } from '../../interop/weights-store';
import { loadDataset } from '../datasets/node';
import { createSession, disposeSession } from '../session';
import { trainingFingerprint } from './fingerprint';
import type { ToWorker } from './protocol';
import { memoryStore, runnerHarness } from '../../../test/helpers/runner-harness';

function harness(kept: StoredWeights[]) {
  const { runner, of } = runnerHarness(memoryStore(), { initialWeights: { list: async () => kept } });
  /** the live session's generator, as model files read back by tfjs, predicting z */
  let asked = 0;
  async function predictLive(z: tf.Tensor): Promise<number[]> {
    runner.handle({ type: 'exportModel', id: ++asked, modelId: 'generator' });
    await runner.idle();
    const r = of('exportModel').at(-1)!.result;
    if (!r.ok) throw new Error(r.message);
    const parsed = JSON.parse(r.modelJson) as { modelTopology: object; weightsManifest: { weights: tf.io.WeightsManifestEntry[] }[] };
    const m = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: parsed.modelTopology, weightSpecs: parsed.weightsManifest[0]!.weights, weightData: r.weightsBin }));
    const out = Array.from(await (m.predict(z) as tf.Tensor).data());
    m.dispose();
    return out;
  }
  return { runner, of, predictLive };
}

const start = (doc: GraphDoc, resumeFrom: string | null): ToWorker => ({
  type: 'start', doc, fingerprint: trainingFingerprint(doc), seed: 1, resumeFrom, backend: 'cpu',
  settings: { metricsEvery: 1, previewEvery: 0, checkpointEvery: 0 }, run: null,
});

async function predictFresh(doc: GraphDoc, z: tf.Tensor): Promise<number[]> {
  const s = await createSession(tf, doc, { seed: 1, loadDataset });
  const out = Array.from(await (s.models['generator']!.predict(z) as tf.Tensor).data());
  disposeSession(s);
  return out;
}

describe('training an imported model', () => {
  it('starts from its imported weights, falls back to fresh ones once they no longer fit, and lets a checkpoint win', async () => {
    await tf.setBackend('cpu');
    const base = applyOverrides(TEMPLATES.find((t) => t.id === 'gan-2d')!.doc, { batchSize: 8 }).doc;
    // the model to import: the generator of another session (seed 7), as tfjs files
    const source = await createSession(tf, base, { seed: 7, loadDataset });
    const files = await exportSessionModel(source, 'generator');
    const imported = importLayersModel(files.modelJson, { modelId: 'generator', weights: { 'weights.bin': files.weightsBin } });
    if (!imported.ok) throw new Error(JSON.stringify(imported.diagnostics));
    const doc = structuredClone(base);
    doc.models['generator'] = imported.model.graph;
    const h = harness([storedWeights('generator', imported.model.graph, imported.model.weights!, 1)]);
    const z = tf.randomNormal([6, 8], 0, 1, 'float32', 3);
    const want = Array.from(await (source.models['generator']!.predict(z) as tf.Tensor).data());
    disposeSession(source);

    h.runner.handle(start(doc, null));
    await h.runner.idle();
    expect(h.of('error')).toEqual([]);
    expect(h.of('notice')).toEqual([]);
    expect(await h.predictLive(z)).toEqual(want);
    // without the kept weights the same document starts elsewhere
    expect(await predictFresh(doc, z)).not.toEqual(want);

    // it trains from there; a stop checkpoints the trained weights
    h.runner.handle({ type: 'step' });
    await h.runner.idle();
    expect(h.of('metrics').flatMap((m) => m.losses.flat()).every(Number.isFinite)).toBe(true);
    const trained = await h.predictLive(z);
    expect(trained).not.toEqual(want);
    h.runner.handle({ type: 'stop', discard: false });
    await h.runner.idle();

    // resuming that checkpoint keeps its weights, not the imported ones
    h.runner.handle(start(doc, trainingFingerprint(doc)));
    await h.runner.idle();
    expect(h.of('ready').at(-1)!.resumedFrom).toBe(1);
    expect(await h.predictLive(z)).toEqual(trained);

    // a narrower first layer: the imported weights no longer fit, so fresh ones and a message
    const edited = structuredClone(doc);
    edited.models['generator']!.nodes.find((n) => n.id === 'h1')!.params['units'] = 16;
    h.runner.handle(start(edited, null));
    await h.runner.idle();
    expect(h.of('error')).toEqual([]);
    expect(h.of('notice').map((n) => n.message)).toEqual([
      expect.stringMatching(/^Model "generator" was changed since it was imported .*\(weight "kernel" of node "h1" is \[8, 16\] now, imported \[8, 128\]\), so it starts from fresh weights/),
    ]);
    expect(await h.predictLive(z)).toEqual(await predictFresh(edited, z));
    h.runner.handle({ type: 'stop', discard: true });
    await h.runner.idle();
    z.dispose();
  });
});
