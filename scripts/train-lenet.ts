// Trains the LeNet classifier behind FID-LeNet / IS-LeNet (src/metrics/lenet.ts) on the MNIST
// training split and writes it, in tfjs's own format, to assets/lenet/ (model.json + weights.bin)
// with meta.json recording how it was trained and its test accuracy.
//
//   npx tsx scripts/train-lenet.ts [--epochs 3] [--batch 64] [--lr 1e-3,1e-3,3e-4] [--seed 1]
//                                  [--data public/data] [--out assets/lenet] [--val 5000] [--limit N]
//                                  [--backend wasm|cpu|webgpu|auto]
//
// Inputs are grey 28x28x1 images with pixels in [0, 1] (uint8 / 255), no mean subtraction. The
// last --val training images are held out for the per-epoch check; the test split is read once,
// at the end, through the saved files.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { datasetPixels, range } from '../src/metrics/images';
import { accuracy, buildLenet, lenetHeads, lenetOutputs, LENET_CLASSES } from '../src/metrics/lenet';
import { loadModelDir, saveModelDir } from '../src/metrics/lenet-files';
import type { Dataset } from '../nodes/spec';
import { NODE_BACKENDS, selectNodeBackend, type NodeBackendName } from '../src/runtime/backend-node';
import { loadDataset } from '../src/runtime/datasets/node';
import { Rng } from '../src/runtime/rng';

const { values: v } = parseArgs({
  options: {
    epochs: { type: 'string', default: '3' },
    batch: { type: 'string', default: '64' },
    lr: { type: 'string', default: '1e-3,1e-3,3e-4' },
    seed: { type: 'string', default: '1' },
    data: { type: 'string', default: 'public/data' },
    out: { type: 'string', default: 'assets/lenet' },
    val: { type: 'string', default: '5000' },
    /** train on the first N training images only (a quick check of the script) */
    limit: { type: 'string' },
    backend: { type: 'string', default: 'wasm' },
  },
});
const epochs = Number(v.epochs), batch = Number(v.batch), seed = Number(v.seed), held = Number(v.val);
const rates = v.lr.split(',').map(Number);
const rateOf = (epoch: number) => rates[Math.min(epoch, rates.length - 1)]!;
const log = (line: string) => process.stderr.write(`${line}\n`);

async function evaluate(heads: tf.LayersModel, ds: Dataset, indices: number[]): Promise<number> {
  const out = await lenetOutputs(tf, heads, datasetPixels(ds, indices), indices.length);
  return accuracy(out.probs, indices.map((i) => ds.labels[i]!));
}

function shuffled(xs: number[], rng: Rng): number[] {
  const a = xs.slice();
  for (let i = a.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

async function main(): Promise<void> {
  if (v.backend !== 'auto' && !(NODE_BACKENDS as readonly string[]).includes(v.backend)) throw new Error(`--backend must be auto or ${NODE_BACKENDS.join(', ')}, got ${v.backend}`);
  const backend = await selectNodeBackend(tf, v.backend as NodeBackendName | 'auto');
  log(`backend: ${backend.name} (${backend.device})${backend.note ? ` — ${backend.note}` : ''}`);
  const train = await loadDataset('mnist-train', v.data);
  const test = await loadDataset('mnist-test', v.data);
  const trainIdx = range(Math.min(Number(v.limit ?? Infinity), train.count - held));
  const valIdx = range(held).map((i) => train.count - held + i);
  const model = buildLenet(tf, seed);
  const heads = lenetHeads(tf, model);
  const rng = new Rng(seed);
  const t0 = performance.now();
  const history: { epoch: number; lr: number; loss: number; valAccuracy: number }[] = [];
  let opt: tf.Optimizer | undefined;
  for (let epoch = 0; epoch < epochs; epoch++) {
    if (!opt || rateOf(epoch) !== rateOf(epoch - 1)) {
      opt?.dispose();
      opt = tf.train.adam(rateOf(epoch));
    }
    const order = shuffled(trainIdx, rng);
    const steps = Math.floor(order.length / batch);
    let lossSum = 0, lossCount = 0;
    const tEpoch = performance.now();
    for (let s = 0; s < steps; s++) {
      const idx = order.slice(s * batch, (s + 1) * batch);
      const pixels = tf.tensor4d(datasetPixels(train, idx), [batch, 28, 28, 1]);
      const labels = tf.oneHot(tf.tensor1d(idx.map((i) => train.labels[i]!), 'int32'), LENET_CLASSES);
      const loss = opt.minimize(() => tf.losses.softmaxCrossEntropy(labels, model.apply(pixels, { training: true }) as tf.Tensor) as tf.Scalar, true)!;
      lossSum += (await loss.data())[0]!;
      lossCount++;
      tf.dispose([loss, labels, pixels]);
      if ((s + 1) % 100 === 0 || s === steps - 1) {
        const rate = ((s + 1) * batch) / ((performance.now() - tEpoch) / 1000);
        log(`epoch ${epoch + 1}/${epochs} step ${s + 1}/${steps} loss ${(lossSum / lossCount).toFixed(4)} ${rate.toFixed(0)} img/s`);
      }
    }
    const valAccuracy = await evaluate(heads, train, valIdx);
    history.push({ epoch: epoch + 1, lr: rateOf(epoch), loss: lossSum / lossCount, valAccuracy });
    log(`epoch ${epoch + 1}: mean loss ${(lossSum / lossCount).toFixed(4)}, held-out accuracy ${(100 * valAccuracy).toFixed(2)}%`);
    await saveModelDir(tf, model, v.out);
  }
  const wallSeconds = (performance.now() - t0) / 1000;
  // the test accuracy is measured on the files as written, through the same path the metrics use
  const saved = await loadModelDir(tf, v.out);
  const testAccuracy = await evaluate(lenetHeads(tf, saved), test, range(test.count));
  log(`test accuracy (all ${test.count} MNIST test images, reloaded from ${v.out}): ${(100 * testAccuracy).toFixed(2)}%`);
  const meta = {
    model: 'LeNet-5 (ReLU, max-pool): conv 6 k5 same → pool 2 → conv 16 k5 valid → pool 2 → dense 120 → dense 84 ("features") → dense 10 (logits)',
    input: 'grey 28x28x1 images, pixels in [0, 1] (uint8 / 255), white digit on black as MNIST stores them',
    testAccuracy,
    testImages: test.count,
    history,
    trainImages: trainIdx.length,
    heldOutImages: held,
    batch,
    optimizer: 'Adam (tfjs defaults beta1 0.9, beta2 0.999, epsilon 1e-7), learning rate per epoch as in history',
    seed,
    backend: `tfjs ${tf.version.tfjs} ${backend.name} (${backend.device})`,
    wallSeconds: Math.round(wallSeconds),
    date: new Date().toISOString().slice(0, 10),
    command: `npx tsx scripts/train-lenet.ts ${process.argv.slice(2).join(' ')}`.trim(),
  };
  await writeFile(path.join(v.out, 'meta.json'), `${JSON.stringify(meta, null, 2)}\n`);
  log(`wrote ${v.out}/model.json, weights.bin, meta.json in ${wallSeconds.toFixed(0)} s`);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    log(e instanceof Error ? (e.stack ?? e.message) : String(e));
    process.exit(1);
  },
);
