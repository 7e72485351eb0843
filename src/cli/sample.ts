// `tensorloom sample CHECKPOINT_DIR --out FILE.png`: restores a trained graph and renders its
// first image preview (or the one named by --preview).
import * as tf from '@tensorflow/tfjs';
import { issue } from '../messages';
import { selectNodeBackend, type NodeBackendName } from '../runtime/backend-node';
import { restoreCheckpoint } from '../runtime/checkpoint';
import { loadCheckpointDir } from '../runtime/checkpoint-files';
import { TensorloomError } from '../runtime/errors';
import { createSession, disposeSession } from '../runtime/session';
import { readPreviews } from '../runtime/trainer';
import { cliDatasetLoader } from './datasets';
import { writeFramePng } from './png';

export async function runSample(a: { checkpoint: string; out: string; backend: NodeBackendName | 'auto'; preview?: string; dataDir?: string; imageFolders?: Record<string, string> }): Promise<number> {
  await selectNodeBackend(tf, a.backend);
  const { doc, checkpoint } = await loadCheckpointDir(a.checkpoint);
  const session = await createSession(tf, doc, { seed: checkpoint.seed, loadDataset: cliDatasetLoader(a.dataDir, a.imageFolders ?? {}, (line) => process.stderr.write(`${line}\n`)) });
  await restoreCheckpoint(session, checkpoint);
  // only the chosen preview runs: a DDPM sampler preview can take minutes
  const previews = session.program.previews;
  const chosen = a.preview
    ? previews.find((p) => p.name === a.preview || p.id === a.preview)
    : (previews.find((p) => p.type === 'previews.imageGrid') ?? previews[0]);
  const frame = chosen ? (await readPreviews(session, new Set([chosen.id])))[0] : undefined;
  disposeSession(session);
  if (!frame) throw new TensorloomError(issue('run.noPreview', { wanted: a.preview ?? '', known: previews.map((p) => p.name).join(', ') }));
  await writeFramePng(frame, a.out);
  process.stderr.write(`wrote ${a.out} (preview "${frame.name}" at iteration ${frame.step})\n`);
  return 0;
}
