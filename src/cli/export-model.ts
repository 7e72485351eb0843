// `tensorloom export-model CHECKPOINT_DIR --out DIR [--model ID]`: the trained models of a
// checkpoint as tfjs model files (DIR/model.json + DIR/weights.bin for one model; without --model,
// DIR/<model id>/ for each), restored the way `sample` restores them.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { exportSessionModel } from '../interop/export-session';
import { MODEL_JSON, WEIGHTS_BIN } from '../interop/files';
import { issue } from '../messages';
import { selectNodeBackend, type NodeBackendName } from '../runtime/backend-node';
import { restoreCheckpoint } from '../runtime/checkpoint';
import { loadCheckpointDir } from '../runtime/checkpoint-files';
import { TensorloomError } from '../runtime/errors';
import { createSession, disposeSession } from '../runtime/session';
import { cliDatasetLoader } from './datasets';

export async function runExportModel(a: { checkpoint: string; out: string; model?: string; backend: NodeBackendName | 'auto'; dataDir?: string; imageFolders?: Record<string, string> }): Promise<number> {
  await selectNodeBackend(tf, a.backend);
  const { doc, checkpoint } = await loadCheckpointDir(a.checkpoint);
  const models = Object.keys(doc.models);
  if (a.model !== undefined && !models.includes(a.model)) {
    throw new TensorloomError(issue('export.unknownModel', { model: a.model, models: models.join(', ') }));
  }
  const session = await createSession(tf, doc, { seed: checkpoint.seed, loadDataset: cliDatasetLoader(a.dataDir, a.imageFolders ?? {}, (line) => process.stderr.write(`${line}\n`)) });
  try {
    await restoreCheckpoint(session, checkpoint);
    const chosen = a.model === undefined ? models : [a.model];
    for (const id of chosen) {
      const dir = a.model === undefined ? path.join(a.out, id) : a.out;
      const files = await exportSessionModel(session, id);
      await mkdir(dir, { recursive: true });
      await writeFile(path.join(dir, WEIGHTS_BIN), files.weightsBin);
      await writeFile(path.join(dir, MODEL_JSON), files.modelJson);
      process.stdout.write(`wrote ${path.join(dir, MODEL_JSON)} (model "${id}", ${files.weightsBin.byteLength} bytes of weights, iteration ${checkpoint.step})\n`);
    }
  } finally {
    disposeSession(session);
  }
  return 0;
}
