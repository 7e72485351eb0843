// The training worker's logic, free of the worker's globals so that tests can drive it in Node:
// it compiles the document into a session, trains it in chunks that give way to incoming commands
// (pause, stop, step), streams losses, previews and memory to the page, and checkpoints.
// Commands run one after another; pause and stop also raise a flag that the running loop obeys.
import type { Dataset, TFModule } from '../../../nodes/spec';
import { saveDocument } from '../../graph/save';
import type { GraphDoc } from '../../graph/types';
import { issue, renderIssue } from '../../messages';
import type { BrowserBackendChoice, BrowserBackendName } from '../backend-browser';
import { captureCheckpoint, decodeCheckpoint, encodeCheckpoint, restoreCheckpoint } from '../checkpoint';
import type { CheckpointStore } from '../checkpoint-idb';
import { createSession, disposeSession, type Session } from '../session';
import { readPreviews, train, type PreviewFrame, type StepMetrics, type TrainResult } from '../trainer';
import { previewPayload, transferablesOf } from './frames';
import { LossLog } from './loss-log';
import {
  DEFAULT_SETTINGS, type ExportModelRequest, type FromWorker, type MemoryInfo, type PreviewPayload, type ProbeRequest, type ProbeResult, type RunRequest, type RunSettings, type ToWorker, type WorkerState,
} from './protocol';
import { RateMeter } from './rate';
import { learningRates, setLearningRate } from './learning-rate';
import { probeWire } from './probe';
import { batchInfo } from './batch-size';
import { missingKernel } from './kernel-trial';
import { exportSessionModel } from '../../interop/export-session';
import type { WeightsStore } from '../../interop/weights-store';
import { applyInitialWeights } from './initial-weights';

export interface RunnerDeps {
  tf: TFModule;
  post: (msg: FromWorker, transfer?: Transferable[]) => void;
  selectBackend: (wanted: BrowserBackendName | 'auto') => Promise<BrowserBackendChoice>;
  loadDataset: (key: string) => Promise<Dataset>;
  checkpoints: CheckpointStore;
  /** gives queued messages a turn (a macrotask: promise callbacks alone never let them in) */
  yieldToEvents: () => Promise<void>;
  now?: () => number;
  /**
   * After a backend started: a promise that resolves, with the reason, if its device is lost (the
   * WebGPU device's `lost`); null when the backend has no such device.
   */
  deviceLost?: (backend: BrowserBackendChoice) => Promise<string> | null;
  /** the weights kept with imported models: a session started afresh begins from them where they fit */
  initialWeights?: Pick<WeightsStore, 'list'>;
}

/** read-backs per second to aim for when iterations are fast */
const READS_PER_SECOND = 4;
/** at most this often (ms) do losses travel to the page; they are batched in between */
const METRICS_POST_MS = 150;

interface Live {
  session: Session;
  doc: GraphDoc;
  fingerprint: string;
  log: LossLog;
  /** step of the last checkpoint saved (or restored) */
  savedStep: number;
  /** step of the last previews sent */
  previewStep: number;
  /** where the current target ends (null: until stopped) and where it began */
  target: number | null;
  targetFrom: number;
}

export class TrainingRunner {
  private live: Live | null = null;
  private backend: Promise<BrowserBackendChoice> | null = null;
  private settings: RunSettings = DEFAULT_SETTINGS;
  private interrupt: 'pause' | 'stop' | null = null;
  /** the latest wire view asked for and not yet answered (a newer one replaces it) */
  private probe: ProbeRequest | null = null;
  /** model files asked for and not yet sent (answered between two training chunks, or in turn) */
  private exports: ExportModelRequest[] = [];
  private queue: ToWorker[] = [];
  private busy = false;
  private outbox: StepMetrics[] = [];
  private lastPost = -Infinity;
  private rate = new RateMeter();
  private itPerSec: number | null = null;
  /** the iteration the last session ended at, for reports after it is gone */
  private lastStep = 0;
  /** the backend's device is gone: nothing more runs on it */
  private lost = false;
  private readonly now: () => number;

  constructor(private readonly deps: RunnerDeps) {
    this.now = deps.now ?? (() => performance.now());
  }

  /** Takes a command from the page. */
  handle(msg: ToWorker): void {
    if (msg.type === 'settings') {
      // applies from the running loop's next chunk on, rather than after the loop
      this.settings = msg.settings;
      return;
    }
    if (msg.type === 'learningRate') {
      // between two iterations (this runs as a message event, never inside one): the next one uses it
      if (this.live && setLearningRate(this.live.session, msg.updateId, msg.value)) this.postRates();
      return;
    }
    // answered between two training chunks while a run goes on, else in its turn
    if (msg.type === 'probe') this.probe = msg.request;
    if (msg.type === 'exportModel') this.exports.push(msg);
    if (msg.type === 'pause') this.interrupt ??= 'pause';
    if (msg.type === 'stop') this.interrupt = 'stop';
    this.queue.push(msg);
    void this.pump();
  }

  /** Resolves when every command received so far has been carried out (for tests). */
  async idle(): Promise<void> {
    while (this.busy || this.queue.length) await new Promise((r) => setTimeout(r, 5));
  }

  private async pump(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      for (let msg = this.queue.shift(); msg; msg = this.queue.shift()) {
        try {
          await this.exec(msg);
        } catch (e) {
          // a lost device makes what ran on it fail: that was said once, as deviceLost
          if (!this.lost) this.fail(e);
        }
        this.endLost();
      }
    } finally {
      this.busy = false;
    }
  }

  private async exec(msg: ToWorker): Promise<void> {
    switch (msg.type) {
      case 'start':
        return this.start(msg);
      case 'run':
        if (this.live) await this.run(msg.request);
        return;
      case 'step': {
        const live = this.live;
        if (!live) return;
        const next = live.session.step + 1;
        // a step beyond a finished run carries its end along, so progress never reads "57 / 56"
        if (live.target !== null && live.target < next) {
          live.target = next;
          live.targetFrom = next - 1;
        }
        return this.loop(next);
      }
      case 'pause':
        this.interrupt = null;
        if (this.live) this.report('paused');
        return;
      case 'settings':
      case 'learningRate':
        return; // taken in handle()
      case 'probe':
        return this.answerProbe();
      case 'exportModel':
        return this.answerExports();
      case 'stop':
        this.interrupt = null;
        return this.stop(msg.discard);
    }
  }

  private async start(msg: Extract<ToWorker, { type: 'start' }>): Promise<void> {
    if (this.live) this.close();
    this.interrupt = null;
    this.settings = msg.settings;
    if (!this.backend) {
      const chosen = this.deps.selectBackend(msg.backend);
      this.backend = chosen;
      void chosen.then((b) => this.watch(b, chosen), () => undefined);
    }
    const chosen = await this.backend.catch((e: unknown) => {
      this.backend = null;
      throw e;
    });
    const { session, backend } = await this.compile(msg, chosen);
    this.deps.post({ type: 'backend', choice: backend });
    const updates = session.program.updates.map((u) => ({ id: u.id, name: u.name }));
    const log = new LossLog(updates);
    let resumedFrom: number | null = null;
    try {
      const saved = msg.checkpoint ?? (msg.resumeFrom ? await this.deps.checkpoints.load(msg.resumeFrom) : null);
      if (saved) {
        const checkpoint = decodeCheckpoint(saved.header, saved.body);
        await restoreCheckpoint(session, checkpoint);
        for (const [id, lr] of Object.entries(checkpoint.learningRates ?? {})) setLearningRate(session, id, lr);
        log.restore(saved.history);
        log.truncate(session.step);
        resumedFrom = session.step;
      } else if (this.deps.initialWeights) {
        // a checkpoint's weights win; afresh, imported models begin from their imported weights
        for (const message of await applyInitialWeights(session, this.deps.initialWeights)) this.deps.post({ type: 'notice', message });
      }
    } catch (e) {
      disposeSession(session);
      throw e;
    }
    const step = session.step;
    this.live = {
      session, doc: msg.doc, fingerprint: msg.fingerprint, log,
      savedStep: resumedFrom !== null && !msg.checkpoint && msg.resumeFrom === msg.fingerprint ? step : -1,
      previewStep: -1, target: step, targetFrom: step,
    };
    this.outbox = [];
    this.itPerSec = null;
    const history = log.history();
    this.deps.post({ type: 'ready', fingerprint: msg.fingerprint, step, resumedFrom, updates, history }, [history.steps.buffer as ArrayBuffer, ...history.losses.map((l) => l.buffer as ArrayBuffer)]);
    this.deps.post({ type: 'sessionInfo', batch: batchInfo(msg.doc), models: Object.keys(session.models) });
    this.postRates();
    await this.sendPreviews();
    if (msg.run) await this.run(msg.run);
    else this.report('paused');
  }

  /**
   * Compiles the document on the chosen backend. WebAssembly lacks some gradient kernels: a graph
   * that needs one trains on the CPU instead, with a note that says which kernel and why.
   */
  private async compile(msg: Extract<ToWorker, { type: 'start' }>, chosen: BrowserBackendChoice): Promise<{ session: Session; backend: BrowserBackendChoice }> {
    const tf = this.deps.tf;
    // an earlier session of this worker may have fallen back to the CPU
    if (tf.getBackend() !== chosen.name) await tf.setBackend(chosen.name);
    const create = () => createSession(tf, msg.doc, { seed: msg.seed, loadDataset: this.deps.loadDataset });
    const session = await create();
    if (chosen.name !== 'wasm') return { session, backend: chosen };
    let kernel: string | null;
    try {
      kernel = await missingKernel(session);
    } catch (e) {
      disposeSession(session);
      throw e;
    }
    if (kernel === null) return { session, backend: chosen };
    disposeSession(session);
    const cpu = await this.deps.selectBackend('cpu');
    const note = renderIssue(issue('run.wasmKernelMissing', { kernel }));
    return { session: await create(), backend: { ...cpu, notes: [...chosen.notes, note, ...cpu.notes] } };
  }

  private async run(request: RunRequest): Promise<void> {
    const live = this.live!;
    const step = live.session.step;
    if (request.kind === 'for') {
      live.target = step + Math.max(1, Math.floor(request.iterations));
      live.targetFrom = step;
    } else if (request.kind === 'untilStopped') {
      live.target = null;
      live.targetFrom = step;
    }
    // 'rest' keeps the target; when it is already reached there is nothing to do
    await this.loop(live.target);
  }

  /** Trains until `until` (null: until interrupted), a non-finite loss, or an interrupt. */
  private async loop(until: number | null): Promise<void> {
    const live = this.live!;
    const s = live.session;
    if (until !== null && s.step >= until) return this.report('paused');
    this.report('running');
    this.rate.reset();
    this.rate.add(this.now(), s.step);
    const shouldStop = () => this.interrupt !== null || (until !== null && s.step >= until);
    let result: TrainResult = { status: 'done', step: s.step };
    // an iteration's distance to the next multiple of k (none for k = 0), so chunks end exactly there
    const toNext = (k: number) => (k > 0 ? k - (s.step % k) : Infinity);
    while (!shouldStop()) {
      const { previewEvery, checkpointEvery } = this.settings;
      // each call of train() ends with a read-back; its length adapts to the speed (see readEvery)
      const steps = Math.min(until === null ? Infinity : until - s.step, this.readEvery(), toNext(previewEvery), toNext(checkpointEvery));
      result = await train(s, {
        steps,
        metricsEvery: steps,
        shouldStop,
        onMetrics: (rows) => this.logMetrics(rows),
        onHealthy: async (step) => {
          if (checkpointEvery > 0 && step % checkpointEvery === 0) await this.save();
          this.flushMetrics(false);
          await this.deps.yieldToEvents();
          await this.answerProbe();
          await this.answerExports();
        },
      });
      if (result.status === 'nonFinite') break;
      if (previewEvery > 0 && s.step % previewEvery === 0) await this.sendPreviews();
    }
    this.flushMetrics(true);
    if (result.status === 'nonFinite') {
      const update = s.program.updates.find((u) => u.name === result.update);
      this.deps.post({ type: 'nonFinite', step: result.step, updateId: update?.id ?? '', updateName: result.update, message: renderIssue(result.issue) });
      // its weights may hold NaN now: the last good checkpoint stays, this session goes
      this.close();
      return this.report('idle');
    }
    await this.save();
    if (this.interrupt === 'stop') return; // the queued stop ends the session
    if (live.previewStep !== s.step) await this.sendPreviews();
    this.report('paused');
  }

  private async stop(discard: boolean): Promise<void> {
    const live = this.live;
    if (!live) return this.report('idle');
    if (discard) await this.deps.checkpoints.remove(live.fingerprint);
    else await this.save();
    this.close();
    this.report('idle');
  }

  /**
   * Iterations between loss read-backs: every iteration while training is slow (a software GPU,
   * the first iterations that compile GPU programs), so the page sees progress; up to
   * settings.metricsEvery when it is fast, so the device is not made to wait too often.
   */
  private readEvery(): number {
    const r = this.itPerSec;
    if (r === null) return 1;
    return Math.max(1, Math.min(this.settings.metricsEvery, Math.floor(r / READS_PER_SECOND)));
  }

  private logMetrics(rows: StepMetrics[]): void {
    const live = this.live!;
    for (const r of rows) live.log.append(r.step, live.log.updates.map((u) => r.losses[u.name] ?? NaN));
    this.outbox.push(...rows);
    this.itPerSec = this.rate.add(this.now(), live.session.step) ?? this.itPerSec;
  }

  private flushMetrics(force: boolean): void {
    const live = this.live;
    if (!live || (!force && this.now() - this.lastPost < METRICS_POST_MS)) return;
    if (!this.outbox.length && !force) return;
    const rows = this.outbox;
    this.outbox = [];
    this.lastPost = this.now();
    const steps = rows.map((r) => r.step);
    const losses = live.log.updates.map((u) => rows.map((r) => r.losses[u.name] ?? NaN));
    this.deps.post({ type: 'metrics', steps, losses, step: live.session.step, itPerSec: this.itPerSec, memory: this.memory() });
  }

  private memory(): MemoryInfo {
    const m = this.deps.tf.memory() as ReturnType<TFModule['memory']> & { numBytesInGPU?: number };
    return { numTensors: m.numTensors, numBytes: m.numBytes, gpuBytes: typeof m.numBytesInGPU === 'number' ? m.numBytesInGPU : null };
  }

  private async sendPreviews(): Promise<void> {
    const live = this.live!;
    if (!live.session.program.previews.length) return;
    await this.postPreviews(await readPreviews(live.session));
  }

  private postPreviews(frames: PreviewFrame[]): void {
    const payloads = frames.map(previewPayload).filter((p): p is PreviewPayload => p !== null);
    if (this.live && frames[0]) this.live.previewStep = frames[0].step;
    if (payloads.length) this.deps.post({ type: 'previews', frames: payloads }, transferablesOf(payloads));
  }

  private async save(): Promise<void> {
    const live = this.live!;
    const s = live.session;
    if (live.savedStep === s.step || this.lost) return;
    try {
      const { header, body } = encodeCheckpoint({ ...(await captureCheckpoint(s)), learningRates: learningRates(s) });
      const savedAt = Date.now();
      await this.deps.checkpoints.save({
        fingerprint: live.fingerprint, docName: live.doc.meta.name, step: s.step, savedAt, bytes: body.byteLength,
        graph: saveDocument(live.doc), header, body, history: live.log.stored(),
      });
      live.savedStep = s.step;
      this.deps.post({ type: 'checkpoint', step: s.step, fingerprint: live.fingerprint, savedAt });
    } catch (e) {
      // a full disk or a private window must not stop training: say so and go on
      const detail = e instanceof Error ? e.message : String(e);
      this.deps.post({ type: 'notice', message: renderIssue(issue('run.checkpointSaveFailed', { detail })) });
      live.savedStep = s.step;
    }
  }

  private watch(backend: BrowserBackendChoice, chosen: Promise<BrowserBackendChoice>): void {
    const lost = this.deps.deviceLost?.(backend);
    if (!lost) return;
    void lost.then((reason) => {
      if (this.backend === chosen) this.onDeviceLost(reason);
    });
  }

  /**
   * The device went away: nothing more runs on it. The session ends without a checkpoint (its
   * weights can no longer be read), the last one saved stays, and the next start chooses a backend
   * afresh (the page asks for another one).
   */
  private onDeviceLost(reason: string): void {
    this.lost = true;
    this.backend = null;
    this.interrupt = 'stop';
    this.queue = [];
    const live = this.live;
    const step = live?.session.step ?? this.lastStep;
    const saved = live && live.savedStep >= 0 ? live.savedStep : null;
    this.deps.post({ type: 'deviceLost', message: renderIssue(issue('run.deviceLost', { step, reason, saved })), step, fingerprint: live?.fingerprint ?? null });
    // a command under way ends on its own (its next device call fails or the interrupt stops it)
    if (!this.busy) this.endLost();
  }

  private endLost(): void {
    if (!this.lost) return;
    this.lost = false;
    this.interrupt = null;
    try {
      this.close();
    } catch {
      // freeing buffers of a lost device may fail: they are gone anyway
      this.live = null;
    }
    this.report('idle');
  }

  private async answerProbe(): Promise<void> {
    const req = this.probe;
    this.probe = null;
    if (!req) return;
    const nothing: ProbeResult = { ok: false, message: renderIssue(issue('run.probeNothing', { edge: req.edgeId })) };
    let result: ProbeResult = nothing;
    if (this.live) {
      try {
        result = (await probeWire(this.live.session, req.node, req.port)) ?? nothing;
      } catch (e) {
        result = { ok: false, message: renderIssue(issue('run.probeFailed', { edge: req.edgeId, detail: e instanceof Error ? e.message : String(e) })) };
      }
    }
    const transfer = result.ok && result.image ? [result.image.rgba] : [];
    this.deps.post({ type: 'probe', id: req.id, edgeId: req.edgeId, result }, transfer);
  }

  /** Sends the files of each model asked for, as the live session has it now. */
  private async answerExports(): Promise<void> {
    const asked = this.exports;
    this.exports = [];
    for (const req of asked) {
      const live = this.live;
      let result: Extract<FromWorker, { type: 'exportModel' }>['result'];
      try {
        if (!live) throw new Error(renderIssue(issue('run.exportNoSession', {})));
        const files = await exportSessionModel(live.session, req.modelId);
        const weightsBin = files.weightsBin.slice().buffer;
        result = { ok: true, modelJson: files.modelJson, weightsBin, step: live.session.step };
      } catch (e) {
        result = { ok: false, message: e instanceof Error ? e.message : String(e) };
      }
      this.deps.post({ type: 'exportModel', id: req.id, modelId: req.modelId, result }, result.ok ? [result.weightsBin] : []);
    }
  }

  private postRates(): void {
    if (this.live) this.deps.post({ type: 'learningRates', rates: learningRates(this.live.session) });
  }

  private report(state: WorkerState): void {
    const live = this.live;
    const step = live?.session.step ?? this.lastStep;
    this.deps.post({ type: 'state', state, step, target: live?.target ?? null, targetFrom: live?.targetFrom ?? step, memory: this.memory() });
  }

  private close(): void {
    if (!this.live) return;
    this.lastStep = this.live.session.step;
    disposeSession(this.live.session);
    this.live = null;
  }

  private fail(e: unknown): void {
    this.close();
    this.deps.post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
    this.report('idle');
  }
}
