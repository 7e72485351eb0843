// After training stops on a non-finite loss, the checkpoint kept is the newest one saved whose
// weights are finite and whose next iteration's losses were finite: resuming from it trains on,
// where the checkpoint of the very iteration whose loss overflowed would overflow again.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runTrain, type TrainArgs } from '../../src/cli/train';
import { restoreCheckpoint, type Checkpoint } from '../../src/runtime/checkpoint';
import { loadCheckpointDir } from '../../src/runtime/checkpoint-files';
import { disposeSession } from '../../src/runtime/session';
import { train } from '../../src/runtime/trainer';
import { cpuSession } from '../helpers/cpu-session';
import { divergingDoc } from '../helpers/diverging-doc';

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

const args = (out: string, every: { metrics: number; checkpoint: number }): TrainArgs => ({
  doc: divergingDoc(), steps: 60, out, backend: 'cpu', seed: 1, metricsEvery: every.metrics, previewEvery: 0,
  checkpointEvery: every.checkpoint, previews: [], quiet: true,
});

/** The loss of the first iteration trained from `c`. */
async function nextLoss(c: Checkpoint): Promise<number> {
  const s = await cpuSession(divergingDoc());
  await restoreCheckpoint(s, c);
  let loss = NaN;
  await train(s, { steps: 1, metricsEvery: 1, onMetrics: (m) => void (loss = m[0]!.losses.opt!) });
  disposeSession(s);
  return loss;
}

describe('the checkpoint kept after a non-finite loss', () => {
  // the loss first overflows at iteration 42 (see diverging-doc.ts)
  it.each([
    { metrics: 1, checkpoint: 1, kept: 41 },
    { metrics: 3, checkpoint: 6, kept: 36 },
  ])('is the last good one with read-backs every $metrics and checkpoints every $checkpoint iterations', async (every) => {
    const out = await mkdtemp(path.join(os.tmpdir(), 'last-good-'));
    dirs.push(out);
    expect(await runTrain(args(out, every))).toBe(3);
    const { checkpoint } = await loadCheckpointDir(path.join(out, 'checkpoint'));
    expect(checkpoint.step).toBe(every.kept);
    expect(checkpoint.tensors.every((t) => t.data.every(Number.isFinite))).toBe(true);
    expect(Number.isFinite(await nextLoss(checkpoint))).toBe(true);
  });

  it('is the checkpoint a run resumed from in the same directory when the run saved none good since', async () => {
    const out = await mkdtemp(path.join(os.tmpdir(), 'last-good-'));
    dirs.push(out);
    const dir = path.join(out, 'checkpoint');
    expect(await runTrain({ ...args(out, { metrics: 1, checkpoint: 0 }), steps: 41 })).toBe(0);
    // resumed at 41, it saves 42, whose own iteration overflows: 41 goes back
    expect(await runTrain({ ...args(out, { metrics: 1, checkpoint: 1 }), doc: undefined, resume: dir })).toBe(3);
    expect((await loadCheckpointDir(dir)).checkpoint.step).toBe(41);
  });

  it('is none when the only checkpoint is of the iteration that overflowed', async () => {
    const out = await mkdtemp(path.join(os.tmpdir(), 'last-good-'));
    dirs.push(out);
    const dir = path.join(out, 'checkpoint');
    expect(await runTrain({ ...args(out, { metrics: 1, checkpoint: 0 }), steps: 42 })).toBe(0);
    expect(await runTrain({ ...args(out, { metrics: 1, checkpoint: 1 }), doc: undefined, resume: dir })).toBe(3);
    await expect(loadCheckpointDir(dir)).rejects.toMatchObject({ issue: { code: 'run.checkpointMissing' } });
  });
});
