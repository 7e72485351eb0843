// `tensorloom export-model`: trained models from a checkpoint as tfjs model files on disk, which
// tfjs loads and Tensorloom imports back with the trained weights.
import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli';
import { registerCustomLayers } from '../../nodes/layers/custom';
import { buildImportedModel } from '../../src/interop/build-imported';
import { importLayersModel } from '../../src/interop/import-model';

const run = runCli;

async function readModel(dir: string) {
  const modelJson = await readFile(path.join(dir, 'model.json'), 'utf8');
  const weightsBin = new Uint8Array(await readFile(path.join(dir, 'weights.bin')));
  return { modelJson, weightsBin };
}

describe('tensorloom export-model', () => {
  let checkpoint = '';
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'tl-export-model-'));
    const r = await run('train', 'templates/gan-2d.json', '--steps', '3', '--out', path.join(dir, 'run'), '--backend', 'cpu', '--batch-size', '8', '--quiet');
    expect(r.code, r.stderr).toBe(0);
    checkpoint = path.join(dir, 'run', 'checkpoint');
    await tf.setBackend('cpu');
    registerCustomLayers(tf);
  }, 120_000);

  it('--model writes that model into DIR; tfjs loads it and Tensorloom imports it with the same outputs', async () => {
    const out = path.join(dir, 'gen');
    const r = await run('export-model', checkpoint, '--model', 'generator', '--out', out, '--backend', 'cpu');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/wrote .*model\.json \(model "generator", \d+ bytes of weights, iteration 3\)/);
    expect((await readdir(out)).sort()).toEqual(['model.json', 'weights.bin']);
    const files = await readModel(out);
    const json = JSON.parse(files.modelJson) as { modelTopology: object; weightsManifest: { weights: tf.io.WeightsManifestEntry[] }[]; userDefinedMetadata: unknown };
    expect(json.userDefinedMetadata).toEqual({ tensorloom: { inputs: ['z'], outputs: ['x'] } });
    const loaded = await tf.loadLayersModel(
      tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0]!.weights, weightData: files.weightsBin.slice().buffer }),
    );
    const imported = importLayersModel(files.modelJson, { modelId: 'generator', weights: { 'weights.bin': files.weightsBin } });
    expect(imported.diagnostics).toEqual([]);
    if (!imported.ok) return;
    const built = buildImportedModel(tf, imported.model);
    const z = tf.randomNormal([16, 8], 0, 1, 'float32', 1);
    const a = loaded.predict(z) as tf.Tensor, b = built.predict(z) as tf.Tensor;
    expect(tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]).toBeLessThanOrEqual(1e-6);
    tf.dispose([z, a, b]);
  }, 120_000);

  it('without --model writes every model into its own folder', async () => {
    const out = path.join(dir, 'all');
    const r = await run('export-model', checkpoint, '--out', out, '--backend', 'cpu');
    expect(r.code, r.stderr).toBe(0);
    expect((await readdir(out)).sort()).toEqual(['discriminator', 'generator']);
    for (const id of ['discriminator', 'generator']) expect((await readdir(path.join(out, id))).sort()).toEqual(['model.json', 'weights.bin']);
  }, 120_000);

  it('names the models of the graph when --model is unknown, and needs --out', async () => {
    const r = await run('export-model', checkpoint, '--model', 'critic', '--out', path.join(dir, 'x'), '--backend', 'cpu');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/There is no model "critic" in the checkpoint's graph\. Its models: generator, discriminator\./);
    const noOut = await run('export-model', checkpoint);
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toMatch(/export-model needs --out DIR/);
  }, 120_000);
});
