// The training worker's logic on the CPU backend in Node: it trains to a target, pauses and steps on
// command, checkpoints and resumes at the same iteration with its loss history, stops on NaN
// naming the optimizer node, and does not leak tensors between runs.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { applyOverrides } from '../../graph/overrides';
import type { GraphDoc } from '../../graph/types';
import { TEMPLATES } from '../../../templates';
import { trainingFingerprint } from './fingerprint';
import type { FromWorker, ProbeResult, RunSettings, ToWorker } from './protocol';
import { memoryStore, runnerHarness } from '../../../test/helpers/runner-harness';
import { packCheckpointFile, unpackCheckpointFile } from '../checkpoint-file';

const harness = runnerHarness;

const gan = (batch = 16): GraphDoc => applyOverrides(TEMPLATES.find((t) => t.id === 'gan-2d')!.doc, { batchSize: batch }).doc;
const settings: RunSettings = { metricsEvery: 5, previewEvery: 10, checkpointEvery: 20 };
const start = (doc: GraphDoc, run: Extract<ToWorker, { type: 'start' }>['run'], resumeFrom: string | null = trainingFingerprint(doc)): ToWorker => ({
  type: 'start', doc, fingerprint: trainingFingerprint(doc), seed: 1, resumeFrom, backend: 'cpu', settings, run,
});
/** what a trained gan-2d session holds: the 12 weights of G and D, Adam's two moments of each, and each Adam's two beta powers */
const GAN_TENSORS = 12 + 2 * 12 + 2 * 2;
const loggedSteps = (seen: FromWorker[]) => seen.flatMap((m) => (m.type === 'metrics' ? m.steps : []));

describe('the training runner', () => {
  it('trains N iterations: losses for each, previews, a checkpoint, then paused at the target', async () => {
    const h = harness();
    const doc = gan();
    h.runner.handle(start(doc, { kind: 'for', iterations: 30 }));
    await h.runner.idle();
    expect(h.of('error')).toEqual([]);
    expect(h.of('backend')[0]!.choice.name).toBe('cpu');
    const ready = h.of('ready')[0]!;
    expect(ready.updates.map((u) => u.id)).toEqual(['opt_D', 'opt_G']);
    expect(ready.resumedFrom).toBeNull();
    expect(loggedSteps(h.seen)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    const metrics = h.of('metrics');
    expect(metrics.every((m) => m.losses.length === 2 && m.losses.every((l) => l.length === m.steps.length))).toBe(true);
    // the same at every report: nothing leaks from one iteration to the next
    expect(metrics.map((m) => m.memory.numTensors)).toEqual(metrics.map(() => GAN_TENSORS));
    // previews: at start (0), every 10 iterations
    const previewSteps = h.of('previews').map((p) => p.frames[0]!.step);
    expect(previewSteps).toEqual([0, 10, 20, 30]);
    const frame = h.of('previews').at(-1)!.frames.find((f) => f.id === 'fake_points')!;
    expect(frame.kind).toBe('points');
    if (frame.kind === 'points') expect(frame.points.length).toBe(2 * 16);
    expect(h.of('checkpoint').map((c) => c.step)).toEqual([20, 30]);
    expect(h.lastState()).toMatchObject({ state: 'paused', step: 30, target: 30, targetFrom: 0 });
    // a step beyond the finished run carries its end along
    h.runner.handle({ type: 'step' });
    await h.runner.idle();
    expect(h.lastState()).toMatchObject({ state: 'paused', step: 31, target: 31, targetFrom: 30 });
    h.runner.handle({ type: 'stop', discard: false });
    await h.runner.idle();
    expect(h.lastState()).toMatchObject({ state: 'idle', step: 31 }); // the step it ended at
  });

  it('pauses a run that goes until stopped, steps once, resumes, and stops with a checkpoint', async () => {
    const h = harness();
    const doc = gan();
    const tensorsBefore = tf.memory().numTensors;
    h.runner.handle(start(doc, { kind: 'untilStopped' }));
    await h.waitFor(() => loggedSteps(h.seen).length >= 10, 'ten iterations');
    h.runner.handle({ type: 'pause' });
    await h.runner.idle();
    const paused = h.lastState()!;
    expect(paused.state).toBe('paused');
    expect(paused.target).toBeNull();
    await new Promise((r) => setTimeout(r, 50));
    expect(h.lastState()!.step).toBe(paused.step); // nothing runs while paused
    expect(loggedSteps(h.seen).at(-1)).toBe(paused.step - 1);

    h.runner.handle({ type: 'step' });
    await h.runner.idle();
    expect(h.lastState()).toMatchObject({ state: 'paused', step: paused.step + 1 });
    expect(loggedSteps(h.seen).at(-1)).toBe(paused.step);

    h.runner.handle({ type: 'run', request: { kind: 'rest' } });
    await h.waitFor(() => loggedSteps(h.seen).length >= paused.step + 11, 'more iterations after resuming');
    h.runner.handle({ type: 'stop', discard: false });
    await h.runner.idle();
    const stopped = h.of('state').at(-1)!;
    expect(stopped.state).toBe('idle');
    // the session's weights and optimizer state went back, and its checkpoints left nothing behind
    expect(paused.memory.numTensors).toBe(tensorsBefore + GAN_TENSORS);
    expect(stopped.memory.numTensors).toBe(tensorsBefore);
    const last = h.of('checkpoint').at(-1)!;
    expect(h.store.records.get(trainingFingerprint(doc))!.step).toBe(last.step);
    // every iteration logged exactly once, in order
    const steps = loggedSteps(h.seen);
    expect(steps).toEqual(Array.from({ length: steps.length }, (_, i) => i));
    expect(steps.length).toBe(last.step);
  });

  it('resumes from the checkpoint at the same iteration, with the loss history up to it', async () => {
    const store = memoryStore();
    const doc = gan();
    const first = harness(store);
    first.runner.handle(start(doc, { kind: 'for', iterations: 12 }));
    await first.runner.idle(); // a stop sent now would interrupt the run at once
    first.runner.handle({ type: 'stop', discard: false });
    await first.runner.idle();
    const before = loggedSteps(first.seen);
    expect(before.length).toBe(12);

    const second = harness(store); // a reloaded page: a new worker, the same storage
    second.runner.handle(start(doc, { kind: 'for', iterations: 3 }));
    await second.runner.idle();
    const ready = second.of('ready')[0]!;
    expect(ready.step).toBe(12);
    expect(ready.resumedFrom).toBe(12);
    expect([...ready.history.steps]).toEqual(before);
    expect(loggedSteps(second.seen)).toEqual([12, 13, 14]);
    expect(second.lastState()).toMatchObject({ state: 'paused', step: 15, target: 15, targetFrom: 12 });
    second.runner.handle({ type: 'stop', discard: true });
    await second.runner.idle();
    expect(store.records.has(trainingFingerprint(doc))).toBe(false);
  });

  it('starts afresh when asked for a checkpoint that does not exist', async () => {
    const h = harness();
    h.runner.handle(start(gan(), { kind: 'for', iterations: 2 }, 'no-such-checkpoint'));
    await h.runner.idle();
    h.runner.handle({ type: 'stop', discard: true });
    await h.runner.idle();
    expect(h.of('ready')[0]).toMatchObject({ step: 0, resumedFrom: null });
    expect(loggedSteps(h.seen)).toEqual([0, 1]);
  });

  it('stops on a non-finite loss, naming the optimizer node and the iteration, and keeps no checkpoint of it', async () => {
    const h = harness();
    const doc = applyOverrides(gan(), { set: [{ node: 'noise', param: 'std', value: 1e38 }] }).doc;
    h.runner.handle(start(doc, { kind: 'for', iterations: 50 }));
    await h.runner.idle();
    const bad = h.of('nonFinite');
    expect(bad).toHaveLength(1);
    expect(['opt_D', 'opt_G']).toContain(bad[0]!.updateId);
    expect(bad[0]!.message).toContain(`step ${bad[0]!.step}`);
    expect(bad[0]!.message).toContain(`"${bad[0]!.updateName}"`);
    // the first non-finite loss logged is the one named
    const rows = h.of('metrics').flatMap((m) => m.steps.map((step, i) => ({ step, values: m.losses.map((l) => l[i]!) })));
    expect(rows.find((r) => r.values.some((v) => !Number.isFinite(v)))!.step).toBe(bad[0]!.step);
    expect(rows.at(-1)!.step).toBeLessThan(bad[0]!.step + settings.metricsEvery); // it stopped at that read-back
    expect(h.lastState()!.state).toBe('idle');
    expect(h.store.records.size).toBe(0);
    expect(bad[0]!.message).toMatch(/No checkpoint from before it is left/); // it says so, rather than promising one
  });

  it('reports a graph with errors as an error and stays usable', async () => {
    const h = harness();
    const broken = structuredClone(gan());
    broken.main.edges = broken.main.edges.filter((e) => e.target.node !== 'opt_G');
    h.runner.handle(start(broken, { kind: 'for', iterations: 2 }));
    await h.runner.idle();
    expect(h.of('error')[0]!.message).toMatch(/cannot be trained/);
    expect(h.lastState()!.state).toBe('idle');
    h.runner.handle(start(gan(), { kind: 'for', iterations: 2 }));
    await h.runner.idle();
    expect(loggedSteps(h.seen)).toEqual([0, 1]);
  });

  it('a stop sent while a run starts ends it before its first iteration', async () => {
    const h = harness();
    h.runner.handle(start(gan(), { kind: 'for', iterations: 1000 }));
    h.runner.handle({ type: 'stop', discard: true });
    await h.runner.idle();
    expect(loggedSteps(h.seen)).toEqual([]);
    expect(h.lastState()!.state).toBe('idle');
  });

  it('keeps the tensor count flat from one run to the next, checkpoints included', async () => {
    const h = harness();
    h.runner.handle(start(gan(), { kind: 'for', iterations: 5 }));
    await h.runner.idle();
    const counts: number[] = [];
    const saves: number[] = [];
    for (let i = 0; i < 3; i++) {
      h.runner.handle({ type: 'run', request: { kind: 'for', iterations: 12 } });
      await h.runner.idle();
      counts.push(tf.memory().numTensors);
      saves.push(h.of('checkpoint').length);
    }
    h.runner.handle({ type: 'stop', discard: true });
    await h.runner.idle();
    expect(h.of('error')).toEqual([]);
    expect(saves[2]! - saves[0]!).toBeGreaterThan(0);
    expect(counts[1]).toBe(counts[0]);
    expect(counts[2]).toBe(counts[0]);
  });

  it('changes a learning rate while paused; the checkpoint keeps it and a resumed session uses it', async () => {
    const store = memoryStore();
    const doc = gan();
    const first = harness(store);
    first.runner.handle(start(doc, { kind: 'for', iterations: 2 }));
    await first.runner.idle();
    const initial = first.of('learningRates')[0]!.rates;
    expect(Object.keys(initial).sort()).toEqual(['opt_D', 'opt_G']);
    first.runner.handle({ type: 'learningRate', updateId: 'opt_G', value: 0.0123 });
    first.runner.handle({ type: 'learningRate', updateId: 'opt_G', value: -1 }); // refused: no report
    expect(first.of('learningRates').at(-1)!.rates).toEqual({ ...initial, opt_G: 0.0123 });
    expect(first.of('learningRates')).toHaveLength(2);
    first.runner.handle({ type: 'step' });
    first.runner.handle({ type: 'stop', discard: false });
    await first.runner.idle();

    const second = harness(store);
    second.runner.handle(start(doc, null));
    await second.runner.idle();
    expect(second.of('ready')[0]!.resumedFrom).toBe(3);
    expect(second.of('learningRates')[0]!.rates).toEqual({ ...initial, opt_G: 0.0123 });
    second.runner.handle({ type: 'stop', discard: true });
    await second.runner.idle();
  });

  it('resumes from a checkpoint file in another browser; a file whose weights do not fit is an error that keeps the stored checkpoint', async () => {
    const doc = gan();
    const first = harness();
    first.runner.handle(start(doc, { kind: 'for', iterations: 4 }));
    await first.runner.idle();
    first.runner.handle({ type: 'stop', discard: false });
    await first.runner.idle();
    const file = packCheckpointFile(first.store.records.get(trainingFingerprint(doc))!);

    const second = harness(); // empty storage
    second.runner.handle({ ...start(doc, { kind: 'for', iterations: 2 }), checkpoint: unpackCheckpointFile(file, 'gan.tlckpt') } as ToWorker);
    await second.runner.idle();
    expect(second.of('error')).toEqual([]);
    expect(second.of('ready')[0]).toMatchObject({ step: 4, resumedFrom: 4 });
    expect([...second.of('ready')[0]!.history.steps]).toEqual([0, 1, 2, 3]);
    expect(loggedSteps(second.seen)).toEqual([4, 5]);
    expect(second.store.records.get(trainingFingerprint(doc))!.step).toBe(6); // saved under this graph from then on

    // a graph with a wider generator: the file's weights do not fit
    const wide = applyOverrides(doc, { set: [{ node: 'generator/h1', param: 'units', value: 48 }] }).doc;
    const before = second.store.records.get(trainingFingerprint(doc));
    second.runner.handle({ ...start(wide, { kind: 'for', iterations: 2 }), checkpoint: unpackCheckpointFile(file, 'gan.tlckpt') } as ToWorker);
    await second.runner.idle();
    expect(second.of('error').at(-1)!.message).toMatch(/does not fit this graph/);
    expect(second.lastState()!.state).toBe('idle');
    expect(second.store.records.get(trainingFingerprint(doc))).toBe(before);
    expect(second.store.records.has(trainingFingerprint(wide))).toBe(false);
  });

  it('shows a wire: statistics of a fixed batch, without changing how training goes on', async () => {
    const doc = gan();
    const probed = harness();
    probed.runner.handle(start(doc, null, null));
    await probed.runner.idle();
    const probe = async (id: number, node: string, port: string) => {
      probed.runner.handle({ type: 'probe', request: { id, edgeId: `w${id}`, node, port } });
      await probed.runner.idle();
    };
    await probe(1, 'noise', 'out');
    await probe(2, 'noise', 'out');
    await probe(3, 'gen', 'x');
    await probe(4, 'nope', 'out');
    const answers = probed.of('probe');
    expect(answers.map((a) => a.id)).toEqual([1, 2, 3, 4]);
    const [z1, z2, x, none] = answers.map((a) => a.result) as [ProbeResult, ProbeResult, ProbeResult, ProbeResult];
    if (!z1.ok || !z2.ok || !x.ok) throw new Error(JSON.stringify(answers));
    expect(z1.stats.shape).toEqual([16, 8]);
    expect(z1.stats.histogram.reduce((a, b) => a + b)).toBe(16 * 8);
    expect(Math.abs(z1.stats.mean)).toBeLessThan(0.3); // the template's noise is N(0, 1)
    expect(z1.stats.std).toBeGreaterThan(0.7);
    expect(z1.stats.std).toBeLessThan(1.3);
    expect(z1.image).toBeNull();
    expect(z2.stats).toEqual(z1.stats); // the same batch each time
    expect(x.stats.shape).toEqual([16, 2]);
    expect(none).toMatchObject({ ok: false, message: expect.stringMatching(/Nothing flows on wire "w4"/) });
    probed.runner.handle({ type: 'run', request: { kind: 'for', iterations: 6 } });
    await probed.runner.idle();
    await probe(5, 'gen', 'x');
    const after = probed.of('probe').at(-1)!.result;
    if (!after.ok) throw new Error(after.message);
    expect(after.step).toBe(6);
    expect(after.stats.nonFinite).toBe(0);
    // the generator learnt: in six iterations its points moved well beyond rounding (about 0.34 here)
    expect(Math.abs(after.stats.mean - x.stats.mean)).toBeGreaterThan(0.1);

    // the same run without looking gives the same losses
    const plain = harness();
    plain.runner.handle(start(doc, { kind: 'for', iterations: 6 }, null));
    await plain.runner.idle();
    // per iteration: [D, G] (metrics messages batch iterations differently from run to run)
    const losses = (h: ReturnType<typeof harness>) => h.of('metrics').flatMap((m) => m.steps.map((_, i) => m.losses.map((l) => l[i])));
    const a = probed.of('metrics').flatMap((m) => m.steps);
    expect(a).toEqual([0, 1, 2, 3, 4, 5]);
    expect(losses(probed)).toEqual(losses(plain));
    for (const h of [probed, plain]) h.runner.handle({ type: 'stop', discard: true });
    await probed.runner.idle();
    await plain.runner.idle();
  });

  it('answers a wire view while a run goes on, with an image grid for image batches', async () => {
    const vae = applyOverrides(TEMPLATES.find((t) => t.id === 'vae-mlp')!.doc, { batchSize: 8 }).doc;
    const h = harness();
    h.runner.handle(start(vae, { kind: 'untilStopped' }, null));
    await h.waitFor(() => loggedSteps(h.seen).length >= 2, 'two iterations');
    h.runner.handle({ type: 'probe', request: { id: 1, edgeId: 'e1', node: 'data', port: 'x' } });
    await h.waitFor(() => h.of('probe').length === 1, 'the wire view');
    expect(h.lastState()!.state).toBe('running');
    const r = h.of('probe')[0]!.result;
    if (!r.ok) throw new Error(r.message);
    expect(r.stats.shape).toEqual([8, 28, 28, 1]);
    expect(r.stats.min).toBeGreaterThanOrEqual(0);
    expect(r.image).toMatchObject({ count: 8, width: 3 * 28 + 4, height: 3 * 28 + 4 });
    expect(r.image!.rgba.byteLength).toBe(r.image!.width * r.image!.height * 4);
    h.runner.handle({ type: 'stop', discard: true });
    await h.runner.idle();
  });

  it('a lost device ends the session with a coded message naming the checkpoint kept; the next start chooses a backend afresh', async () => {
    let lose: (reason: string) => void = () => undefined;
    const chosen: string[] = [];
    const store = memoryStore();
    const h = harness(store, {
      selectBackend: async (wanted) => {
        chosen.push(wanted);
        await tf.setBackend('cpu');
        return { name: 'cpu', device: 'CPU (JavaScript)', software: false, notes: [] };
      },
      deviceLost: () => new Promise<string>((resolve) => (lose = resolve)),
    });
    const doc = gan();
    h.runner.handle(start(doc, { kind: 'untilStopped' }));
    await h.waitFor(() => h.of('checkpoint').length > 0 && loggedSteps(h.seen).length >= 22, 'a checkpoint and more iterations');
    lose('the GPU process crashed');
    await h.waitFor(() => h.lastState()!.state === 'idle', 'the session to end');
    await h.runner.idle();
    const lost = h.of('deviceLost');
    expect(lost).toHaveLength(1);
    const saved = store.records.get(trainingFingerprint(doc))!.step;
    expect(saved).toBe(20);
    expect(lost[0]!.message).toContain(`(the GPU process crashed)`);
    expect(lost[0]!.message).toContain(`The checkpoint at iteration ${saved} is kept`);
    expect(lost[0]!.fingerprint).toBe(trainingFingerprint(doc));
    expect(h.of('error')).toEqual([]);
    expect(store.records.get(trainingFingerprint(doc))!.step).toBe(saved); // nothing saved from the lost device

    h.runner.handle({ ...start(doc, { kind: 'for', iterations: 1 }), backend: 'webgl' } as ToWorker);
    await h.runner.idle();
    expect(chosen).toEqual(['cpu', 'webgl']);
    expect(h.of('ready').at(-1)).toMatchObject({ resumedFrom: saved });
    expect(h.lastState()).toMatchObject({ state: 'paused', step: saved + 1 });
    h.runner.handle({ type: 'stop', discard: true });
    await h.runner.idle();
  });
});
