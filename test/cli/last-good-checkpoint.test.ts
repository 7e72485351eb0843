// After training stops on a non-finite loss, the checkpoint kept is the newest one saved whose
// weights are finite and whose next iteration's losses were finite: resuming from it trains on,
// where the checkpoint of the very iteration whose loss overflowed would overflow again.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
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

/** runTrain, and what it wrote to stderr. */
async function trainTold(a: TrainArgs): Promise<{ code: number; told: string }> {
  let told = '';
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((told += String(chunk)), true));
  try {
    return { code: await runTrain(a), told };
  } finally {
    spy.mockRestore();
  }
}

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
    const { code, told } = await trainTold(args(out, every));
    expect(code).toBe(3);
    expect(told).toMatch(/error: Training stopped at step 42: update "opt" gave a non-finite loss/);
    expect(told).toContain(`info: The checkpoint of step ${every.kept}, the last one whose next loss was finite, is kept: resume from it.`);
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
    const { code, told } = await trainTold({ ...args(out, { metrics: 1, checkpoint: 1 }), doc: undefined, resume: dir });
    expect(code).toBe(3);
    expect(told).toMatch(/warning: No checkpoint from before it is left .* train again from the start/);
    expect(told).not.toMatch(/is kept/);
    await expect(loadCheckpointDir(dir)).rejects.toMatchObject({ issue: { code: 'run.checkpointMissing' } });
  });
});
