// Metric nodes in training: they are evaluated before the iterations their `every` falls on, from
// a stream of their own (adding one changes none of the losses), resume to the same values and
// leak nothing. (The LeNet template's climbing test accuracy: test/wasm/lenet-learns.test.ts.)
import { describe, expect, it } from 'vitest';
import type { GraphDoc } from '../../src/graph/types';
import { captureCheckpoint, restoreCheckpoint } from '../../src/runtime/checkpoint';
import { disposeSession, type Session } from '../../src/runtime/session';
import { train, type StepMetrics } from '../../src/runtime/trainer';
import { cpuSession, template, tf } from '../helpers/cpu-session';

/** The 2-D GAN with a Metric on its discriminator's loss. */
function withLossMetric(doc: GraphDoc, every: number, batches: number): GraphDoc {
  const d = structuredClone(doc);
  const loss = d.main.edges.find((e) => e.target.node === 'opt_D')!.source;
  d.main.nodes.push({ id: 'watch_d', type: 'metrics.metric', params: { every, batches }, position: { x: 0, y: 0 }, label: 'D loss watched' });
  d.main.edges.push({ id: 'to_watch_d', source: loss, target: { node: 'watch_d', port: 'value' } });
  return d;
}

async function rows(s: Session, steps: number): Promise<StepMetrics[]> {
  const all: StepMetrics[] = [];
  const r = await train(s, { steps, metricsEvery: 3, onMetrics: (m) => void all.push(...m) });
  expect(r.status).toBe('done');
  return all;
}

describe('Metric nodes while training', () => {
  it('change none of the losses, and are charted at every multiple of `every`', async () => {
    const plain = await cpuSession(template('gan-2d'), { batchSize: 16, seed: 3 });
    const watched = await cpuSession(withLossMetric(template('gan-2d'), 2, 2), { batchSize: 16, seed: 3 });
    const a = await rows(plain, 7);
    const b = await rows(watched, 7);
    expect(b.map((r) => r.losses)).toEqual(a.map((r) => r.losses));
    expect(b.filter((r) => r.metrics).map((r) => r.step)).toEqual([0, 2, 4, 6]);
    expect(b.every((r) => !r.metrics || Number.isFinite(r.metrics['watch_d']))).toBe(true);
    expect(watched.program.metrics.map((m) => m.name)).toEqual(['D loss watched']);
    disposeSession(plain);
    disposeSession(watched);
  });

  it('give the same values after a resume, and leak no tensor', async () => {
    const doc = withLossMetric(template('gan-2d'), 1, 3);
    const s = await cpuSession(doc, { batchSize: 16, seed: 5 });
    await rows(s, 2);
    const saved = await captureCheckpoint(s);
    const tensors = tf.memory().numTensors;
    const straight = await rows(s, 3);
    expect(tf.memory().numTensors).toBe(tensors);
    await restoreCheckpoint(s, saved);
    const resumed = await rows(s, 3);
    expect(resumed.map((r) => r.metrics)).toEqual(straight.map((r) => r.metrics));
    expect(new Set(straight.map((r) => r.metrics!['watch_d'])).size).toBe(3);
    disposeSession(s);
  });
});

describe('updates that share a label', () => {
  it('report a loss each, told apart by node id, and the app and its charts agree on the names', async () => {
    const doc = structuredClone(template('gan-2d'));
    for (const n of doc.main.nodes) if (n.type.startsWith('optimizers.')) n.label = 'Adam';
    const s = await cpuSession(doc, { batchSize: 8 });
    expect(s.program.updates.map((u) => u.name)).toEqual(['Adam (opt_D)', 'Adam (opt_G)']);
    const r = await rows(s, 2);
    expect(r.map((m) => Object.keys(m.losses).length)).toEqual([2, 2]);
    disposeSession(s);
  });
});
