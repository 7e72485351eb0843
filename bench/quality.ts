// Quality benchmark of the generative templates (a benchmark, not a test): trains each template for
// a stated number of iterations, draws images through its generated-sample preview, and scores them
// with FID-LeNet and IS-LeNet against MNIST (plus, for Bernoulli VAEs, the negative ELBO on the
// test split). `--score FILE` scores images made elsewhere (bench/quality/torch/*.py) with the
// same classifier. Prints one markdown table.
//
//   npx tsx bench/quality.ts --template dcgan --steps 5000 [--samples 10000] [--backend auto|webgpu|wasm|cpu]
//                            [--work DIR [--checkpoint-every 250]] [--grid FILE.png]
//   npx tsx bench/quality.ts --score samples.npy [--range [0,1]] [--label NAME]
//   common: [--data public/data] [--lenet assets/lenet] [--real 10000] [--seed 1] [--out FILE.md]
//
// Works bundled into one file (../shared/gpu/pack.sh): every file it reads is named by an argument
// or found relative to the working directory, never relative to this source file.
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import type { Dataset } from '../nodes/spec';
import { loadDocument } from '../src/graph/load';
import { applyOverrides, parseSetting, type ParamSetting } from '../src/graph/overrides';
import type { GraphDoc } from '../src/graph/types';
import { renderIssue } from '../src/messages';
import { toUnitRange, type PixelRange } from '../src/metrics/images';
import { NODE_BACKENDS, selectNodeBackend, type NodeBackendName } from '../src/runtime/backend-node';
import { loadDataset } from '../src/runtime/datasets/node';
import { TEMPLATES } from '../templates';
import { runTemplate, type TemplateRun } from './quality/run-template';
import { readSampleFile } from './quality/samples-file';
import { createScorer, referenceScores, scoreImages, type Scores } from './quality/scorer';
import { deviceLine, table } from './table';
import { encodePng } from '../src/cli/png';
import { tileGrid } from '../src/runtime/grid';

const USAGE = `usage:
  bench/quality.ts --template ID|all|GRAPH.json [--template ...] --steps N [--samples 10000] [--gen-batch 500]
                   [--backend auto|webgpu|wasm|cpu] [--batch-size B] [--set NODE.PARAM=VALUE]... [--preview NAME]
                   [--elbo-batch 500] [--elbo-count 10000]
                   [--work DIR] [--checkpoint-every 250] [--grid FILE.png]
                   (--work: checkpoints and metrics.jsonl there; run the same command again to resume;
                    --grid: the first 64 generated or scored images as one PNG)
  bench/quality.ts --score FILE [--score FILE]... [--range [0,1]|[-1,1]] [--label NAME]...
  common: [--data DIR] [--lenet DIR] [--real 10000] [--seed 1] [--no-reference] [--out FILE.md]`;

const { values: v } = parseArgs({
  options: {
    template: { type: 'string', multiple: true },
    steps: { type: 'string' },
    samples: { type: 'string', default: '10000' },
    'gen-batch': { type: 'string', default: '500' },
    backend: { type: 'string', default: 'auto' },
    'batch-size': { type: 'string' },
    set: { type: 'string', multiple: true },
    preview: { type: 'string' },
    'elbo-batch': { type: 'string', default: '500' },
    'elbo-count': { type: 'string', default: '10000' },
    work: { type: 'string' },
    'checkpoint-every': { type: 'string', default: '250' },
    grid: { type: 'string' },
    score: { type: 'string', multiple: true },
    range: { type: 'string', default: '[0,1]' },
    label: { type: 'string', multiple: true },
    data: { type: 'string', default: 'public/data' },
    lenet: { type: 'string', default: 'assets/lenet' },
    real: { type: 'string', default: '10000' },
    seed: { type: 'string', default: '1' },
    'no-reference': { type: 'boolean', default: false },
    out: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${USAGE}\n`);
  process.exit(2);
}
const log = (line: string) => process.stderr.write(`${line}\n`);
function int(name: string, value: string | undefined, min: number): number {
  const n = Number(value);
  if (value === undefined || !Number.isInteger(n) || n < min) fail(`--${name} must be a whole number >= ${min}, got ${value ?? 'nothing'}`);
  return n;
}

const f = (x: number, digits = 2) => (Number.isFinite(x) ? x.toFixed(digits) : String(x));
// identical sets give ±1e-12 from rounding, which would print as -0.00
const fidCell = (x: number) => f(Math.abs(x) < 1e-6 ? 0 : x);
const isCell = (s: Scores) => `${f(s.is)} (${f(s.isSplits.mean)} ± ${f(s.isSplits.std)})`;

async function templateDocs(wanted: string[]): Promise<{ id: string; doc: GraphDoc }[]> {
  const out: { id: string; doc: GraphDoc }[] = [];
  for (const w of wanted) {
    if (w === 'all') out.push(...TEMPLATES.map((t) => ({ id: t.id, doc: t.doc })));
    else if (w.endsWith('.json')) {
      const r = loadDocument(await readFile(w, 'utf8'));
      if (!r.ok) fail(`${w} is not a usable graph: ${r.diagnostics.map((d) => d.message).join('; ')}`);
      out.push({ id: path.basename(w, '.json'), doc: r.doc });
    } else {
      const t = TEMPLATES.find((x) => x.id === w);
      if (!t) fail(`no template "${w}"; known: ${TEMPLATES.map((x) => x.id).join(', ')}`);
      out.push({ id: t.id, doc: t.doc });
    }
  }
  return out;
}

function overridden(doc: GraphDoc): GraphDoc {
  const settings: ParamSetting[] = [];
  for (const s of v.set ?? []) {
    const r = parseSetting(s);
    if ('code' in r) fail(renderIssue(r));
    settings.push(r);
  }
  const batchSize = v['batch-size'] === undefined ? undefined : int('batch-size', v['batch-size'], 1);
  const o = applyOverrides(doc, { batchSize, set: settings });
  if (o.problems.length) fail(o.problems.map(renderIssue).join('\n'));
  return o.doc;
}

/** the first 64 (at most) generated 28x28 images, 8 to a row */
function gridOf(pixels: Float32Array, count: number) {
  const n = Math.min(64, count);
  return tileGrid(pixels.subarray(0, n * 28 * 28), n, 28, 28, 1, { columns: 8, padding: 2, background: 0.5 });
}

async function lenetNote(dir: string): Promise<string> {
  try {
    const meta = JSON.parse(await readFile(path.join(dir, 'meta.json'), 'utf8')) as { testAccuracy?: number };
    return meta.testAccuracy === undefined ? '' : ` (test accuracy ${(100 * meta.testAccuracy).toFixed(2)}% when trained)`;
  } catch {
    return '';
  }
}

async function main(): Promise<number> {
  if (v.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const scoring = v.score ?? [];
  const wanted = v.template ?? [];
  if (!scoring.length && !wanted.length) fail('give --template ID (or all, or a graph file) with --steps, or --score FILE');
  const seed = int('seed', v.seed, 0);
  const real = int('real', v.real, 2);
  const range = v.range === '[0,1]' || v.range === '[-1,1]' ? (v.range as PixelRange) : fail(`--range must be [0,1] or [-1,1], got ${v.range}`);
  const backendName = v.backend === 'auto' || (NODE_BACKENDS as readonly string[]).includes(String(v.backend)) ? (v.backend as NodeBackendName | 'auto') : fail(`--backend must be auto, ${NODE_BACKENDS.join(', ')}`);
  const steps = wanted.length ? int('steps', v.steps, 1) : 0;
  const backend = await selectNodeBackend(tf, backendName);
  log(`backend: ${backend.name} (${backend.device})${backend.note ? ` — ${backend.note}` : ''}`);

  const cache = new Map<string, Promise<Dataset>>();
  const dataset = (key: string) => {
    if (!cache.has(key)) cache.set(key, loadDataset(key, v.data));
    return cache.get(key)!;
  };
  const t0 = performance.now();
  const scorer = await createScorer(tf, v.lenet, await dataset('mnist-test'), real);
  log(`LeNet from ${v.lenet}: ${(100 * scorer.test.accuracy).toFixed(2)}% on the ${scorer.test.outputs.count} test images used as the reference`);

  const docs = await templateDocs(wanted);
  if (docs.length + scoring.length > 1 && (v.work || v.grid)) fail('--work and --grid take one template or one --score file');
  const header = ['images', 'steps', 'train s', 'samples', 'FID-LeNet ↓', 'IS-LeNet ↑ (10 splits)', '−ELBO test, nats ↓', 'last losses / notes'];
  const rows: (string | number)[][] = [];
  if (!v['no-reference']) {
    const ref = await referenceScores(scorer, await dataset('mnist-train'), real, seed);
    rows.push([`MNIST test, real`, '-', '-', ref.test.count, fidCell(ref.test.fid), isCell(ref.test), '-', 'reference: FID 0 by construction']);
    rows.push([`MNIST train, ${ref.train.count} random`, '-', '-', ref.train.count, fidCell(ref.train.fid), isCell(ref.train), '-', 'reference: train vs test']);
  }
  for (const [i, file] of scoring.entries()) {
    const s = await readSampleFile(file);
    const pixels = s.isUint8 ? toUnitRange(s.values.map((x) => x / 255), '[0,1]') : toUnitRange(s.values, range);
    if (v.grid) await writeFile(v.grid, encodePng(gridOf(pixels, s.count)));
    const scores = await scoreImages(scorer, pixels, s.count);
    rows.push([v.label?.[i] ?? path.basename(file), '-', '-', s.count, fidCell(scores.fid), isCell(scores), '-', `${s.describe}, range ${s.isUint8 ? '0..255' : range}`]);
  }
  const samples = int('samples', v.samples, 2);
  for (const { id, doc } of docs) {
    log(`template ${id}: training ${steps} iterations`);
    const run: TemplateRun = await runTemplate(tf, overridden(doc), {
      steps, seed, samples, genBatch: int('gen-batch', v['gen-batch'], 1), preview: v.preview,
      elboBatch: int('elbo-batch', v['elbo-batch'], 1), elboCount: int('elbo-count', v['elbo-count'], 1),
      loadDataset: dataset, log, work: v.work, checkpointEvery: int('checkpoint-every', v['checkpoint-every'], 0),
    });
    const losses = Object.entries(run.lastLosses).map(([k, x]) => `${k} ${f(x, 3)}`).join(', ');
    if (!run.images) {
      rows.push([id, run.steps, f(run.trainSeconds, 1), 0, '-', '-', '-', run.status]);
      continue;
    }
    if (v.grid) await writeFile(v.grid, encodePng(gridOf(run.images.pixels, run.images.count)));
    const scores = await scoreImages(scorer, run.images.pixels, run.images.count);
    const elbo = run.elbo ? `${f(run.elbo.mean)} ± ${f(run.elbo.stderr)}` : '-';
    rows.push([id, run.steps, f(run.trainSeconds, 1), run.images.count, fidCell(scores.fid), isCell(scores), elbo, `${losses}; preview "${run.preview}", sampled in ${f(run.images.seconds, 1)} s`]);
  }

  const argv1 = process.argv[1] ? path.relative(process.cwd(), process.argv[1]) : 'bench/quality.ts';
  const command = `${argv1.endsWith('.ts') ? 'npx tsx' : 'node'} ${argv1} ${process.argv.slice(2).join(' ')}`;
  const notes = [
    `FID-LeNet: Fréchet distance between Gaussians fitted to the 84-d penultimate features of the MNIST LeNet in ${v.lenet}${await lenetNote(v.lenet)}, generated images against the first ${scorer.test.outputs.count} MNIST test images; IS-LeNet: exp E[KL(p(y|x) ‖ p(y))] from its softmax, at most 10. Neither is comparable with Inception-v3 FID/IS.`,
    'Generated images come from the template\'s own image preview run in inference mode (BatchNorm moving averages, no dropout), scaled to [0, 1] and clipped as the preview shows them.',
    `−ELBO: the VAE's training loss evaluated on test-split batches of ${v['elbo-batch']} (random draws, with replacement across batches): a single-sample stochastic estimate (one z per image), mean ± standard error over batches.`,
    `Total wall time ${f((performance.now() - t0) / 1000, 1)} s; seed ${seed}; tfjs ${tf.version.tfjs}.`,
  ];
  const text = `${table('Quality of the generative templates (FID-LeNet, IS-LeNet)', header, rows, {
    device: `${backend.name} — ${backend.device}; ${deviceLine()}`,
    command,
  })}\n${notes.map((n) => `- ${n}`).join('\n')}\n`;
  process.stdout.write(text);
  if (v.out) await appendFile(v.out, `${text}\n`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    log(e instanceof Error ? (e.stack ?? e.message) : String(e));
    process.exit(1);
  },
);
