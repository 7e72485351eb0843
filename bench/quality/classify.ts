// The exact test accuracy of a trained classifier: every image of the test split, in order, through
// the checkpoint's model, top-1 against its label. (The template's Metric estimates it from random
// batches while training; this is the figure the README quotes.)
//
//   npx tsx bench/quality/classify.ts CHECKPOINT_DIR [--model classifier] [--backend wasm]
import * as tf from '@tensorflow/tfjs';
import { hostImageBatch, type Normalization } from '../../nodes/data/batch';
import { selectNodeBackend, type NodeBackendName } from '../../src/runtime/backend-node';
import { restoreCheckpoint } from '../../src/runtime/checkpoint';
import { loadCheckpointDir } from '../../src/runtime/checkpoint-files';
import { loadDataset } from '../../src/runtime/datasets/node';
import { createSession, disposeSession } from '../../src/runtime/session';

const args = process.argv.slice(2);
const flag = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1]! : fallback;
};
const dir = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
if (!dir) throw new Error('usage: classify.ts CHECKPOINT_DIR [--model ID] [--backend wasm|cpu]');

await selectNodeBackend(tf, flag('backend', 'wasm') as NodeBackendName);
const { doc, checkpoint } = await loadCheckpointDir(dir);
const session = await createSession(tf, doc, { seed: checkpoint.seed, loadDataset: (k) => loadDataset(k) });
await restoreCheckpoint(session, checkpoint);
const model = session.models[flag('model', 'classifier')]!;
const data = doc.main.nodes.find((n) => n.type === 'data.mnist' || n.type === 'data.fashionMnist');
const prefix = data?.type === 'data.fashionMnist' ? 'fashion-mnist' : 'mnist';
const norm = (data?.params['normalize'] ?? '[-1,1]') as Normalization;
const test = await loadDataset(`${prefix}-test`);
let right = 0;
const BATCH = 1000;
for (let start = 0; start < test.count; start += BATCH) {
  const indices = Array.from({ length: Math.min(BATCH, test.count - start) }, (_, i) => start + i);
  right += tf.tidy(() => {
    const { x, label } = hostImageBatch(tf, test, 10, indices, norm, 'class ids');
    const guess = tf.argMax(model.predict(x) as tf.Tensor, 1);
    return tf.sum(tf.cast(tf.equal(guess, label), 'int32')).dataSync()[0]!;
  });
}
disposeSession(session);
process.stdout.write(`${dir}: ${right} of ${test.count} test images right, accuracy ${(100 * right / test.count).toFixed(2)}% after ${checkpoint.step} iterations\n`);
