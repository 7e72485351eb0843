// Trained models go out as tfjs model files and come back as model subgraphs with their weights:
// the imported model, compiled by the same lower pass, gives the same outputs on the same inputs.
import { describe, expect, it } from 'vitest';
import { applyModelWeights } from '../../src/interop/apply-weights';
import { exportSessionModel } from '../../src/interop/export-session';
import { importLayersModel, type ImportedModel } from '../../src/interop/import-model';
import { expandOwnBlocks } from '../../src/graph/expand-blocks';
import { applyOverrides } from '../../src/graph/overrides';
import type { GraphDoc } from '../../src/graph/types';
import { createSession, disposeSession, type Session } from '../../src/runtime/session';
import { train } from '../../src/runtime/trainer';
import { loadDataset } from '../../src/runtime/datasets/node';
import { cpuSession, template, tf } from '../helpers/cpu-session';
import { CPU_RECIPES } from '../templates/cpu-recipes';

/**
 * Largest absolute difference allowed between the two models' outputs: none. On the CPU backend the
 * imported model runs the same kernels on the same weights in the same order, so its outputs are
 * bit-identical (the README says "0 difference").
 */
const TOLERANCE = 0;

function maxAbsDiff(a: tf.Tensor[], b: tf.Tensor[]): number {
  expect(b.map((t) => t.shape)).toEqual(a.map((t) => t.shape));
  return Math.max(...a.map((t, i) => tf.tidy(() => tf.max(tf.abs(tf.sub(t, b[i]!))).dataSync()[0]!)));
}

const asList = (t: tf.Tensor | tf.Tensor[]) => (Array.isArray(t) ? t : [t]);

/** Exports `modelId` of a trained session and imports it back, weights included. */
async function roundTrip(s: Session, modelId: string): Promise<ImportedModel> {
  const files = await exportSessionModel(s, modelId);
  const r = importLayersModel(files.modelJson, { modelId, weights: { 'weights.bin': files.weightsBin } });
  expect(r.diagnostics).toEqual([]);
  if (!r.ok) throw new Error('import failed');
  return r.model;
}

/** The same graph up to positions: nodes (ids, types, params that differ from the defaults are kept) and wiring. */
function wiring(doc: GraphDoc, modelId: string) {
  const g = doc.models[modelId]!;
  const edges = g.edges.map((e) => `${e.source.node}.${e.source.port}->${e.target.node}.${e.target.port}`).sort();
  return { nodes: g.nodes.map((n) => `${n.id}:${n.type}`).sort(), edges };
}

/** Puts the imported models in place of the originals, builds a session from that and loads the imported weights. */
async function sessionWithImported(s: Session, imported: ImportedModel[]): Promise<Session> {
  const doc = structuredClone(s.doc);
  for (const m of imported) doc.models[m.id] = m.graph;
  const fresh = await createSession(tf, doc, { seed: 99, loadDataset: (k) => loadDataset(k) });
  for (const m of imported) applyModelWeights(tf, fresh.models[m.id]!, m.id, m.weights!);
  return fresh;
}

describe('tfjs model files, out and back in', () => {
  it('2-D GAN generator: trained, exported, imported with its weights, gives the same points', async () => {
    const s = await cpuSession(template('gan-2d'), { batchSize: 16, seed: 5 });
    expect((await train(s, { steps: 5 })).status).toBe('done');
    const gen = await roundTrip(s, 'generator');
    // the graph comes back node for node (the export's layer names carry the node ids)
    const back = await sessionWithImported(s, [gen]);
    expect(wiring(back.doc, 'generator')).toEqual(wiring(s.doc, 'generator'));
    expect(gen.graph.nodes.find((n) => n.id === 'h1')!.params).toMatchObject({ units: 128, activation: 'relu' });
    const z = tf.randomNormal([64, 8], 0, 1, 'float32', 11);
    const diff = maxAbsDiff(asList(s.models.generator!.predict(z)), asList(back.models.generator!.predict(z)));
    expect(diff).toBeLessThanOrEqual(TOLERANCE);
    // the imported weights are the trained ones, not fresh draws: a model without them differs
    const untrained = await sessionWithImported(s, []);
    expect(maxAbsDiff(asList(s.models.generator!.predict(z)), asList(untrained.models.generator!.predict(z)))).toBeGreaterThan(1e-3);
    z.dispose();
    [s, back, untrained].forEach(disposeSession);
  });

  it('MLP VAE encoder and decoder (two outputs, Flatten, Reshape, sigmoid): same outputs after the round trip', async () => {
    const small = applyOverrides(template('vae-mlp'), {
      set: [
        ['encoder/h', 'units', 32], ['decoder/h', 'units', 32], ['encoder/mu_head', 'units', 4],
        ['encoder/logvar_head', 'units', 4], ['decoder/z', 'shape', [4]], ['prior', 'shape', [4]], ['fixed_z', 'shape', [4]], ['walk_z', 'shape', [4]],
      ].map(([node, param, value]) => ({ node: node as string, param: param as string, value: value as number })),
    });
    expect(small.problems).toEqual([]);
    const s = await cpuSession(small.doc, { batchSize: 8, seed: 2 });
    expect((await train(s, { steps: 3 })).status).toBe('done');
    const models = [await roundTrip(s, 'encoder'), await roundTrip(s, 'decoder')];
    const back = await sessionWithImported(s, models);
    for (const id of ['encoder', 'decoder']) expect(wiring(back.doc, id)).toEqual(wiring(s.doc, id));
    // port names come back from the files' metadata, in order
    expect(models[0]!.graph.nodes.filter((n) => n.type === 'models.output').map((n) => n.params['name'])).toEqual(['mu', 'logvar']);
    const x = tf.randomUniform([8, 28, 28, 1], 0, 1, 'float32', 3);
    const z = tf.randomNormal([8, 4], 0, 1, 'float32', 4);
    expect(maxAbsDiff(asList(s.models.encoder!.predict(x)), asList(back.models.encoder!.predict(x)))).toBeLessThanOrEqual(TOLERANCE);
    expect(maxAbsDiff(asList(s.models.decoder!.predict(z)), asList(back.models.decoder!.predict(z)))).toBeLessThanOrEqual(TOLERANCE);
    tf.dispose([x, z]);
    [s, back].forEach(disposeSession);
  });

  it('DCGAN (BatchNorm with trained running statistics, Conv2DTranspose, leaky ReLU, Dropout): same outputs', async () => {
    const recipe = CPU_RECIPES['dcgan']!;
    const narrowed = applyOverrides(template('dcgan'), { set: recipe.set });
    expect(narrowed.problems).toEqual([]);
    const s = await cpuSession(narrowed.doc, { batchSize: recipe.batchSize, seed: 4 });
    expect((await train(s, { steps: 1 })).status).toBe('done');
    const models = [await roundTrip(s, 'generator'), await roundTrip(s, 'discriminator')];
    const back = await sessionWithImported(s, models);
    for (const m of models) expect(wiring(back.doc, m.id)).toEqual(wiring(s.doc, m.id));
    const zShape = s.models.generator!.inputs[0]!.shape.slice(1) as number[];
    const z = tf.randomNormal([4, ...zShape], 0, 1, 'float32', 5);
    const img = tf.randomUniform([4, 28, 28, 1], -1, 1, 'float32', 6);
    expect(maxAbsDiff(asList(s.models.generator!.predict(z)), asList(back.models.generator!.predict(z)))).toBeLessThanOrEqual(TOLERANCE);
    expect(maxAbsDiff(asList(s.models.discriminator!.predict(img)), asList(back.models.discriminator!.predict(img)))).toBeLessThanOrEqual(TOLERANCE);
    tf.dispose([z, img]);
    [s, back].forEach(disposeSession);
  });

  it('DDPM U-Net (GroupNorm, SelfAttention2D, TimestepEmbedding, skips): same noise prediction', async () => {
    const s = await cpuSession(template('ddpm-unet'), { batchSize: 2, seed: 6 });
    const unet = await roundTrip(s, 'unet');
    expect(unet.graph.nodes.filter((n) => n.type === 'models.input').map((n) => n.params['name'])).toEqual(['x', 't']);
    const back = await sessionWithImported(s, [unet]);
    // a tfjs model file holds layers, not blocks: the U-Net comes back as its residual blocks' copies, layer by layer
    expect(wiring(back.doc, 'unet')).toEqual(wiring(expandOwnBlocks(s.doc).doc, 'unet'));
    const x = tf.randomNormal([2, 28, 28, 1], 0, 1, 'float32', 7);
    const t = tf.tensor2d([[3], [250]]);
    const diff = maxAbsDiff(asList(s.models.unet!.predict([x, t])), asList(back.models.unet!.predict([x, t])));
    expect(diff).toBeLessThanOrEqual(TOLERANCE);
    tf.dispose([x, t]);
    [s, back].forEach(disposeSession);
  }, 60_000);
});
