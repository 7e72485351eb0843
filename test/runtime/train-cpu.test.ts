// The small graphs on the CPU backend: the same seed repeats, a checkpoint resumes exactly, and a
// non-finite loss stops training. (That they learn is test/wasm/small-graphs-learn.test.ts.)
import { describe, expect, it } from 'vitest';
import { captureCheckpoint, decodeCheckpoint, encodeCheckpoint, restoreCheckpoint } from '../../src/runtime/checkpoint';
import { disposeSession } from '../../src/runtime/session';
import { train, type StepMetrics } from '../../src/runtime/trainer';
import { applyOverrides } from '../../src/graph/overrides';
import { cpuSession, template, tf } from '../helpers/cpu-session';
import type { Session } from '../../src/runtime/session';
import { everyLossDoc } from '../codegen/fixtures';

async function losses(s: Session, steps: number): Promise<StepMetrics[]> {
  const all: StepMetrics[] = [];
  const r = await train(s, { steps, metricsEvery: 5, onMetrics: (m) => void all.push(...m) });
  expect(r.status).toBe('done');
  return all;
}

describe('training on the CPU backend', () => {
  it('repeats the same losses for the same seed and differs for another', async () => {
    const run = async (seed: number) => {
      const s = await cpuSession(template('gan-2d'), { batchSize: 16, seed });
      const m = await losses(s, 5);
      disposeSession(s);
      return m.map((x) => [x.losses.D, x.losses.G]);
    };
    const a = await run(7), b = await run(7), c = await run(8);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });

  it('resumes from a checkpoint exactly where it stopped', async () => {
    const straight = await cpuSession(template('gan-2d'), { batchSize: 16, seed: 3 });
    const reference = await losses(straight, 10);
    disposeSession(straight);

    const first = await cpuSession(template('gan-2d'), { batchSize: 16, seed: 3 });
    await losses(first, 5);
    const { header, body } = encodeCheckpoint(await captureCheckpoint(first));
    disposeSession(first);
    const resumed = await cpuSession(template('gan-2d'), { batchSize: 16, seed: 99 });
    const beforeRestore = tf.memory().numTensors;
    await restoreCheckpoint(resumed, decodeCheckpoint(header, body));
    // the optimizers' state (2 Adam moments per weight, and beta powers already made) is all that is added
    const adamMoments = resumed.program.updates.reduce((n, u) => n + 2 * u.variables.length, 0);
    expect(tf.memory().numTensors - beforeRestore).toBe(adamMoments);
    expect(resumed.step).toBe(5);
    const after = await losses(resumed, 5);
    disposeSession(resumed);
    expect(after.map((m) => m.step)).toEqual([5, 6, 7, 8, 9]);
    expect(after.map((m) => m.losses)).toEqual(reference.slice(5).map((m) => m.losses));
  });

  it('resumes exactly with dropout too: the masks after a restore come from the restored stream', async () => {
    const doc = everyLossDoc();
    const straight = await cpuSession(doc, { seed: 3 });
    const reference = await losses(straight, 10);
    disposeSession(straight);

    const first = await cpuSession(doc, { seed: 3 });
    await losses(first, 5);
    const { header, body } = encodeCheckpoint(await captureCheckpoint(first));
    disposeSession(first);
    const resumed = await cpuSession(doc, { seed: 99 });
    await restoreCheckpoint(resumed, decodeCheckpoint(header, body));
    const after = await losses(resumed, 5);
    disposeSession(resumed);
    expect(after.map((m) => m.losses)).toEqual(reference.slice(5).map((m) => m.losses));
  });

  it('stops on a non-finite loss, naming the update and the iteration', async () => {
    // noise of std 1e38 overflows float32 in the generator's first layer
    const { doc } = applyOverrides(template('gan-2d'), { set: [{ node: 'noise', param: 'std', value: 1e38 }] });
    const s = await cpuSession(doc, { batchSize: 16 });
    const seen: StepMetrics[] = [];
    const r = await train(s, { steps: 20, metricsEvery: 10, onMetrics: (m) => void seen.push(...m) });
    disposeSession(s);
    expect(r.status).toBe('nonFinite');
    if (r.status !== 'nonFinite') return;
    const firstBad = seen.find((m) => Object.values(m.losses).some((v) => !Number.isFinite(v)))!;
    expect(r.step).toBe(firstBad.step);
    expect(r.step).toBeLessThan(10);
    expect(r.update).toBe(Object.entries(firstBad.losses).find(([, v]) => !Number.isFinite(v))![0]);
    expect(r.issue.code).toBe('run.nonFinite');
    expect(s.step).toBeLessThanOrEqual(10); // it stopped at the first read-back, not at 20
  });
});
