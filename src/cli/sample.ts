// `tensorloom sample CHECKPOINT_DIR|TRAINED.tlt --out FILE.png`: restores a trained graph (a
// checkpoint directory, or a template's shipped trained weights, assets/trained/ID.tlt) and renders
// its first image preview (or the one named by --preview).
import { readFile } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs';
import { issue } from '../messages';
import { selectNodeBackend, type NodeBackendName } from '../runtime/backend-node';
import { restoreCheckpoint } from '../runtime/checkpoint';
import { loadCheckpointDir } from '../runtime/checkpoint-files';
import { TensorloomError } from '../runtime/errors';
import { createSession, disposeSession, type Session } from '../runtime/session';
import { applyInitialWeights } from '../runtime/worker/initial-weights';
import { decodeTrainedWeights, trainedAsStored } from '../interop/trained-weights';
import { TEMPLATES } from '../../templates';
import { readPreviews } from '../runtime/trainer';
import { cliDatasetLoader } from './datasets';
import { writeFramePng } from './png';

type SampleArgs = { checkpoint: string; out: string; backend: NodeBackendName | 'auto'; preview?: string; dataDir?: string; imageFolders?: Record<string, string> };

/** A session of the template the file was trained for, its models starting from the file's weights. */
async function trainedSession(file: string, loader: ReturnType<typeof cliDatasetLoader>): Promise<{ session: Session; trained: number }> {
  const decoded = decodeTrainedWeights(new Uint8Array(await readFile(file)));
  if (!decoded.ok) throw new TensorloomError(issue('trained.unreadable', { file, detail: decoded.detail }));
  const { info } = decoded.value;
  const template = TEMPLATES.find((t) => t.id === info.template);
  if (!template) throw new TensorloomError(issue('trained.unreadable', { file, detail: `it is for a template "${info.template}" this version does not have` }));
  const session = await createSession(tf, template.doc, { seed: info.seed, loadDataset: loader });
  const notes = await applyInitialWeights(session, { list: () => Promise.resolve(trainedAsStored(decoded.value, 0)) });
  if (notes.length) {
    disposeSession(session);
    throw new TensorloomError(issue('trained.unreadable', { file, detail: notes.join(' ') }));
  }
  return { session, trained: info.steps };
}

export async function runSample(a: SampleArgs): Promise<number> {
  await selectNodeBackend(tf, a.backend);
  const loader = cliDatasetLoader(a.dataDir, a.imageFolders ?? {}, (line) => process.stderr.write(`${line}\n`));
  let session: Session;
  let trained: number;
  if (a.checkpoint.endsWith('.tlt')) ({ session, trained } = await trainedSession(a.checkpoint, loader));
  else {
    const { doc, checkpoint } = await loadCheckpointDir(a.checkpoint);
    session = await createSession(tf, doc, { seed: checkpoint.seed, loadDataset: loader });
    await restoreCheckpoint(session, checkpoint);
    trained = checkpoint.step;
  }
  // only the chosen preview runs: a DDPM sampler preview can take minutes
  const previews = session.program.previews;
  const chosen = a.preview
    ? previews.find((p) => p.name === a.preview || p.id === a.preview)
    : (previews.find((p) => p.type === 'previews.imageGrid') ?? previews[0]);
  const frame = chosen ? (await readPreviews(session, new Set([chosen.id])))[0] : undefined;
  disposeSession(session);
  if (!frame) throw new TensorloomError(issue('run.noPreview', { wanted: a.preview ?? '', known: previews.map((p) => p.name).join(', ') }));
  await writeFramePng(frame, a.out);
  process.stderr.write(`wrote ${a.out} (preview "${frame.name}" after ${trained} iterations)\n`);
  return 0;
}
