// `npx tsx scripts/trained-weights.ts CHECKPOINT_DIR --template ID --batch B --command "..."`:
// writes assets/trained/ID.tlt, the trained weights the app and `tensorloom sample` offer with the
// template (float16, models only: no optimizer state). The checkpoint must be of the template's
// models as they are now; a template edited since is refused, since its weights would not fit.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { encodeTrainedWeights, type TrainedModel } from '../src/interop/trained-weights';
import { restoreCheckpoint } from '../src/runtime/checkpoint';
import { loadCheckpointDir } from '../src/runtime/checkpoint-files';
import { loadDataset } from '../src/runtime/datasets/node';
import { createSession, disposeSession } from '../src/runtime/session';
import { modelFingerprint } from '../src/runtime/worker/fingerprint';
import { modelWeightsOf } from '../src/runtime/worker/initial-weights';
import { TEMPLATES } from '../templates';

const { values: v, positionals } = parseArgs({
  allowPositionals: true,
  options: { template: { type: 'string' }, batch: { type: 'string' }, command: { type: 'string' }, out: { type: 'string', default: 'assets/trained' } },
});
const dir = positionals[0];
const template = TEMPLATES.find((t) => t.id === v.template);
if (!dir || !template || !v.batch || !v.command) throw new Error('usage: trained-weights.ts CHECKPOINT_DIR --template ID --batch B --command "how it was trained"');

await tf.setBackend('cpu');
const { doc, checkpoint } = await loadCheckpointDir(dir);
const session = await createSession(tf, doc, { seed: checkpoint.seed, loadDataset: (k) => loadDataset(k) });
await restoreCheckpoint(session, checkpoint);
const models: Record<string, TrainedModel> = {};
for (const [id, graph] of Object.entries(doc.models)) {
  const now = template.doc.models[id];
  if (!now || modelFingerprint(now) !== modelFingerprint(graph)) throw new Error(`model "${id}" of the checkpoint is not the template's model as it is now: train the template again`);
  // a block run only as copies inside other models has no weights of its own: the copies are the holders' layers
  const built = session.models[id];
  if (built) models[id] = { fingerprint: modelFingerprint(graph), weights: await modelWeightsOf(built, id, session.built.models[id]!) };
}
disposeSession(session);
const bytes = encodeTrainedWeights({ info: { template: template.id, steps: checkpoint.step, batch: Number(v.batch), seed: checkpoint.seed, command: v.command }, models });
await mkdir(v.out!, { recursive: true });
const file = path.join(v.out!, `${template.id}.tlt`);
await writeFile(file, bytes);
process.stderr.write(`wrote ${file}: ${Object.keys(models).join(', ')} after ${checkpoint.step} iterations, ${(bytes.length / 2 ** 20).toFixed(2)} MiB\n`);
