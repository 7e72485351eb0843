// The page's training controller against a scripted worker: the commands it sends for each button
// in each state, and what it makes of the worker's reports (losses, previews, NaN with the node).
import { describe, expect, it } from 'vitest';
import { TEMPLATES } from '../../../templates';
import { trainingFingerprint } from '../../runtime/worker/fingerprint';
import type { FromWorker, StateReport, ToWorker } from '../../runtime/worker/protocol';
import { DocStore } from '../../store/docStore';
import { SessionStore } from '../../store/session';
import { applyOverrides } from '../../graph/overrides';
import { replaceDoc } from '../../store/edits';
import type { GraphDoc } from '../../graph/types';
import { TrainingController } from './controller';
import type { ControllerIO } from './controller-io';
import { graphChanged } from './training-view';
import type { StoredCheckpoint } from '../../runtime/checkpoint-idb';
import { packCheckpointFile, unpackCheckpointFile } from '../../runtime/checkpoint-file';
import { saveDocument } from '../../graph/save';
import { encodeCheckpoint } from '../../runtime/checkpoint';
import { primaryAction } from './actions';

function setup() {
  const doc = TEMPLATES.find((t) => t.id === 'gan-2d')!.doc;
  const stores = { doc: new DocStore(doc), session: new SessionStore() };
  const sent: ToWorker[] = [];
  let deliver: (m: FromWorker) => void = () => undefined;
  const records = new Map<string, StoredCheckpoint>();
  const files: { name: string; bytes: Uint8Array }[] = [];
  const io: ControllerIO = {
    checkpoints: {
      save: async (c) => void records.set(c.fingerprint, c),
      load: async (fp) => records.get(fp) ?? null,
      remove: async (fp) => void records.delete(fp),
      list: async () => [...records.values()],
    },
    saveFile: (name, bytes) => void files.push({ name, bytes }),
  };
  const workers = { started: 0, terminated: 0 };
  const c = new TrainingController(stores, (onMessage) => {
    deliver = onMessage;
    workers.started++;
    return { send: (m) => void sent.push(m), terminate: () => void workers.terminated++ };
  }, io);
  const memory = { numTensors: 0, numBytes: 0, gpuBytes: null };
  c.connect();
  const state = (s: Omit<StateReport, 'type' | 'memory'>) => deliver({ type: 'state', memory, ...s });
  const ready = (step: number) =>
    deliver({
      type: 'ready', fingerprint: trainingFingerprint(doc), step, resumedFrom: step || null,
      updates: [{ id: 'opt_D', name: 'D' }, { id: 'opt_G', name: 'G' }],
      history: { steps: Float64Array.from({ length: step }, (_, i) => i), losses: [new Float32Array(step).fill(1), new Float32Array(step).fill(2)] },
    });
  return { c, stores, sent, deliver: (m: FromWorker) => deliver(m), state, ready, fp: trainingFingerprint(doc), records, files, workers };
}

describe('TrainingController', () => {
  it('a backend chosen in the dashboard: the next start uses it; a live session stops, checkpoints and goes on there in a fresh worker', () => {
    const t = setup();
    expect(t.c.getSnapshot().wanted).toBe('auto');
    t.c.chooseBackend('cpu');
    expect(t.sent).toEqual([]);
    t.c.setSettings({ mode: 'for', iterations: 30 });
    t.c.train();
    expect(t.sent[0]).toMatchObject({ type: 'start', backend: 'cpu' });
    t.ready(0);
    t.state({ state: 'running', step: 4, target: 30, targetFrom: 0 });
    t.c.chooseBackend('wasm');
    expect(t.sent.at(-1)).toEqual({ type: 'stop', discard: false });
    expect(t.c.getSnapshot()).toMatchObject({ phase: 'stopping', wanted: 'wasm' });
    t.state({ state: 'idle', step: 4, target: 30, targetFrom: 0 });
    expect(t.workers).toEqual({ started: 2, terminated: 1 });
    expect(t.sent.at(-1)).toMatchObject({ type: 'start', backend: 'wasm', resumeFrom: t.fp, run: { kind: 'for', iterations: 30 } });
    // choosing the same again does nothing
    const before = t.sent.length;
    t.c.chooseBackend('wasm');
    expect(t.sent.length).toBe(before);
  });

  it('Train from idle starts the document, resuming its own checkpoint, for the chosen iterations', () => {
    const t = setup();
    t.c.setSettings({ mode: 'for', iterations: 50 });
    t.c.train();
    const start = t.sent[0]!;
    expect(start).toMatchObject({ type: 'start', fingerprint: t.fp, resumeFrom: t.fp, run: { kind: 'for', iterations: 50 } });
    expect(t.c.getSnapshot()).toMatchObject({ phase: 'starting', open: true });
    expect(primaryAction(t.c.getSnapshot()).kind).toBe('starting');
  });

  it('Resume continues the run; Train after the target starts another run of the chosen length', () => {
    const t = setup();
    t.c.setSettings({ mode: 'for', iterations: 20 });
    t.c.train();
    t.ready(0);
    t.state({ state: 'running', step: 0, target: 20, targetFrom: 0 });
    expect(primaryAction(t.c.getSnapshot()).kind).toBe('pause');
    t.c.pause();
    expect(t.sent.at(-1)).toEqual({ type: 'pause' });
    t.state({ state: 'paused', step: 7, target: 20, targetFrom: 0 });
    expect(primaryAction(t.c.getSnapshot()).kind).toBe('resume');
    t.c.train();
    expect(t.sent.at(-1)).toEqual({ type: 'run', request: { kind: 'rest' } });
    t.state({ state: 'paused', step: 20, target: 20, targetFrom: 0 });
    expect(primaryAction(t.c.getSnapshot()).kind).toBe('train');
    t.c.train();
    expect(t.sent.at(-1)).toEqual({ type: 'run', request: { kind: 'for', iterations: 20 } });
  });

  it('a graph edited during a pause trains as edited: Train starts a new session instead of resuming', () => {
    const t = setup();
    t.c.setSettings({ mode: 'for', iterations: 20 });
    t.c.train();
    t.ready(0);
    t.state({ state: 'paused', step: 7, target: 20, targetFrom: 0 });
    expect(primaryAction(t.c.getSnapshot()).kind).toBe('resume');
    const edited = applyOverrides(t.stores.doc.getSnapshot().committed, { set: [{ node: 'noise', param: 'std', value: 2 }] }).doc;
    t.stores.doc.apply(replaceDoc(edited), 'Set std');
    const fp = trainingFingerprint(edited);
    expect(t.c.getSnapshot().docFingerprint).toBe(fp);
    expect(graphChanged(t.c.getSnapshot())).toBe(true);
    expect(primaryAction(t.c.getSnapshot()).kind).toBe('train');
    t.c.train();
    expect(t.sent.at(-1)).toMatchObject({ type: 'start', fingerprint: fp, resumeFrom: fp, run: { kind: 'for', iterations: 20 } });
  });

  it('keeps losses from the history and every metrics report, in order', () => {
    const t = setup();
    t.c.train();
    t.ready(3);
    t.deliver({ type: 'metrics', steps: [3, 4], losses: [[0.5, 0.4], [0.9, 0.8]], step: 5, itPerSec: 2, memory: { numTensors: 10, numBytes: 100, gpuBytes: 50 } });
    expect(t.c.losses.steps).toEqual([0, 1, 2, 3, 4]);
    expect(t.c.losses.values[0]).toEqual([1, 1, 1, 0.5, 0.4]);
    expect(t.c.losses.values[1]).toEqual([2, 2, 2, 0.9, 0.8]);
    expect(t.c.getSnapshot()).toMatchObject({ step: 5, itPerSec: 2, memory: { gpuBytes: 50 } });
  });

  it('a NaN stop shows its message and selects and centres the optimizer node', () => {
    const t = setup();
    t.c.train();
    t.ready(0);
    t.deliver({ type: 'nonFinite', step: 3, updateId: 'opt_D', updateName: 'D', message: 'Training stopped at step 3: update "D" gave a non-finite loss (NaN).' });
    t.state({ state: 'idle', step: 3, target: 20, targetFrom: 0 });
    expect(t.c.getSnapshot().problem).toMatchObject({ kind: 'nonFinite', nodeId: 'opt_D', step: 3 });
    const session = t.stores.session.getSnapshot();
    expect(session.selectedNodes).toEqual(['opt_D']);
    expect(session.focus?.nodeId).toBe('opt_D');
    expect(t.c.getSnapshot().phase).toBe('idle');
  });

  it('Stop waits for the worker to say it is idle; Reset discards the checkpoint and the charts', () => {
    const t = setup();
    t.c.train();
    t.ready(4);
    t.state({ state: 'running', step: 4, target: 10, targetFrom: 4 });
    t.c.stop();
    expect(t.sent.at(-1)).toEqual({ type: 'stop', discard: false });
    t.state({ state: 'running', step: 5, target: 10, targetFrom: 4 }); // written before the stop arrived
    expect(t.c.getSnapshot().phase).toBe('stopping');
    t.state({ state: 'idle', step: 5, target: 10, targetFrom: 4 });
    expect(t.c.getSnapshot().phase).toBe('idle');

    t.c.train();
    t.ready(5);
    t.state({ state: 'paused', step: 5, target: 5, targetFrom: 5 });
    t.c.reset();
    expect(t.sent.at(-1)).toEqual({ type: 'stop', discard: true });
    expect(t.c.losses.steps).toEqual([]);
    expect(t.c.getSnapshot().step).toBe(0);
  });

  it('Step once from idle compiles without running, then steps', () => {
    const t = setup();
    t.c.stepOnce();
    expect(t.sent.map((m) => m.type)).toEqual(['start', 'step']);
    expect(t.sent[0]).toMatchObject({ run: null });
  });

  it('a worker that fails to load becomes an error message and the controller can start again', () => {
    const doc = TEMPLATES[0]!.doc;
    const stores = { doc: new DocStore(doc), session: new SessionStore() };
    let fail: (d: string) => void = () => undefined;
    let started = 0;
    const c = new TrainingController(stores, (_m, onFailure) => {
      started++;
      fail = onFailure;
      return { send: () => undefined, terminate: () => undefined };
    });
    c.train();
    fail('its script could not be loaded');
    expect(c.getSnapshot().problem?.text).toMatch(/training worker failed \(its script could not be loaded\)/);
    expect(c.getSnapshot().phase).toBe('idle');
    c.train();
    expect(started).toBe(2);
  });

  it('sends a learning rate only to a live session and shows the rates the worker reports', () => {
    const t = setup();
    t.c.setLearningRate('opt_G', 0.01);
    expect(t.sent).toEqual([]); // nothing runs
    t.c.train();
    t.ready(0);
    t.deliver({ type: 'learningRates', rates: { opt_D: 0.0002, opt_G: 0.0002 } });
    t.state({ state: 'running', step: 1, target: 20, targetFrom: 0 });
    t.c.setLearningRate('opt_G', 0.01);
    expect(t.sent.at(-1)).toEqual({ type: 'learningRate', updateId: 'opt_G', value: 0.01 });
    expect(t.c.getSnapshot().learningRates).toEqual({ opt_D: 0.0002, opt_G: 0.0002 }); // the worker's word counts
    t.deliver({ type: 'learningRates', rates: { opt_D: 0.0002, opt_G: 0.01 } });
    expect(t.c.getSnapshot().learningRates.opt_G).toBe(0.01);
    t.state({ state: 'idle', step: 3, target: 20, targetFrom: 0 });
    expect(t.c.getSnapshot().learningRates).toEqual({});
  });

  it('keeps a bounded history of preview frames per preview, reset by a new session', () => {
    const t = setup();
    t.c.train();
    t.ready(0);
    for (let s = 0; s <= 600; s += 10) {
      t.deliver({ type: 'previews', frames: [{ kind: 'points', id: 'p', name: 'p', step: s, points: new Float32Array(2) }] });
    }
    const h = t.c.getSnapshot().previewHistory.p!;
    expect(h).toHaveLength(50);
    expect(h[0]!.step).toBe(110);
    expect(h.at(-1)!.step).toBe(600);
    expect(t.c.getSnapshot().previews.map((p) => p.step)).toEqual([600]);
    t.ready(0);
    expect(t.c.getSnapshot().previewHistory).toEqual({});
  });

  const storedOf = (doc: GraphDoc, step: number): StoredCheckpoint => {
    const { header, body } = encodeCheckpoint({ format: 'tensorloom-checkpoint', version: 1, step, seed: 1, rng: [1, 2, 3, 4], tensors: [] });
    return {
      fingerprint: trainingFingerprint(doc), docName: doc.meta.name, step, savedAt: 0, bytes: body.byteLength, graph: saveDocument(doc),
      header, body, history: { updates: [], steps: new Float64Array(), losses: [] },
    };
  };

  it('downloads the stored checkpoint of the graph as a .tlckpt file, or says there is none', async () => {
    const t = setup();
    await t.c.downloadCheckpoint();
    expect(t.files).toEqual([]);
    expect(t.c.getSnapshot().notices.join()).toMatch(/no checkpoint to download/);
    const doc = t.stores.doc.getSnapshot().committed;
    t.records.set(t.fp, storedOf(doc, 42));
    await t.c.downloadCheckpoint();
    expect(t.files[0]!.name).toMatch(/-it42\.tlckpt$/);
    expect(unpackCheckpointFile(t.files[0]!.bytes, 'x').step).toBe(42);
  });

  it('resumes from an uploaded checkpoint of the open graph, paused', () => {
    const t = setup();
    const file = storedOf(t.stores.doc.getSnapshot().committed, 7);
    t.c.uploadCheckpoint('gan.tlckpt', packCheckpointFile(file));
    const start = t.sent.at(-1)!;
    expect(start).toMatchObject({ type: 'start', fingerprint: t.fp, run: null, checkpoint: { step: 7, graph: file.graph } });
  });

  it('refuses a file that is not a checkpoint, or one of another graph, changing nothing; offers to open that graph', () => {
    const t = setup();
    t.c.train();
    t.ready(5);
    t.state({ state: 'paused', step: 5, target: 5, targetFrom: 0 });
    const sentBefore = t.sent.length;
    const docBefore = t.stores.doc.getSnapshot().committed;
    t.c.uploadCheckpoint('notes.txt', new TextEncoder().encode('hello'));
    expect(t.c.getSnapshot().problem).toMatchObject({ kind: 'error', text: expect.stringMatching(/"notes.txt" is not a Tensorloom checkpoint file/) });
    const other = applyOverrides(docBefore, { set: [{ node: 'noise', param: 'std', value: 3 }] }).doc;
    t.c.uploadCheckpoint('other.tlckpt', packCheckpointFile(storedOf(other, 9)));
    expect(t.c.getSnapshot().problem).toMatchObject({ kind: 'upload', canOpen: true, text: expect.stringMatching(/trained from another graph.*Nothing was changed/) });
    // nothing changed: no command sent, the session and the document as they were
    expect(t.sent.length).toBe(sentBefore);
    expect(t.c.getSnapshot()).toMatchObject({ phase: 'paused', step: 5, sessionFingerprint: t.fp });
    expect(t.stores.doc.getSnapshot().committed).toBe(docBefore);
    // Open its graph: the document becomes that graph, and it resumes from the file
    t.c.openUploadedGraph();
    expect(trainingFingerprint(t.stores.doc.getSnapshot().committed)).toBe(trainingFingerprint(other));
    expect(t.sent.at(-1)).toMatchObject({ type: 'start', fingerprint: trainingFingerprint(other), checkpoint: { step: 9 } });
  });

  it('takes no upload while training runs', () => {
    const t = setup();
    t.c.train();
    t.ready(0);
    t.state({ state: 'running', step: 1, target: 20, targetFrom: 0 });
    const n = t.sent.length;
    t.c.uploadCheckpoint('gan.tlckpt', packCheckpointFile(storedOf(t.stores.doc.getSnapshot().committed, 7)));
    expect(t.sent.length).toBe(n);
  });

  it('asks for the values of the one selected wire while a session lives, and keeps only the latest answer', () => {
    const t = setup();
    t.stores.session.select([], ['e3']);
    expect(t.c.getSnapshot().wire).toMatchObject({ edgeId: 'e3', label: 'gen.x → D_fake.x', pending: false, result: null });
    expect(t.sent).toEqual([]); // nothing runs: nothing to ask
    t.c.train();
    t.ready(0);
    t.state({ state: 'paused', step: 0, target: 0, targetFrom: 0 });
    const ask = t.sent.at(-1)!;
    expect(ask).toMatchObject({ type: 'probe', request: { edgeId: 'e3', node: 'gen', port: 'x' } });
    expect(t.c.getSnapshot().wire!.pending).toBe(true);
    const id = ask.type === 'probe' ? ask.request.id : -1;
    const stats = { shape: [16, 2], count: 32, mean: 0, std: 1, min: -2, max: 2, nonFinite: 0, histogram: [32] };
    t.deliver({ type: 'probe', id: id - 1, edgeId: 'e3', result: { ok: true, step: 0, stats, image: null } }); // an older answer
    expect(t.c.getSnapshot().wire!.result).toBeNull();
    t.deliver({ type: 'probe', id, edgeId: 'e3', result: { ok: true, step: 0, stats, image: null } });
    expect(t.c.getSnapshot().wire).toMatchObject({ pending: false, result: { ok: true, stats: { mean: 0 } } });
    t.stores.session.select(['gen'], []);
    expect(t.c.getSnapshot().wire).toBeNull();
  });

  it('a lost GPU shows its message; Resume on another backend starts a fresh worker on WebGL from the checkpoint', () => {
    const t = setup();
    t.c.train();
    t.ready(0);
    t.state({ state: 'running', step: 30, target: null, targetFrom: 0 });
    t.c.resumeOnOtherBackend(); // nothing was lost
    expect(t.sent.filter((m) => m.type === 'start')).toHaveLength(1);
    t.deliver({ type: 'deviceLost', message: 'The GPU was lost at iteration 30 (crash), so training stopped.', step: 30, fingerprint: t.fp });
    expect(t.c.getSnapshot().problem).toMatchObject({ kind: 'deviceLost', fingerprint: t.fp, text: expect.stringContaining('GPU was lost') });
    // the old worker may never report again (stuck on the lost device): the fresh one does not wait for it
    t.c.resumeOnOtherBackend();
    expect(t.sent.at(-1)).toMatchObject({ type: 'start', backend: 'webgl', resumeFrom: t.fp });
    expect(t.c.getSnapshot().problem).toBeNull();
    expect(t.workers).toEqual({ started: 2, terminated: 1 });
  });
});
