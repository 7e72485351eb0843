// The anomaly score of a trained VAE (a benchmark, not a test): every MNIST and every Fashion-MNIST
// test image through the encoder's mean and the decoder, scored by the Reconstruction Error node's
// own function (BCE of the logits, nats per image). Prints the ROC AUC of telling Fashion-MNIST from
// MNIST by that score, and draws both histograms.
//
//   npx tsx bench/quality/anomaly.ts CHECKPOINT_DIR [--svg docs/quality/vae-mlp-anomaly.svg] [--backend wasm]
import { writeFile } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs';
import { hostImageBatch } from '../../nodes/data/batch';
import { reconstructionError } from '../../nodes/tensors/reconstruction-error';
import { analyze } from '../../src/compiler/analyze';
import { rocAuc } from '../../src/metrics/roc';
import { selectNodeBackend, type NodeBackendName } from '../../src/runtime/backend-node';
import { restoreCheckpoint } from '../../src/runtime/checkpoint';
import { loadCheckpointDir } from '../../src/runtime/checkpoint-files';
import { loadDataset } from '../../src/runtime/datasets/node';
import { createSession, disposeSession } from '../../src/runtime/session';
import { histogramSvg } from './histogram-plot';

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const dir = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
if (!dir) throw new Error('usage: anomaly.ts CHECKPOINT_DIR [--svg FILE] [--backend wasm|cpu] [--encoder encoder] [--decoder decoder]');

const backend = await selectNodeBackend(tf, (flag('backend') ?? 'wasm') as NodeBackendName);
const { doc, checkpoint } = await loadCheckpointDir(dir);
const session = await createSession(tf, doc, { seed: checkpoint.seed, loadDataset: (k) => loadDataset(k) });
await restoreCheckpoint(session, checkpoint);
const [encoderId, decoderId] = [flag('encoder') ?? 'encoder', flag('decoder') ?? 'decoder'];
const encoder = session.models[encoderId]!;
const decoder = session.models[decoderId]!;
// a model's outputs come in the order of its signature (its Model Output nodes)
const signatures = analyze(doc).signatures;
const muAt = signatures[encoderId]!.outputs.findIndex((o) => o.name === 'mu');
const logitsAt = signatures[decoderId]!.outputs.findIndex((o) => o.name === 'logits');
if (muAt < 0 || logitsAt < 0) throw new Error(`the encoder needs an output "mu" and the decoder one named "logits"`);

async function scores(dataset: string): Promise<number[]> {
  const set = await loadDataset(dataset);
  const out: number[] = [];
  for (let start = 0; start < set.count; start += 500) {
    const indices = Array.from({ length: Math.min(500, set.count - start) }, (_, i) => start + i);
    out.push(...tf.tidy(() => {
      const { x } = hostImageBatch(tf, set, 10, indices, '[0,1]', 'class ids');
      const mu = (encoder.predict(x) as tf.Tensor[])[muAt]!;
      const logits = (decoder.predict(mu) as tf.Tensor[])[logitsAt]!;
      return Array.from(reconstructionError(tf, logits, x, 'bernoulli').dataSync());
    }));
  }
  return out;
}

const mnist = await scores('mnist-test');
const fashion = await scores('fashion-mnist-test');
disposeSession(session);
const auc = rocAuc(mnist, fashion);
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
process.stdout.write(
  `${dir} (${checkpoint.step} iterations; ${backend.name}): ROC AUC ${auc.toFixed(4)} for Fashion-MNIST against MNIST by reconstruction error; ` +
  `median nats per image: MNIST ${median(mnist).toFixed(1)}, Fashion-MNIST ${median(fashion).toFixed(1)} (${mnist.length} + ${fashion.length} test images)\n`,
);
const svg = flag('svg');
if (svg) {
  await writeFile(svg, histogramSvg(
    [{ name: `MNIST test (trained on MNIST)`, values: mnist, color: '#1f77b4' }, { name: 'Fashion-MNIST test', values: fashion, color: '#d62728' }],
    { title: `MLP VAE anomaly score: ROC AUC ${auc.toFixed(4)}`, xLabel: 'reconstruction error, nats per image (log scale; the outer 1% of all scores left out)', log: true },
  ));
  process.stderr.write(`wrote ${svg}\n`);
}
