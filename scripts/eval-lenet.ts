// Measures the committed LeNet (assets/lenet) on all 10,000 MNIST test images, through the same
// loading path the quality metrics use. Run: npx tsx scripts/eval-lenet.ts [DIR]
import * as tf from '@tensorflow/tfjs';
import { datasetPixels, range } from '../src/metrics/images';
import { accuracy, lenetHeads, lenetOutputs } from '../src/metrics/lenet';
import { loadModelDir } from '../src/metrics/lenet-files';
import { loadDataset } from '../src/runtime/datasets/node';

const dir = process.argv[2] ?? 'assets/lenet';
await tf.setBackend('cpu');
const model = await loadModelDir(tf, dir);
const test = await loadDataset('mnist-test');
const idx = range(test.count);
const out = await lenetOutputs(tf, lenetHeads(tf, model), datasetPixels(test, idx), idx.length, 500);
const acc = accuracy(out.probs, idx.map((i) => test.labels[i]!));
process.stdout.write(`${dir}: test accuracy ${(100 * acc).toFixed(2)}% on ${test.count} MNIST test images (tfjs ${tf.version.tfjs}, cpu)\n`);
