// The quality benchmark's working directory: a run stopped after its first part and started again
// with the same command goes on from the checkpoint and ends where an uninterrupted run ends.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runTemplate, type RunOptions } from '../../bench/quality/run-template';
import { applyOverrides } from '../../src/graph/overrides';
import { loadDataset } from '../../src/runtime/datasets/node';
import { template, tf } from '../helpers/cpu-session';

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

const doc = applyOverrides(template('vae-mlp'), { batchSize: 4 }).doc;
const options = (steps: number, work?: string): RunOptions => ({
  steps, seed: 3, samples: 2, genBatch: 2, elboBatch: 2, elboCount: 2,
  loadDataset: (k) => loadDataset(k), log: () => {}, work, checkpointEvery: 2,
});

describe('quality run working directory', () => {
  it('resumes a stopped run and ends with the uninterrupted run\'s losses and one metrics line per iteration', async () => {
    await tf.setBackend('cpu');
    const work = await mkdtemp(path.join(os.tmpdir(), 'quality-work-'));
    dirs.push(work);
    const whole = await runTemplate(tf, doc, options(6));
    await runTemplate(tf, doc, options(4, work));
    const resumed = await runTemplate(tf, doc, options(6, work));
    expect(resumed.lastLosses).toEqual(whole.lastLosses);
    const steps = (await readFile(path.join(work, 'metrics.jsonl'), 'utf8')).trim().split('\n').map((l) => (JSON.parse(l) as { step: number }).step);
    expect(steps).toEqual([0, 1, 2, 3, 4, 5]); // iterations are numbered from 0, as the CLI's metrics.jsonl
    const progress = JSON.parse(await readFile(path.join(work, 'progress.json'), 'utf8')) as { step: number; trainSeconds: number };
    expect(progress.step).toBe(6);
    expect(resumed.trainSeconds).toBeGreaterThan(0);
  });

  it('refuses a directory that holds a checkpoint of another graph', async () => {
    await tf.setBackend('cpu');
    const work = await mkdtemp(path.join(os.tmpdir(), 'quality-work-'));
    dirs.push(work);
    await runTemplate(tf, doc, options(2, work));
    const other = applyOverrides(template('vae-mlp'), { batchSize: 5 }).doc;
    await expect(runTemplate(tf, other, options(4, work))).rejects.toThrow(/checkpoint of another graph/);
  });
});
