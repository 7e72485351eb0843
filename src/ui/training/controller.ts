// The page's side of training: owns the worker, turns button presses into commands, and keeps what
// the worker reports (state, losses, previews, memory, problems) as a snapshot for React. Losses
// arrive many times a second, so the snapshot is renewed at most every NOTIFY_MS; state changes
// show at once.
import { idbCheckpoints, type CheckpointMeta, type CheckpointStore, type StoredCheckpoint } from '../../runtime/checkpoint-idb';
import { packCheckpointFile, unpackCheckpointFile } from '../../runtime/checkpoint-file';
import type { BrowserBackendChoice, BrowserBackendName } from '../../runtime/backend-browser';
import { startTrainingWorker, type TrainingWorker } from '../../runtime/worker/client';
import { trainingFingerprint } from '../../runtime/worker/fingerprint';
import { DEFAULT_SETTINGS, type BatchInfo, type FromWorker, type MemoryInfo, type PreviewPayload, type RunRequest, type ToWorker, type UpdateInfo } from '../../runtime/worker/protocol';
import { issue, renderIssue } from '../../messages';
import type { GraphDoc } from '../../graph/types';
import type { Stores } from '../context';
import { replaceDoc } from '../../store/edits';
import { checkpointFileName, checkUpload } from './checkpoint-upload';
import { selectedWire, type WireView } from './wire';
import { addFrames, type PreviewHistory } from './preview-history';
import { browserModelFiles, modelFilesBaseName } from './model-download';
import { wantedBackend } from './backend-query';

export type Phase = 'idle' | 'starting' | 'running' | 'paused' | 'stopping';

export interface DashboardSettings {
  mode: 'for' | 'untilStopped';
  /** iterations per press of Train, in 'for' mode */
  iterations: number;
  previewEvery: number;
  checkpointEvery: number;
  /** loss-chart smoothing weight in [0, 1) */
  smoothing: number;
  logScale: boolean;
}

export type Problem =
  | { kind: 'nonFinite'; text: string; nodeId: string; step: number }
  | { kind: 'error'; text: string }
  /** an uploaded checkpoint of another graph; `canOpen`: that graph can be opened to resume it */
  | { kind: 'upload'; text: string; canOpen: boolean }
  /** the GPU device was lost; `fingerprint`: the checkpoint to resume on another backend */
  | { kind: 'deviceLost'; text: string; fingerprint: string | null };

/** What the controller needs from the browser besides the worker (replaced in tests). */
export interface ControllerIO {
  checkpoints: CheckpointStore;
  /** offers bytes as a download */
  saveFile: (name: string, bytes: Uint8Array) => void;
}

function downloadFile(name: string, bytes: Uint8Array): void {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: 'application/octet-stream' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

const BROWSER_IO: ControllerIO = { checkpoints: idbCheckpoints, saveFile: downloadFile };

/** The live session trains an earlier version of the document. */
export const graphChanged = (v: TrainingView): boolean => v.sessionFingerprint !== null && v.sessionFingerprint !== v.docFingerprint;

export interface TrainingView {
  open: boolean;
  phase: Phase;
  step: number;
  /** where the current run ends (null: until stopped) and where it began */
  target: number | null;
  targetFrom: number;
  backend: BrowserBackendChoice | null;
  updates: UpdateInfo[];
  itPerSec: number | null;
  memory: MemoryInfo | null;
  /** the fingerprint of the graph the live session trains; null when there is none */
  sessionFingerprint: string | null;
  /** the fingerprint of the document as it is now (committed edits) */
  docFingerprint: string;
  resumedFrom: number | null;
  lastCheckpoint: { step: number; savedAt: number } | null;
  /** checkpoints kept in this browser, newest first */
  stored: CheckpointMeta[];
  problem: Problem | null;
  notices: string[];
  /** the latest frame of each preview */
  previews: PreviewPayload[];
  /** the last frames of each preview, oldest first (bounded), for looking back */
  previewHistory: PreviewHistory;
  /** each update's learning rate in the live session, by optimizer node id */
  learningRates: Record<string, number>;
  /** the selected wire's values, while one wire of the training graph is selected */
  wire: WireView | null;
  settings: DashboardSettings;
  /** bumps whenever `losses` changed */
  lossVersion: number;
  /** the live session's batch size (for samples per second); null when unknown */
  batch: BatchInfo | null;
  /** the live session's model ids, for downloading one as tfjs files */
  models: string[];
  /** a model download asked of the worker and not yet answered */
  exporting: string | null;
  /** the backend training starts on: the person's choice in the dashboard (or ?backend=), or auto */
  wanted: BrowserBackendName | 'auto';
}

/** Every loss so far: `values[i]` belongs to `updates[i]`; read it, never change it. */
export interface LossTable {
  steps: number[];
  values: number[][];
}

const NOTIFY_MS = 200;
/** how often the wire view refreshes while training runs */
export const WIRE_REFRESH_MS = 1500;
const STORAGE_KEY = 'tensorloom.training.v1';
const DEFAULTS: DashboardSettings = {
  mode: 'for', iterations: 500, previewEvery: DEFAULT_SETTINGS.previewEvery, checkpointEvery: DEFAULT_SETTINGS.checkpointEvery, smoothing: 0.6, logScale: false,
};

const CHOICES: readonly (BrowserBackendName | 'auto')[] = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'];

function loadPrefs(): { open: boolean; settings: DashboardSettings; backend: BrowserBackendName | 'auto' } {
  try {
    const saved = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}') as { open?: unknown; settings?: Partial<DashboardSettings>; backend?: unknown };
    const backend = CHOICES.find((c) => c === saved.backend) ?? 'auto';
    return { open: saved.open === true, settings: { ...DEFAULTS, ...saved.settings }, backend };
  } catch {
    return { open: false, settings: DEFAULTS, backend: 'auto' };
  }
}

export class TrainingController {
  private view: TrainingView;
  private listeners = new Set<() => void>();
  private worker: TrainingWorker | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private table: LossTable = { steps: [], values: [] };
  private committed: GraphDoc | null = null;
  /** an uploaded checkpoint refused because it belongs to this other graph */
  private refused: { doc: GraphDoc; checkpoint: StoredCheckpoint } | null = null;
  private probeId = 0;
  private probeTimer: ReturnType<typeof setTimeout> | null = null;
  private exportId = 0;
  /** a backend chosen while a session ran: it stops (checkpointing) and then starts again there */
  private switchTo: { backend: BrowserBackendName | 'auto'; fingerprint: string; running: boolean } | null = null;

  constructor(
    private readonly stores: Stores,
    private readonly startWorker: typeof startTrainingWorker = startTrainingWorker,
    private readonly io: ControllerIO = BROWSER_IO,
    /** the backend to start with; a page address with ?backend=wasm (webgpu, webgl, cpu) asks for one */
    asked: BrowserBackendName | 'auto' = wantedBackend(globalThis.location?.search ?? ''),
  ) {
    const prefs = loadPrefs();
    const wanted = asked !== 'auto' ? asked : prefs.backend;
    this.view = {
      open: prefs.open, phase: 'idle', step: 0, target: null, targetFrom: 0, backend: null, updates: [], itPerSec: null, memory: null,
      sessionFingerprint: null, docFingerprint: '', resumedFrom: null, lastCheckpoint: null, stored: [], problem: null, notices: [], previews: [],
      previewHistory: {}, learningRates: {}, wire: null, settings: prefs.settings, lossVersion: 0, batch: null, models: [], exporting: null, wanted,
    };
    this.followDoc();
    void this.refreshStored();
  }

  /**
   * Follows the document and owns the worker until the returned function is called (a React
   * effect's setup and cleanup; StrictMode runs them twice, so both must be repeatable).
   */
  connect(): () => void {
    this.followDoc();
    this.followSelection();
    const unsubscribe = this.stores.doc.subscribe(() => this.followDoc());
    const unsubscribeSession = this.stores.session.subscribe(() => this.followSelection());
    return () => {
      unsubscribe();
      unsubscribeSession();
      if (this.probeTimer) clearTimeout(this.probeTimer);
      this.probeTimer = null;
      this.worker?.terminate();
      this.worker = null;
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
    };
  }

  /** Keeps docFingerprint current; the store also notifies for drags, which leave `committed` alone. */
  private followDoc(): void {
    const { committed } = this.stores.doc.getSnapshot();
    if (committed === this.committed) return;
    this.committed = committed;
    const docFingerprint = trainingFingerprint(committed);
    if (docFingerprint !== this.view.docFingerprint) this.update({ docFingerprint });
  }

  /** Shows the values of the one selected wire of the training graph; nothing when there is none. */
  private followSelection(): void {
    const ref = selectedWire(this.stores.session.getSnapshot(), this.stores.doc.getSnapshot().committed);
    if (ref?.edgeId === this.view.wire?.edgeId && ref?.node === this.view.wire?.node && ref?.port === this.view.wire?.port) return;
    this.update({ wire: ref ? { ...ref, pending: false, result: null } : null });
    this.probeWire();
  }

  /** Asks the worker for the selected wire's values now (a refresh button, a new selection). */
  probeWire(): void {
    if (this.probeTimer) clearTimeout(this.probeTimer);
    this.probeTimer = null;
    const w = this.view.wire;
    const live = this.view.sessionFingerprint !== null && (this.view.phase === 'running' || this.view.phase === 'paused');
    if (!w || !live) return;
    this.send({ type: 'probe', request: { id: ++this.probeId, edgeId: w.edgeId, node: w.node, port: w.port } });
    this.update({ wire: { ...w, pending: true } });
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): TrainingView => this.view;

  get losses(): LossTable {
    return this.table;
  }

  // ── commands ──────────────────────────────────────────────────────────────────────

  /**
   * Train: start (resuming this graph's checkpoint if there is one), or go on from a pause. A
   * paused session of a graph edited since is replaced by one of the graph as it is now.
   */
  train(): void {
    const v = this.view;
    if (v.phase === 'idle' || (v.phase === 'paused' && graphChanged(v))) return this.start(v.docFingerprint, this.runRequest());
    if (v.phase !== 'paused') return;
    const midRun = v.target === null || v.step < v.target;
    this.send({ type: 'run', request: midRun ? { kind: 'rest' } : this.runRequest() });
    this.update({ phase: 'running' });
  }

  pause(): void {
    if (this.view.phase === 'running' || this.view.phase === 'starting') this.send({ type: 'pause' });
  }

  /** One iteration, then paused; from idle it first compiles (and resumes the checkpoint). */
  stepOnce(): void {
    if (this.view.phase === 'idle') this.start(this.view.docFingerprint, null);
    else if (this.view.phase !== 'paused') return;
    this.send({ type: 'step' });
  }

  /** Ends the session; its checkpoint stays, so Train resumes it later. */
  stop(): void {
    if (this.view.phase === 'idle' || this.view.phase === 'stopping') return;
    this.send({ type: 'stop', discard: false });
    this.update({ phase: 'stopping' });
  }

  /** Forgets this graph's training: the live session, its checkpoint, the charts. */
  reset(): void {
    const fp = this.view.sessionFingerprint ?? this.view.docFingerprint;
    // without IndexedDB there is no checkpoint to forget
    if (this.view.phase === 'idle') void this.io.checkpoints.remove(fp).catch(() => undefined).then(() => this.refreshStored());
    else {
      this.send({ type: 'stop', discard: true });
      this.update({ phase: 'stopping' });
    }
    this.clearRun();
    this.update({ step: 0, target: null, targetFrom: 0, resumedFrom: null, lastCheckpoint: null, problem: null });
  }

  /** Starts the current graph from another graph's checkpoint (an earlier version of it). */
  resumeAnyway(fingerprint: string): void {
    const v = this.view;
    if (v.phase === 'idle' || (v.phase === 'paused' && graphChanged(v))) this.start(fingerprint, this.runRequest());
  }

  /**
   * After the GPU was lost: a fresh worker (nothing of the lost device is reused, and an old worker
   * stuck waiting for the lost device does not matter) resumes from the last checkpoint on WebGL,
   * else the CPU.
   */
  resumeOnOtherBackend(): void {
    const p = this.view.problem;
    if (p?.kind !== 'deviceLost') return;
    this.worker?.terminate();
    this.worker = null;
    this.start(p.fingerprint ?? this.view.docFingerprint, this.runRequest(), undefined, 'webgl');
  }

  /**
   * The backend to train on from now on (kept for the next visit). A live session stops (its
   * checkpoint saved) and goes on from that checkpoint on the new backend, in a fresh worker.
   */
  chooseBackend(backend: BrowserBackendName | 'auto'): void {
    if (backend === this.view.wanted) return;
    this.update({ wanted: backend });
    this.savePrefs();
    const { phase, sessionFingerprint } = this.view;
    if (sessionFingerprint === null || (phase !== 'running' && phase !== 'paused')) return;
    this.switchTo = { backend, fingerprint: sessionFingerprint, running: phase === 'running' };
    this.update({ phase: 'stopping' });
    this.send({ type: 'stop', discard: false });
  }

  /** Opens the graph of the node that failed and centres it. */
  showProblemNode(): void {
    const p = this.view.problem;
    if (p?.kind === 'nonFinite' && p.nodeId) this.stores.session.focusNode({ kind: 'main' }, p.nodeId);
  }

  dismissProblem(): void {
    this.refused = null;
    this.update({ problem: null, notices: [] });
  }

  /** Offers the stored checkpoint of the live session's graph (else the open graph's) as a .tlckpt file. */
  async downloadCheckpoint(): Promise<void> {
    const fp = this.view.sessionFingerprint ?? this.view.docFingerprint;
    let c: StoredCheckpoint | null = null;
    try {
      c = await this.io.checkpoints.load(fp);
    } catch {
      // no IndexedDB: there is nothing to download
    }
    if (!c) return this.addNotice(renderIssue(issue('run.checkpointNone', {})));
    this.io.saveFile(checkpointFileName(c.docName, c.step), packCheckpointFile(c));
  }

  /**
   * Offers one model of the live session as tfjs's own files, the way tf.io.browserDownloads saves
   * them: NAME.json, whose manifest names NAME.weights.bin, and that file beside it.
   */
  downloadModel(modelId: string): void {
    const { phase, sessionFingerprint } = this.view;
    if (sessionFingerprint === null || (phase !== 'running' && phase !== 'paused')) return this.addNotice(renderIssue(issue('run.exportNoSession', {})));
    this.send({ type: 'exportModel', id: ++this.exportId, modelId });
    this.update({ exporting: modelId });
  }

  /** Whether a checkpoint file can be taken now: nothing runs, or the session is paused. */
  canUpload(): boolean {
    return this.view.phase === 'idle' || this.view.phase === 'paused';
  }

  /**
   * Resumes the open graph from a .tlckpt file, paused at its iteration. A file that is not a
   * checkpoint, or one of another graph, becomes a problem report and changes nothing.
   */
  uploadCheckpoint(name: string, bytes: Uint8Array): void {
    if (!this.canUpload()) return;
    this.refused = null;
    let c: StoredCheckpoint;
    try {
      c = unpackCheckpointFile(bytes, name);
    } catch (e) {
      return this.update({ problem: { kind: 'error', text: e instanceof Error ? e.message : String(e) } });
    }
    const verdict = checkUpload(c, name, this.view.docFingerprint);
    if (!verdict.fits) {
      this.refused = verdict.doc ? { doc: verdict.doc, checkpoint: c } : null;
      return this.update({ problem: { kind: 'upload', text: renderIssue(verdict.issue), canOpen: verdict.doc !== null } });
    }
    this.start(verdict.fingerprint, null, c);
  }

  /** Opens the graph a refused checkpoint was trained from (one Undo away) and resumes it. */
  openUploadedGraph(): void {
    const r = this.refused;
    if (!r || !this.canUpload()) return;
    this.refused = null;
    this.stores.doc.apply(replaceDoc(r.doc), `Open the graph of checkpoint at iteration ${r.checkpoint.step}`);
    this.stores.session.newDocument();
    this.followDoc();
    this.start(this.view.docFingerprint, null, r.checkpoint);
  }

  setOpen(open: boolean): void {
    this.update({ open });
    this.savePrefs();
  }

  /** Sets an optimizer's learning rate in the live session, from its next step on. */
  setLearningRate(updateId: string, value: number): void {
    const { phase, sessionFingerprint } = this.view;
    if (sessionFingerprint === null || (phase !== 'running' && phase !== 'paused')) return;
    this.send({ type: 'learningRate', updateId, value });
  }

  setSettings(patch: Partial<DashboardSettings>): void {
    const settings = { ...this.view.settings, ...patch };
    this.update({ settings });
    this.savePrefs();
    if (this.view.sessionFingerprint) this.send({ type: 'settings', settings: this.runSettings() });
  }

  // ── worker reports ─────────────────────────────────────────────────────────────────

  private receive(m: FromWorker): void {
    switch (m.type) {
      case 'backend':
        return this.update({ backend: m.choice });
      case 'ready': {
        this.table = { steps: Array.from(m.history.steps), values: m.history.losses.map((l) => Array.from(l)) };
        const lastCheckpoint = m.resumedFrom === null ? null : { step: m.resumedFrom, savedAt: this.view.stored.find((c) => c.fingerprint === m.fingerprint)?.savedAt ?? Date.now() };
        return this.update({
          updates: m.updates, step: m.step, sessionFingerprint: m.fingerprint, resumedFrom: m.resumedFrom, lastCheckpoint,
          previews: [], previewHistory: {}, lossVersion: this.view.lossVersion + 1, itPerSec: null,
        });
      }
      case 'metrics':
        this.table.steps.push(...m.steps);
        m.losses.forEach((l, i) => (this.table.values[i] ??= []).push(...l));
        return this.update({ step: m.step, itPerSec: m.itPerSec, memory: m.memory, lossVersion: this.view.lossVersion + 1 }, false);
      case 'previews': {
        const byId = new Map(this.view.previews.map((p) => [p.id, p]));
        for (const f of m.frames) byId.set(f.id, f);
        return this.update({ previews: [...byId.values()], previewHistory: addFrames(this.view.previewHistory, m.frames) });
      }
      case 'learningRates':
        return this.update({ learningRates: m.rates });
      case 'probe': {
        const w = this.view.wire;
        if (!w || m.id !== this.probeId || m.edgeId !== w.edgeId) return;
        this.update({ wire: { ...w, pending: false, result: m.result } });
        // a live view while training runs: the next look a little later
        if (this.view.phase === 'running') this.probeTimer = setTimeout(() => this.probeWire(), WIRE_REFRESH_MS);
        return;
      }
      case 'state': {
        const idle = m.state === 'idle';
        // a command sent after this report was written (pause, stop) is still on its way
        const pending = this.view.phase === 'stopping' && !idle;
        this.update({
          phase: pending ? 'stopping' : m.state, step: m.step, target: m.target, targetFrom: m.targetFrom, memory: m.memory,
          ...(idle ? { sessionFingerprint: null, itPerSec: null, learningRates: {}, models: [], exporting: null } : {}),
        });
        if (idle) void this.refreshStored();
        if (idle && this.switchTo) return this.finishSwitch();
        // the final values of a pause, or the first of a run (when no refresh is under way)
        if (m.state === 'paused' || (m.state === 'running' && !this.view.wire?.pending && !this.probeTimer)) this.probeWire();
        return;
      }
      case 'checkpoint':
        return this.update({ lastCheckpoint: { step: m.step, savedAt: m.savedAt } });
      case 'nonFinite':
        this.update({ problem: { kind: 'nonFinite', text: m.message, nodeId: m.updateId, step: m.step } });
        return this.showProblemNode();
      case 'notice':
        return this.addNotice(m.message);
      case 'error':
        return this.update({ problem: { kind: 'error', text: m.message } });
      case 'deviceLost':
        return this.update({ problem: { kind: 'deviceLost', text: m.message, fingerprint: m.fingerprint } });
      case 'sessionInfo':
        return this.update({ batch: m.batch, models: m.models });
      case 'exportModel': {
        if (m.id !== this.exportId) return;
        this.update({ exporting: null });
        if (!m.result.ok) return this.addNotice(m.result.message);
        const doc = this.stores.doc.getSnapshot().committed;
        const base = modelFilesBaseName(doc.meta.name, m.modelId, m.result.step);
        for (const f of browserModelFiles(m.result.modelJson, new Uint8Array(m.result.weightsBin), base)) this.io.saveFile(f.name, f.bytes);
        return;
      }
    }
  }

  // ── helpers ────────────────────────────────────────────────────────────────────────

  private start(resumeFrom: string, run: RunRequest | null, checkpoint?: StoredCheckpoint, backend: BrowserBackendName | 'auto' = this.view.wanted): void {
    const doc = this.stores.doc.getSnapshot().committed;
    this.clearRun();
    this.update({ phase: 'starting', open: true, problem: null, notices: [], resumedFrom: null, lastCheckpoint: null, step: 0, target: null, targetFrom: 0 });
    this.savePrefs();
    this.send({
      type: 'start', doc, fingerprint: trainingFingerprint(doc), seed: 1, resumeFrom, backend, settings: this.runSettings(), run,
      ...(checkpoint ? { checkpoint } : {}),
    });
  }

  /** The session stopped for a backend change: a fresh worker takes it on from its checkpoint. */
  private finishSwitch(): void {
    const s = this.switchTo!;
    this.switchTo = null;
    this.worker?.terminate();
    this.worker = null;
    this.start(s.fingerprint, s.running ? this.runRequest() : null, undefined, s.backend);
  }

  private addNotice(message: string): void {
    this.update({ notices: [...this.view.notices.filter((n) => n !== message), message] });
  }

  private clearRun(): void {
    this.table = { steps: [], values: [] };
    this.update({
      previews: [], previewHistory: {}, learningRates: {}, updates: [], itPerSec: null, memory: null, lossVersion: this.view.lossVersion + 1, batch: null, models: [], exporting: null,
    });
  }

  private runRequest(): RunRequest {
    const s = this.view.settings;
    return s.mode === 'untilStopped' ? { kind: 'untilStopped' } : { kind: 'for', iterations: Math.max(1, Math.round(s.iterations)) };
  }

  private runSettings() {
    const s = this.view.settings;
    return { metricsEvery: DEFAULT_SETTINGS.metricsEvery, previewEvery: Math.max(0, Math.round(s.previewEvery)), checkpointEvery: Math.max(0, Math.round(s.checkpointEvery)) };
  }

  private send(msg: ToWorker): void {
    this.worker ??= this.startWorker(
      (m) => this.receive(m),
      (detail) => this.fail(detail),
    );
    this.worker.send(msg);
  }

  private fail(e: unknown): void {
    const detail = e instanceof Error ? e.message : String(e);
    this.worker?.terminate();
    this.worker = null;
    this.update({ phase: 'idle', sessionFingerprint: null, problem: { kind: 'error', text: renderIssue(issue('run.workerFailed', { detail })) } });
  }

  private async refreshStored(): Promise<void> {
    try {
      this.update({ stored: await this.io.checkpoints.list() });
    } catch {
      // no IndexedDB (a private window in some browsers): nothing is offered for resuming
    }
  }

  private savePrefs(): void {
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify({ open: this.view.open, settings: this.view.settings, backend: this.view.wanted }));
    } catch {
      // storage full or disabled: the preferences last for this page only
    }
  }

  /** Applies a change; `now` false batches it with others into the next snapshot. */
  private update(patch: Partial<TrainingView>, now = true): void {
    this.view = { ...this.view, ...patch };
    if (now) return this.emit();
    this.timer ??= setTimeout(() => this.emit(), NOTIFY_MS);
  }

  private emit(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const l of [...this.listeners]) l();
  }
}
