// How close a 2-D GAN's generated points lie to the ring its data is drawn from: the mean distance
// of the points of its "generated" scatter preview (512) from the circle of radius 2, from a
// checkpoint. The figure the PyTorch twins (bench/quality/torch/gan_2d.py, wgan_gp_2d.py) print.
//
//   npx tsx bench/quality/ring-error.ts CHECKPOINT_DIR [--backend wasm]
import * as tf from '@tensorflow/tfjs';
import { selectNodeBackend, type NodeBackendName } from '../../src/runtime/backend-node';
import { restoreCheckpoint } from '../../src/runtime/checkpoint';
import { loadCheckpointDir } from '../../src/runtime/checkpoint-files';
import { loadDataset } from '../../src/runtime/datasets/node';
import { createSession, disposeSession } from '../../src/runtime/session';
import { readPreviews } from '../../src/runtime/trainer';

const args = process.argv.slice(2);
const dir = args[0];
if (!dir) throw new Error('usage: ring-error.ts CHECKPOINT_DIR [--backend wasm|cpu]');
const at = args.indexOf('--backend');
await selectNodeBackend(tf, (at >= 0 ? args[at + 1] : 'wasm') as NodeBackendName);
const { doc, checkpoint } = await loadCheckpointDir(dir);
const session = await createSession(tf, doc, { seed: checkpoint.seed, loadDataset: (k) => loadDataset(k) });
await restoreCheckpoint(session, checkpoint);
const scatter = session.program.previews.find((p) => p.id === 'fake_points') ?? session.program.previews.find((p) => p.type === 'previews.scatter');
if (!scatter) throw new Error('the graph has no scatter preview of generated points');
const [frame] = await readPreviews(session, new Set([scatter.id]));
const p = frame!.values['points']!.data;
let sum = 0;
for (let i = 0; i < p.length; i += 2) sum += Math.abs(Math.hypot(p[i]!, p[i + 1]!) - 2);
disposeSession(session);
process.stdout.write(`${dir}: ring error ${(sum / (p.length / 2)).toFixed(4)} over ${p.length / 2} points after ${checkpoint.step} iterations\n`);
