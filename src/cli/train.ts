// `tensorloom train`: trains a graph headless, writing metrics (JSON lines), preview PNGs and a
// checkpoint into --out; resumes from a checkpoint directory with --resume. After a non-finite
// loss the checkpoint left is the newest whose next iteration was finite (checkpoint-keep.ts).
import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import cliProgress from 'cli-progress';
import * as tf from '@tensorflow/tfjs';
import type { GraphDoc } from '../graph/types';
import { issue, renderIssue, severityOf, type Issue } from '../messages';
import { TensorloomError } from '../runtime/errors';
import { selectNodeBackend, type NodeBackendName } from '../runtime/backend-node';
import { captureCheckpoint, restoreCheckpoint, type Checkpoint } from '../runtime/checkpoint';
import { nonFiniteValue } from '../runtime/checkpoint-check';
import { loadCheckpointDir, removeCheckpointDir, saveCheckpointDir } from '../runtime/checkpoint-files';
import { KeptCheckpoints } from '../runtime/checkpoint-keep';
import { createSession, disposeSession } from '../runtime/session';
import { nonFiniteIssues, readMetrics, train, type PreviewFrame, type StepMetrics } from '../runtime/trainer';
import { cliDatasetLoader } from './datasets';
import { writeFramePng } from './png';

export interface TrainArgs {
  /** the graph; optional when resuming (then the checkpoint's own graph) */
  doc?: GraphDoc;
  steps: number;
  out: string;
  backend: NodeBackendName | 'auto';
  seed: number;
  resume?: string;
  dataDir?: string;
  /** picture folders of Image folder nodes, by dataset name (--images NAME=FOLDER) */
  imageFolders?: Record<string, string>;
  metricsEvery: number;
  previewEvery: number;
  checkpointEvery: number;
  /** names or ids of the previews to render; empty: all */
  previews: string[];
  quiet: boolean;
}

const slug = (s: string) => s.replace(/[^A-Za-z0-9_-]+/g, '_');
/** Enough digits to tell 98.71% from 98.72%. */
const formatMetric = (v: number) => (Number.isFinite(v) ? v.toPrecision(5) : String(v));

export async function runTrain(a: TrainArgs): Promise<number> {
  const backend = await selectNodeBackend(tf, a.backend);
  const log = (line: string) => process.stderr.write(`${line}\n`);
  log(`backend: ${backend.name} (${backend.device})${backend.note ? ` — ${backend.note}` : ''}`);
  const resumed = a.resume ? await loadCheckpointDir(a.resume) : undefined;
  const doc = a.doc ?? resumed?.doc;
  if (!doc) throw new TensorloomError(issue('cli.missing', { command: 'train', what: 'a graph file, or --resume CHECKPOINT_DIR' }));
  const session = await createSession(tf, doc, { seed: resumed?.checkpoint.seed ?? a.seed, loadDataset: cliDatasetLoader(a.dataDir, a.imageFolders ?? {}, log) });
  if (resumed) {
    await restoreCheckpoint(session, resumed.checkpoint);
    log(`resumed at iteration ${session.step} from ${a.resume}`);
  }
  await mkdir(a.out, { recursive: true });
  const metricsFile = path.join(a.out, 'metrics.jsonl');
  await writeFile(metricsFile, '');
  const bar = process.stderr.isTTY && !a.quiet
    ? new cliProgress.SingleBar({ format: 'training |{bar}| {value}/{total} it  {rate} it/s  eta {eta_formatted}  {losses}', hideCursor: true }, cliProgress.Presets.shades_classic)
    : null;
  const start = session.step;
  const t0 = performance.now();
  bar?.start(a.steps, 0, { rate: '-', losses: '' });
  const metricName = new Map(session.program.metrics.map((m) => [m.id, m.name]));
  const named = (values: Record<string, number>) => Object.fromEntries(Object.entries(values).map(([id, v]) => [metricName.get(id) ?? id, v]));
  const line = (m: StepMetrics) => JSON.stringify({ step: m.step, ...m.losses, ...(m.metrics ? { metrics: named(m.metrics) } : {}) });
  const onMetrics = async (ms: StepMetrics[]) => {
    const lines = ms.map(line).join('\n') + '\n';
    await appendFile(metricsFile, lines);
    if (!bar) process.stdout.write(lines);
    const last = ms[ms.length - 1]!;
    const done = session.step - start;
    const rate = (done / ((performance.now() - t0) / 1000)).toFixed(1);
    bar?.update(done, { rate, losses: Object.entries(last.losses).map(([k, v]) => `${k} ${v.toFixed(4)}`).join('  ') });
  };
  const onPreview = async (frames: PreviewFrame[]) => {
    for (const f of frames) await writeFramePng(f, path.join(a.out, `${slug(f.name)}-${String(f.step).padStart(6, '0')}.png`));
  };
  const checkpointDir = path.join(a.out, 'checkpoint');
  const kept = new KeptCheckpoints<Checkpoint>();
  if (resumed && path.resolve(a.resume!) === path.resolve(checkpointDir)) kept.written(resumed.checkpoint.step, resumed.checkpoint);
  /** weights that are no longer finite: training stops, and they are not saved */
  let unfit: Issue | null = null;
  let lastSaved = -1;
  const save = async () => {
    if (lastSaved === session.step) return;
    const c = await captureCheckpoint(session);
    const bad = nonFiniteValue(c.tensors);
    if (bad) {
      unfit ??= issue('run.nonFiniteState', { step: session.step, tensor: `tensor ${bad.tensor}` });
      return;
    }
    await saveCheckpointDir(checkpointDir, session.doc, c);
    kept.written(session.step, c);
    lastSaved = session.step;
  };
  /** After a non-finite loss at `step`: the checkpoint of that very iteration leads there again. */
  /** Returns the step of the checkpoint left in the directory, or null when none is. */
  const keepLastGood = async (step: number): Promise<number | null> => {
    const after = kept.afterNonFinite(step);
    if (after.kind === 'restore') await saveCheckpointDir(checkpointDir, session.doc, after.value);
    if (after.kind === 'remove') await removeCheckpointDir(checkpointDir);
    return kept.keptStep(after);
  };
  const known = session.program.previews;
  const unknown = a.previews.find((name) => !known.some((p) => p.name === name || p.id === name));
  if (unknown) throw new TensorloomError(issue('run.noPreview', { wanted: unknown, known: known.map((p) => p.name).join(', ') }));
  const previewIds = a.previews.length
    ? new Set(session.program.previews.filter((p) => a.previews.includes(p.name) || a.previews.includes(p.id)).map((p) => p.id))
    : undefined;
  const result = await train(session, {
    previewIds,
    steps: a.steps,
    metricsEvery: a.metricsEvery,
    previewEvery: a.previewEvery,
    onMetrics,
    onPreview,
    onHealthy: async (step) => {
      kept.healthy(step);
      if (a.checkpointEvery > 0 && step % a.checkpointEvery === 0) await save();
    },
    shouldStop: () => unfit !== null,
  });
  bar?.stop();
  const stop = result.status === 'nonFinite' ? nonFiniteIssues(result, await keepLastGood(result.step)) : (await save(), unfit ? [unfit] : []);
  if (stop.length) {
    for (const i of stop) log(`${severityOf(i.code)}: ${renderIssue(i)}`);
    disposeSession(session);
    return 3;
  }
  const secs = (performance.now() - t0) / 1000;
  log(`trained ${session.step - start} iterations in ${secs.toFixed(1)} s; checkpoint in ${checkpointDir}`);
  if (session.program.metrics.length) {
    // the Metrics once more, from the final weights: the figures a run ends with
    const final: StepMetrics = { step: session.step, losses: {}, metrics: await readMetrics(session) };
    await appendFile(metricsFile, `${line(final)}\n`);
    log(`metrics after ${session.step} iterations: ${Object.entries(named(final.metrics!)).map(([k, v]) => `${k} ${formatMetric(v)}`).join(', ')}`);
  }
  disposeSession(session);
  return 0;
}
