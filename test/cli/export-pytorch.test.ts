// `tensorloom export --target pytorch`: from a graph (the app's initial weights for the seed), from
// the CLI's checkpoint directory and from the app's .tlckpt file (the trained weights, which then
// continue training in PyTorch), with the dataset files copied beside the package; and refusals.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCheckpointDir } from '../../src/runtime/checkpoint-files';
import { encodeCheckpoint } from '../../src/runtime/checkpoint';
import { packCheckpointFile } from '../../src/runtime/checkpoint-file';
import { saveDocument } from '../../src/graph/save';
import { runCli } from '../helpers/run-cli';
import { PYTHON, inPackage } from '../pytorch/support';

let dir = '';
beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tl-export-pytorch-'));
  const r = await runCli('train', 'templates/gan-2d.json', '--steps', '3', '--out', path.join(dir, 'run'), '--backend', 'cpu', '--batch-size', '8', '--quiet');
  expect(r.code, r.stderr).toBe(0);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The app_weights the export wrote, by name. */
function appWeights(pkg: string): Map<string, number[]> {
  const manifest = JSON.parse(readFileSync(path.join(pkg, 'app_weights.json'), 'utf8')) as { tensors: { name: string; shape: number[]; offset: number }[] };
  const bytes = readFileSync(path.join(pkg, 'app_weights.bin'));
  const all = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  return new Map(manifest.tensors.map((t) => [t.name, [...all.subarray(t.offset, t.offset + t.shape.reduce((a, b) => a * b, 1))]]));
}

describe('tensorloom export --target pytorch', () => {
  it('from a graph: the package, the initial weights for the seed, and the dataset files it reads', async () => {
    const out = path.join(dir, 'vae');
    const r = await runCli('export', 'templates/vae-mlp.json', '--target', 'pytorch', '--out', out, '--seed', '4');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("the app's initial weights for seed 4");
    expect(readdirSync(out).sort()).toEqual(['README.md', 'app_weights.bin', 'app_weights.json', 'data', 'models.py', 'requirements.txt', 'tensorloom_runtime.py', 'train.py']);
    expect(readdirSync(path.join(out, 'data'))).toEqual(['mnist-train.bin']);
  });

  it('from a checkpoint directory and from a .tlckpt file: the trained weights, which train on in PyTorch', async () => {
    const { doc, checkpoint } = await loadCheckpointDir(path.join(dir, 'run', 'checkpoint'));
    const { header, body } = encodeCheckpoint(checkpoint);
    const file = path.join(dir, 'gan-it3.tlckpt');
    writeFileSync(file, packCheckpointFile({
      fingerprint: 'cli', docName: doc.meta.name, step: checkpoint.step, savedAt: 1, bytes: body.byteLength, graph: saveDocument(doc), header, body,
      history: { updates: [], steps: new Float64Array(0), losses: [] },
    }));
    const trained = checkpoint.tensors.find((t) => t.name.startsWith('model/generator/0/'))!;
    for (const [from, out] of [[path.join(dir, 'run', 'checkpoint'), path.join(dir, 'from-dir')], [file, path.join(dir, 'from-file')]] as const) {
      const r = await runCli('export', from, '--target', 'pytorch', '--out', out);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain('the weights of iteration 3');
      const weights = appWeights(out);
      expect(weights.get(trained.name.split('/').slice(3).join('/'))).toEqual([...(trained.data as Float32Array)]);
      await inPackage(out, PYTHON, ['train.py', '--steps', '2', '--out', 'run', '--log-every', '1']);
      expect(existsSync(path.join(out, 'run', 'checkpoint.pt'))).toBe(true);
    }
  });

  it('refuses an unknown target and a graph it cannot write, writing nothing', async () => {
    const bad = await runCli('export', 'templates/gan-2d.json', '--target', 'rust', '--out', path.join(dir, 'x'));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--target rust is not an export target');
    const doc = JSON.parse(readFileSync('templates/dcgan.json', 'utf8')) as { main: { nodes: { id: string; type: string; params: object }[] } };
    const real = doc.main.nodes.find((n) => n.id === 'real')!;
    real.type = 'data.images';
    real.params = { batchSize: 64, size: 28, color: 'grayscale', normalize: '[-1,1]', dataset: 'mine' };
    const graph = path.join(dir, 'pictures.json');
    writeFileSync(graph, JSON.stringify(doc));
    const r = await runCli('export', graph, '--target', 'pytorch', '--out', path.join(dir, 'pictures'));
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('The PyTorch export cannot write node "real" (Image folder) yet.');
    expect(existsSync(path.join(dir, 'pictures'))).toBe(false);
  });
});
