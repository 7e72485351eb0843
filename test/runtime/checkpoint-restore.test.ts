// Restoring a checkpoint into a session: into one that has trained already it replaces the
// optimizers' state without leaving the old state behind, and what does not fit the graph is
// refused with a coded message before anything changes.
import { describe, expect, it } from 'vitest';
import { captureCheckpoint, restoreCheckpoint, type Checkpoint } from '../../src/runtime/checkpoint';
import { TensorloomError } from '../../src/runtime/errors';
import { disposeSession } from '../../src/runtime/session';
import { train } from '../../src/runtime/trainer';
import { cpuSession, template, tf } from '../helpers/cpu-session';

describe('restoring a checkpoint', () => {
  it('into a session that has trained leaves the tensor count exactly where it was', async () => {
    const s = await cpuSession(template('gan-2d'), { batchSize: 8 });
    await train(s, { steps: 2, metricsEvery: 1 });
    const saved = await captureCheckpoint(s);
    await train(s, { steps: 1, metricsEvery: 1 });
    const before = tf.memory().numTensors;
    const counts: number[] = [];
    for (let i = 0; i < 3; i++) {
      await restoreCheckpoint(s, saved);
      counts.push(tf.memory().numTensors - before);
    }
    expect(counts).toEqual([0, 0, 0]);
    // and the restored session trains on from there exactly as the first one did
    expect(s.step).toBe(2);
    const again = await captureCheckpoint(s);
    expect(again.tensors.map((t) => Array.from(t.data))).toEqual(saved.tensors.map((t) => Array.from(t.data)));
    disposeSession(s);
  });

  it('refuses optimizer state of the wrong shape with a coded message and changes nothing', async () => {
    const s = await cpuSession(template('gan-2d'), { batchSize: 8 });
    await train(s, { steps: 1, metricsEvery: 1 });
    const saved = await captureCheckpoint(s);
    const broken: Checkpoint = {
      ...saved,
      step: 7,
      tensors: saved.tensors.map((t) => (t.name.startsWith('optimizer/opt_D/1/') ? { ...t, shape: [t.data.length], data: t.data } : t)),
    };
    const at = await captureCheckpoint(s);
    const error = await restoreCheckpoint(s, broken).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(TensorloomError);
    expect((error as TensorloomError).issue.code).toBe('run.checkpointMismatch');
    expect(s.step).toBe(1);
    const after = await captureCheckpoint(s);
    expect(after.tensors.map((t) => Array.from(t.data))).toEqual(at.tensors.map((t) => Array.from(t.data)));
    disposeSession(s);
  });
});
