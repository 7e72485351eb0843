// `tensorloom export GRAPH.json --target pytorch --out DIR [--seed S]` (or, in place of the graph, a
// checkpoint directory of the CLI or a .tlckpt file of the app): the graph as a PyTorch package in DIR, with the app's weights (the initial
// ones for the seed, or the checkpoint's) in app_weights.json/.bin and the dataset files it reads
// copied into DIR/data.
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { exportPyTorch } from '../codegen/pytorch';
import type { GraphDoc } from '../graph/types';
import { appWeightsFiles } from '../interop/app-weights';
import { selectNodeBackend } from '../runtime/backend-node';
import { restoreCheckpoint } from '../runtime/checkpoint';
import type { Checkpoint } from '../runtime/checkpoint-format';
import { decodeCheckpoint } from '../runtime/checkpoint-check';
import { unpackCheckpointFile } from '../runtime/checkpoint-file';
import { TensorloomError } from '../runtime/errors';
import { loadDocument } from '../graph/load';
import { issue } from '../messages';
import { DEFAULT_DATA_DIR } from '../runtime/datasets/node';
import { createSession, disposeSession } from '../runtime/session';
import { cliDatasetLoader } from './datasets';

/** A checkpoint file the app downloaded (.tlckpt): its graph and checkpoint, checked in full. */
export async function readCheckpointFile(file: string): Promise<{ doc: GraphDoc; checkpoint: Checkpoint }> {
  const stored = unpackCheckpointFile(new Uint8Array(await readFile(file)), path.basename(file));
  const loaded = loadDocument(stored.graph);
  if (!loaded.ok) throw new TensorloomError(issue('run.checkpointMismatch', { detail: `its graph does not load: ${loaded.diagnostics[0]?.message}` }));
  return { doc: loaded.doc, checkpoint: decodeCheckpoint(stored.header, stored.body) };
}

export async function runExportPyTorch(a: { doc: GraphDoc; checkpoint?: Checkpoint; out: string; seed: number; dataDir?: string }): Promise<number> {
  const pkg = exportPyTorch(a.doc);
  await mkdir(a.out, { recursive: true });
  for (const [file, text] of Object.entries(pkg.files)) await writeFile(path.join(a.out, file), text);

  // the weights: made as the app makes them for the seed (on the CPU: exact and quick), or restored
  await selectNodeBackend(tf, 'cpu');
  const seed = a.checkpoint?.seed ?? a.seed;
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const session = await createSession(tf, a.doc, { seed, loadDataset: cliDatasetLoader(a.dataDir, {}, log) });
  try {
    if (a.checkpoint) await restoreCheckpoint(session, a.checkpoint);
    const w = await appWeightsFiles(session.models);
    await writeFile(path.join(a.out, 'app_weights.json'), w.manifest);
    await writeFile(path.join(a.out, 'app_weights.bin'), w.data);
  } finally {
    disposeSession(session);
  }

  const from = a.dataDir ?? DEFAULT_DATA_DIR;
  for (const key of pkg.datasets) {
    const file = path.join(from, `${key}.bin`);
    if (!existsSync(file)) {
      log(`${file} is missing: put ${key}.bin (npm run data builds it) into ${path.join(a.out, 'data')} before training`);
      continue;
    }
    await mkdir(path.join(a.out, 'data'), { recursive: true });
    await copyFile(file, path.join(a.out, 'data', `${key}.bin`));
  }
  const weights = a.checkpoint ? `the weights of iteration ${a.checkpoint.step}` : `the app's initial weights for seed ${seed}`;
  process.stdout.write(`wrote the PyTorch package ${a.out} (${Object.keys(pkg.files).join(', ')}; ${weights} in app_weights.json)\n`);
  process.stdout.write(`train it: cd ${a.out} && python train.py --steps 1000 --seed ${seed}\n`);
  return 0;
}
