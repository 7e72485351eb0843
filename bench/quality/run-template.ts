// One template through the quality benchmark: train it (session + trainer, as the CLI does),
// then make images through its own generated-sample preview, and for a Bernoulli VAE estimate
// the negative ELBO on the test split. Sampling and the ELBO run in separate sessions built from
// resized copies of the document and loaded with the trained checkpoint, so the training graph
// itself is never changed.
import type { Dataset, TFModule } from '../../nodes/spec';
import type { GraphDoc } from '../../src/graph/types';
import { captureCheckpoint, restoreCheckpoint, type Checkpoint } from '../../src/runtime/checkpoint';
import { createSession, disposeSession, runEnv } from '../../src/runtime/session';
import { readPreviews, train, type StepMetrics } from '../../src/runtime/trainer';
import { elboOptimizer, pickPreview, samplingDoc, testSplitDoc } from '../../src/metrics/quality-graph';
import { openWorkDir, savePart } from './work-dir';

export interface RunOptions {
  steps: number;
  seed: number;
  /** images to generate */
  samples: number;
  /** images per preview run (the preview shows at most 1024) */
  genBatch: number;
  /** preview id or label; default: the first image preview no data node feeds */
  preview?: string;
  /** test images per ELBO batch, and how many test draws in all */
  elboBatch: number;
  elboCount: number;
  loadDataset: (key: string) => Promise<Dataset>;
  log: (line: string) => void;
  /** a working directory that makes the run resumable (bench/quality/work-dir.ts) */
  work?: string;
  /** iterations per saved part when `work` is given; 0: one part */
  checkpointEvery: number;
}

export interface ElboEstimate {
  /** mean over batches of the batch-mean negative ELBO, nats per image */
  mean: number;
  /** standard error of that mean over batches */
  stderr: number;
  draws: number;
}

export interface TemplateRun {
  steps: number;
  trainSeconds: number;
  /** 'done', or why there are no samples */
  status: string;
  /** each optimizer's loss at the last read-back */
  lastLosses: Record<string, number>;
  preview: string;
  images?: { pixels: Float32Array; count: number; seconds: number };
  elbo?: ElboEstimate;
}

const MAX_PREVIEW = 1024;
const IMAGE = [28, 28, 1];

async function trainedCheckpoint(tf: TFModule, doc: GraphDoc, o: RunOptions, run: TemplateRun): Promise<Checkpoint | undefined> {
  const session = await createSession(tf, doc, { seed: o.seed, loadDataset: o.loadDataset });
  const work = o.work ? await openWorkDir(o.work, session.doc) : { trainSeconds: 0 };
  if (work.checkpoint) {
    await restoreCheckpoint(session, work.checkpoint);
    o.log(`  resumed at iteration ${session.step} from ${o.work} (${work.trainSeconds.toFixed(0)} s of training so far)`);
  }
  run.trainSeconds = work.trainSeconds;
  const every = Math.max(1, Math.min(50, o.steps));
  // parts of checkpointEvery iterations, each saved with its metrics before the next starts
  const part = o.work && o.checkpointEvery > 0 ? o.checkpointEvery : o.steps;
  const started = session.step;
  const resumedAt = performance.now();
  try {
    while (session.step < o.steps) {
      const metrics: StepMetrics[] = [];
      const t0 = performance.now();
      const result = await train(session, {
        steps: Math.min(part - (session.step % part), o.steps - session.step),
        metricsEvery: every,
        onMetrics: (ms) => {
          metrics.push(...ms);
          const last = ms[ms.length - 1]!;
          run.lastLosses = last.losses;
          const rate = ((session.step - started) / ((performance.now() - resumedAt) / 1000)).toFixed(2);
          o.log(`  step ${session.step}/${o.steps} ${rate} it/s ${Object.entries(last.losses).map(([k, v]) => `${k} ${v.toFixed(4)}`).join(' ')}`);
        },
      });
      run.trainSeconds += (performance.now() - t0) / 1000;
      if (result.status === 'nonFinite') {
        run.status = `stopped: non-finite loss in ${result.update} at iteration ${result.step}`;
        return undefined;
      }
      if (o.work) await savePart(o.work, session.doc, await captureCheckpoint(session), metrics, run.trainSeconds);
    }
    return await captureCheckpoint(session);
  } finally {
    disposeSession(session);
  }
}

async function generate(tf: TFModule, doc: GraphDoc, previewId: string, checkpoint: Checkpoint, o: RunOptions): Promise<{ pixels: Float32Array; count: number; seconds: number }> {
  const batch = Math.min(o.genBatch, o.samples, MAX_PREVIEW);
  const session = await createSession(tf, samplingDoc(doc, previewId, batch), { seed: o.seed, loadDataset: o.loadDataset });
  await restoreCheckpoint(session, checkpoint);
  const size = IMAGE[0]! * IMAGE[1]! * IMAGE[2]!;
  const pixels = new Float32Array(o.samples * size);
  const t0 = performance.now();
  let have = 0;
  try {
    while (have < o.samples) {
      // the preview's own run: images scaled from its range to [0, 1] and clipped, as the dashboard shows them
      const [frame] = await readPreviews(session, new Set([previewId]));
      const image = frame?.values.image;
      if (!image) throw new Error(`preview "${previewId}" gave no image`);
      const [n, ...rest] = image.shape;
      if (rest.join('x') !== IMAGE.join('x')) throw new Error(`preview "${previewId}" shows [${image.shape.join(', ')}] images; FID-LeNet needs [n, 28, 28, 1]`);
      const take = Math.min(n!, o.samples - have);
      pixels.set(image.data.subarray(0, take * size), have * size);
      have += take;
      o.log(`  sampled ${have}/${o.samples}`);
    }
  } finally {
    disposeSession(session);
  }
  return { pixels, count: have, seconds: (performance.now() - t0) / 1000 };
}

/**
 * The optimizer's loss on test batches: with one z drawn per image it is a single-sample,
 * stochastic estimate of the negative ELBO (an upper bound on −log p(x) only in expectation).
 */
async function testElbo(tf: TFModule, doc: GraphDoc, optimizerId: string, checkpoint: Checkpoint, o: RunOptions): Promise<ElboEstimate> {
  const session = await createSession(tf, testSplitDoc(doc, o.elboBatch), { seed: o.seed + 1, loadDataset: o.loadDataset });
  await restoreCheckpoint(session, checkpoint);
  const update = session.program.updates.find((u) => u.id === optimizerId);
  if (!update) throw new Error(`internal: optimizer ${optimizerId} has no update`);
  const values: number[] = [];
  try {
    const batches = Math.max(1, Math.round(o.elboCount / o.elboBatch));
    for (let b = 0; b < batches; b++) {
      const loss = tf.tidy(() => update.loss(runEnv(session, false)));
      values.push((await loss.data())[0]!);
      loss.dispose();
    }
  } finally {
    disposeSession(session);
  }
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.length > 1 ? values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1) : 0;
  return { mean, stderr: Math.sqrt(variance / values.length), draws: values.length * o.elboBatch };
}

export async function runTemplate(tf: TFModule, doc: GraphDoc, o: RunOptions): Promise<TemplateRun> {
  const preview = pickPreview(doc, o.preview);
  const run: TemplateRun = { steps: o.steps, trainSeconds: 0, status: 'done', lastLosses: {}, preview: 'problem' in preview ? '-' : preview.label || preview.id };
  if ('problem' in preview) {
    run.status = `skipped: ${preview.problem}`;
    return run;
  }
  const checkpoint = await trainedCheckpoint(tf, doc, o, run);
  if (!checkpoint) return run;
  o.log(`  trained ${o.steps} iterations in ${run.trainSeconds.toFixed(1)} s; sampling through preview "${run.preview}"`);
  run.images = await generate(tf, doc, preview.id, checkpoint, o);
  const elbo = elboOptimizer(doc);
  if (elbo) {
    o.log(`  negative ELBO on the test split through optimizer "${elbo.label || elbo.id}"`);
    run.elbo = await testElbo(tf, doc, elbo.id, checkpoint, o);
  }
  return run;
}
