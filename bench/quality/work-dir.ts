// A quality run's working directory, so that a long run survives being stopped: DIR/checkpoint/
// (the CLI's checkpoint format), DIR/metrics.jsonl (one line per read-back iteration, the CLI's
// format) and DIR/progress.json (training wall time so far). Metrics are appended only together
// with a checkpoint, so after a kill the file never runs ahead of the weights it resumes from.
import { access, appendFile, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { GraphDoc } from '../../src/graph/types';
import { saveDocument } from '../../src/graph/save';
import type { Checkpoint } from '../../src/runtime/checkpoint';
import { loadCheckpointDir, saveCheckpointDir } from '../../src/runtime/checkpoint-files';
import type { StepMetrics } from '../../src/runtime/trainer';

export interface WorkState {
  /** the checkpoint to resume from, absent on a fresh start */
  checkpoint?: Checkpoint;
  /** training wall time of the earlier parts of this run */
  trainSeconds: number;
}

interface Progress {
  step: number;
  trainSeconds: number;
}

const exists = async (file: string) => access(file).then(() => true, () => false);

/**
 * Opens DIR for `doc`: resumes when DIR holds a checkpoint of the same graph, starts fresh when it
 * holds none, and refuses a checkpoint of another graph (a different template or --set), which
 * would silently train the wrong thing.
 */
export async function openWorkDir(dir: string, doc: GraphDoc): Promise<WorkState> {
  await mkdir(dir, { recursive: true });
  const checkpointDir = path.join(dir, 'checkpoint');
  if (!(await exists(path.join(checkpointDir, 'checkpoint.json')))) {
    await writeFile(path.join(dir, 'metrics.jsonl'), '');
    return { trainSeconds: 0 };
  }
  const saved = await loadCheckpointDir(checkpointDir);
  if (saveDocument(saved.doc) !== saveDocument(doc)) {
    throw new Error(`${dir} holds a checkpoint of another graph (template, batch size or --set differ); give a new --work directory or delete ${checkpointDir}`);
  }
  const progress = JSON.parse(await readFile(path.join(dir, 'progress.json'), 'utf8').catch(() => '{"trainSeconds":0}')) as Progress;
  await dropMetricsAfter(path.join(dir, 'metrics.jsonl'), saved.checkpoint.step);
  return { checkpoint: saved.checkpoint, trainSeconds: progress.trainSeconds };
}

/** keeps the metrics lines of the `step` iterations done (numbered from 0), dropping any written past them */
async function dropMetricsAfter(file: string, step: number): Promise<void> {
  const text = await readFile(file, 'utf8').catch(() => '');
  const kept = text.split('\n').filter((line) => line && (JSON.parse(line) as { step: number }).step < step);
  await writeFile(file, kept.map((l) => `${l}\n`).join(''));
}

/** Saves one finished part: the checkpoint first, then its metrics and the wall time. */
export async function savePart(dir: string, doc: GraphDoc, checkpoint: Checkpoint, metrics: StepMetrics[], trainSeconds: number): Promise<void> {
  await saveCheckpointDir(path.join(dir, 'checkpoint'), doc, checkpoint);
  await appendFile(path.join(dir, 'metrics.jsonl'), metrics.map((m) => `${JSON.stringify({ step: m.step, ...m.losses })}\n`).join(''));
  const progress: Progress = { step: checkpoint.step, trainSeconds };
  await writeFile(path.join(dir, 'progress.json.tmp'), JSON.stringify(progress));
  await rename(path.join(dir, 'progress.json.tmp'), path.join(dir, 'progress.json'));
}
