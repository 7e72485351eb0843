// Training in chunks: each call of train() runs up to one read-back of the losses, and between two
// chunks the runner saves, posts and lets the page's commands in. A chunk ends exactly where a
// preview or a checkpoint falls due; its length otherwise follows the speed (the caller's readEvery).
import { renderIssue } from '../../messages';
import type { Session } from '../session';
import { nonFiniteIssues, train, type StepMetrics, type TrainResult } from '../trainer';
import type { FromWorker, RunSettings } from './protocol';

export interface ChunkHooks {
  /** read for each chunk: settings sent while the loop runs apply from the next chunk on */
  settings: () => RunSettings;
  /** a pause or stop asked for */
  interrupted: () => boolean;
  /** iterations between two loss read-backs, at the speed so far */
  readEvery: () => number;
  onMetrics: (rows: StepMetrics[]) => void;
  /** after each healthy read-back; `checkpointDue` when a checkpoint falls on its step */
  between: (checkpointDue: boolean) => Promise<void>;
  /** after a chunk that ended where previews fall due */
  previewDue: () => Promise<void>;
}

/** Iterations from `step` to the next multiple of `k` (none for k = 0). */
export const toNextMultiple = (step: number, k: number): number => (k > 0 ? k - (step % k) : Infinity);

/** The length of the chunk that starts at `step`. */
export function chunkLength(step: number, until: number | null, readEvery: number, s: Pick<RunSettings, 'previewEvery' | 'checkpointEvery'>): number {
  return Math.min(until === null ? Infinity : until - step, readEvery, toNextMultiple(step, s.previewEvery), toNextMultiple(step, s.checkpointEvery));
}

/** Trains until `until` (null: until interrupted), a non-finite loss, or an interrupt. */
export async function trainInChunks(s: Session, until: number | null, hooks: ChunkHooks): Promise<TrainResult> {
  const shouldStop = () => hooks.interrupted() || (until !== null && s.step >= until);
  let result: TrainResult = { status: 'done', step: s.step };
  while (!shouldStop()) {
    const settings = hooks.settings();
    const { previewEvery, checkpointEvery } = settings;
    const steps = chunkLength(s.step, until, hooks.readEvery(), settings);
    result = await train(s, {
      steps,
      metricsEvery: steps,
      shouldStop,
      onMetrics: hooks.onMetrics,
      onHealthy: (step) => hooks.between(checkpointEvery > 0 && step % checkpointEvery === 0),
    });
    if (result.status === 'nonFinite') break;
    if (previewEvery > 0 && s.step % previewEvery === 0) await hooks.previewDue();
  }
  return result;
}

/** The page's word of a non-finite loss, naming the optimizer node of the update that gave it. */
export function nonFiniteReport(s: Session, result: Extract<TrainResult, { status: 'nonFinite' }>, kept: number | null): Extract<FromWorker, { type: 'nonFinite' }> {
  const update = s.program.updates.find((u) => u.name === result.update);
  const message = nonFiniteIssues(result, kept).map(renderIssue).join(' ');
  return { type: 'nonFinite', step: result.step, updateId: update?.id ?? '', updateName: result.update, message };
}
