// The page's side of training: owns the worker, turns button presses into commands, and keeps what
// the worker reports (state, losses, previews, memory, problems) as a snapshot for React. Losses
// arrive many times a second, so the snapshot is renewed at most every NOTIFY_MS; state changes
// show at once. This class composes the parts, each with a module of its own: the run's commands,
// what each report changes in the view, the wire view, checkpoint and model files, backend switches.
import type { GraphDoc } from '../../graph/types';
import { issue, renderIssue } from '../../messages';
import type { BrowserBackendName } from '../../runtime/backend-browser';
import type { StoredCheckpoint } from '../../runtime/checkpoint-idb';
import { startTrainingWorker } from '../../runtime/worker/client';
import type { FromWorker, ToWorker } from '../../runtime/worker/protocol';
import type { Stores } from '../context';
import { wantedBackend } from './backend-query';
import { BackendSwitch } from './backend-switch';
import { CheckpointFiles } from './checkpoint-files';
import { EditorFollow } from './editor-follow';
import { BROWSER_IO, type ControllerIO } from './controller-io';
import { loadPrefs, runSettingsOf, savePrefs, type DashboardSettings } from './dashboard-settings';
import { ModelExport } from './model-export';
import { RunCommands } from './run-commands';
import { initialView, lossTableOf, sessionLive, withNotice, type LossTable, type TrainingView } from './training-view';
import { ViewStore } from './view-store';
import { WireWatch } from './wire-watch';
import { WorkerLink } from './worker-link';
import { viewPatch } from './worker-reports';

const NOTIFY_MS = 200;

export class TrainingController {
  private readonly store: ViewStore<TrainingView>;
  private readonly worker: WorkerLink;
  private readonly wire: WireWatch;
  private readonly files: CheckpointFiles;
  private readonly models: ModelExport;
  private readonly backends: BackendSwitch;
  private readonly run: RunCommands;
  private readonly editor: EditorFollow;
  private table: LossTable = { steps: [], values: [] };

  constructor(
    private readonly stores: Stores,
    startWorker: typeof startTrainingWorker = startTrainingWorker,
    private readonly io: ControllerIO = BROWSER_IO,
    /** the backend to start with; a page address with ?backend=wasm (webgpu, webgl, cpu) asks for one */
    asked: BrowserBackendName | 'auto' = wantedBackend(globalThis.location?.search ?? ''),
  ) {
    const prefs = loadPrefs();
    this.store = new ViewStore(initialView(prefs, asked !== 'auto' ? asked : prefs.backend), NOTIFY_MS);
    this.worker = new WorkerLink(startWorker, (m) => this.receive(m), (detail) => this.fail(detail));
    // what the parts below may do to the session and the page; each takes the part it needs
    const host = {
      view: () => this.view,
      update: (patch: Partial<TrainingView>) => this.update(patch),
      send: (msg: ToWorker) => this.worker.send(msg),
      endWorker: () => this.worker.end(),
      notice: (message: string) => this.addNotice(message),
      savePrefs: () => this.savePrefs(),
      saveFile: (name: string, bytes: Uint8Array) => this.io.saveFile(name, bytes),
      doc: () => this.stores.doc.getSnapshot().committed,
      openDoc: (doc: GraphDoc, label: string) => this.editor.open(doc, label),
      clearRun: () => this.clearRun(),
      // without IndexedDB there is no checkpoint to forget
      forgetCheckpoint: (fp: string) => void this.io.checkpoints.remove(fp).catch(() => undefined).then(() => this.refreshStored()),
      resume: (fp: string, checkpoint: StoredCheckpoint) => this.run.start(fp, null, checkpoint),
      restart: (fp: string, running: boolean, backend: BrowserBackendName | 'auto') => this.run.start(fp, running ? this.run.request() : null, undefined, backend),
    };
    this.run = new RunCommands(host);
    this.wire = new WireWatch(host);
    this.files = new CheckpointFiles(host, io);
    this.models = new ModelExport(host);
    this.backends = new BackendSwitch(host);
    this.editor = new EditorFollow(stores, host, this.wire);
    this.editor.doc();
    void this.refreshStored();
  }

  /**
   * Follows the document and owns the worker until the returned function is called (a React
   * effect's setup and cleanup; StrictMode runs them twice, so both must be repeatable).
   */
  connect(): () => void {
    const unfollow = this.editor.connect();
    return () => {
      unfollow();
      this.wire.stop();
      this.worker.end();
      this.store.cancel();
    };
  }

  subscribe = (listener: () => void): (() => void) => this.store.subscribe(listener);

  getSnapshot = (): TrainingView => this.store.snapshot;

  get losses(): LossTable {
    return this.table;
  }

  // ── commands (documented in the part's module) ───────────────────────────────────────
  train = (): void => this.run.train();
  pause = (): void => this.run.pause();
  stepOnce = (): void => this.run.stepOnce();
  stop = (): void => this.run.stop();
  reset = (): void => this.run.reset();
  /** Forgets this graph's training and starts a session afresh, without training: its models begin from the kept weights, and the previews show them. */
  startFromKeptWeights = (): void => {
    this.run.reset();
    this.run.start('', null);
  };
  resumeAnyway = (fingerprint: string): void => this.run.resumeAnyway(fingerprint);
  resumeOnOtherBackend = (): void => this.backends.resumeAfterLoss();
  chooseBackend = (backend: BrowserBackendName | 'auto'): void => this.backends.choose(backend);
  probeWire = (): void => this.wire.ask();
  downloadCheckpoint = (): Promise<void> => this.files.download();
  canUpload = (): boolean => this.files.canUpload();
  uploadCheckpoint = (name: string, bytes: Uint8Array): void => this.files.upload(name, bytes);
  openUploadedGraph = (): void => this.files.openRefused();
  downloadModel = (modelId: string): void => this.models.ask(modelId);

  /** Opens the graph of the node that failed and centres it. */
  showProblemNode(): void {
    const p = this.view.problem;
    if (p?.kind === 'nonFinite' && p.nodeId) this.stores.session.focusNode({ kind: 'main' }, p.nodeId);
  }

  dismissProblem(): void {
    this.files.forget();
    this.update({ problem: null, notices: [] });
  }

  setOpen(open: boolean): void {
    this.update({ open });
    this.savePrefs();
  }

  /** Sets an optimizer's learning rate in the live session, from its next step on. */
  setLearningRate(updateId: string, value: number): void {
    if (sessionLive(this.view)) this.worker.send({ type: 'learningRate', updateId, value });
  }

  setSettings(patch: Partial<DashboardSettings>): void {
    this.update({ settings: { ...this.view.settings, ...patch } });
    this.savePrefs();
    if (this.view.sessionFingerprint) this.worker.send({ type: 'settings', settings: runSettingsOf(this.view.settings) });
  }

  // ── worker reports ─────────────────────────────────────────────────────────────────

  private receive(m: FromWorker): void {
    if (m.type === 'ready') this.table = lossTableOf(m.history);
    if (m.type === 'metrics') {
      this.table.steps.push(...m.steps);
      m.losses.forEach((l, i) => (this.table.values[i] ??= []).push(...l));
    }
    const patch = viewPatch(this.view, m, Date.now());
    if (patch) this.update(patch, m.type !== 'metrics');
    if (m.type === 'probe') this.wire.answered(m);
    if (m.type === 'exportModel') this.models.answered(m);
    if (m.type === 'nonFinite') this.showProblemNode();
    if (m.type === 'state' && m.state !== 'idle') this.wire.stateChanged(m.state);
    if (m.type === 'state' && m.state === 'idle') {
      void this.refreshStored();
      this.backends.sessionEnded();
    }
  }

  // ── helpers ────────────────────────────────────────────────────────────────────────

  private get view(): TrainingView {
    return this.store.snapshot;
  }

  private update(patch: Partial<TrainingView>, now = true): void {
    this.store.update(patch, now);
  }

  private clearRun(): void {
    this.table = { steps: [], values: [] };
    this.update({
      previews: [], previewHistory: {}, learningRates: {}, updates: [], itPerSec: null, memory: null, lossVersion: this.view.lossVersion + 1, batch: null, models: [], exporting: null,
    });
  }

  private addNotice(message: string): void {
    this.update({ notices: withNotice(this.view.notices, message) });
  }

  private fail(detail: string): void {
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
    savePrefs({ open: this.view.open, settings: this.view.settings, backend: this.view.wanted });
  }
}
