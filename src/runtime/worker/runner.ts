// The training worker's logic, free of the worker's globals so that tests can drive it in Node:
// it compiles the document into a session, trains it in chunks that give way to incoming commands
// (pause, stop, step), streams losses, previews and memory to the page, and checkpoints.
// Commands run one after another; pause and stop also raise a flag that the running loop obeys.
// This class routes the commands and owns the session's life; each part of the work has a module.
import { disposeSession } from '../session';
import { BackendSlot, deviceLostReport } from './backend-slot';
import { keepLastGood, saveCheckpoint } from './checkpoint-save';
import { CommandQueue } from './command-queue';
import { learningRates, setLearningRate } from './learning-rate';
import { spanOf, stepSpan, type Live } from './live-session';
import { memoryInfo, MetricsStream } from './metrics-stream';
import { openSession } from './open-session';
import { PageRequests } from './page-requests';
import { sendPreviews } from './previews';
import { DEFAULT_SETTINGS, type RunRequest, type RunSettings, type StartCommand, type ToWorker, type WorkerState } from './protocol';
import type { RunnerDeps } from './runner-deps';
import { nonFiniteReport, trainInChunks } from './training-loop';

export type { RunnerDeps } from './runner-deps';

export class TrainingRunner {
  private live: Live | null = null;
  private settings: RunSettings = DEFAULT_SETTINGS;
  private interrupt: 'pause' | 'stop' | null = null;
  /** the iteration the last session ended at, for reports after it is gone */
  private lastStep = 0;
  /** the backend's device is gone: nothing more runs on it */
  private lost = false;
  private readonly queue: CommandQueue<ToWorker>;
  private readonly backends: BackendSlot;
  private readonly metrics: MetricsStream;
  private readonly requests: PageRequests;

  constructor(private readonly deps: RunnerDeps) {
    this.queue = new CommandQueue({
      exec: (msg) => this.exec(msg),
      // a lost device makes what ran on it fail: that was said once, as deviceLost
      failed: (e) => {
        if (!this.lost) this.fail(e);
      },
      after: () => this.endLost(),
    });
    this.backends = new BackendSlot(deps, (reason) => this.onDeviceLost(reason));
    this.metrics = new MetricsStream(deps.tf, deps.post, deps.now ?? (() => performance.now()));
    this.requests = new PageRequests(deps.post, () => this.live);
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
    if (msg.type === 'probe') this.requests.askProbe(msg.request);
    if (msg.type === 'exportModel') this.requests.askExport(msg);
    if (msg.type === 'pause') this.interrupt ??= 'pause';
    if (msg.type === 'stop') this.interrupt = 'stop';
    this.queue.push(msg);
  }

  /** Resolves when every command received so far has been carried out (for tests). */
  idle(): Promise<void> {
    return this.queue.idle();
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
        Object.assign(live, stepSpan(live, next));
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
        return this.requests.answerProbe();
      case 'exportModel':
        return this.requests.answerExports();
      case 'stop':
        this.interrupt = null;
        return this.stop(msg.discard);
    }
  }

  private async start(msg: StartCommand): Promise<void> {
    if (this.live) this.close();
    this.interrupt = null;
    this.settings = msg.settings;
    const live = (this.live = await openSession(this.deps, msg, await this.backends.get(msg.backend)));
    this.metrics.reset();
    this.postRates();
    await sendPreviews(live, this.deps.post);
    if (msg.run) await this.run(msg.run);
    else this.report('paused');
  }

  private async run(request: RunRequest): Promise<void> {
    const live = this.live!;
    Object.assign(live, spanOf(request, live.session.step, live));
    // 'rest' keeps the target; when it is already reached there is nothing to do
    await this.loop(live.target);
  }

  /** Trains until `until` (null: until interrupted), a non-finite loss, or an interrupt. */
  private async loop(until: number | null): Promise<void> {
    const live = this.live!;
    const s = live.session;
    if (until !== null && s.step >= until) return this.report('paused');
    this.report('running');
    this.metrics.begin(s.step);
    const result = await trainInChunks(s, until, {
      settings: () => this.settings,
      interrupted: () => this.interrupt !== null,
      readEvery: () => this.metrics.readEvery(this.settings.metricsEvery),
      onMetrics: (rows) => this.metrics.log(live, rows),
      between: async (checkpointDue) => {
        if (checkpointDue) await this.save();
        this.metrics.flush(this.live, false);
        await this.deps.yieldToEvents();
        await this.requests.answerAll();
      },
      previewDue: () => sendPreviews(live, this.deps.post),
    });
    this.metrics.flush(this.live, true);
    if (result.status === 'nonFinite') {
      // its weights may hold NaN now: the stored checkpoint goes back to the last one whose next
      // loss was finite, and this session goes
      const kept = await keepLastGood(live, this.deps.checkpoints, this.deps.post, result.step);
      this.deps.post(nonFiniteReport(s, result, kept));
      this.close();
      return this.report('idle');
    }
    await this.save();
    if (this.interrupt === 'stop') return; // the queued stop ends the session
    if (live.previewStep !== s.step) await sendPreviews(live, this.deps.post);
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

  /** Nothing is saved from a lost device: its weights can no longer be read. */
  private async save(): Promise<void> {
    if (!this.lost) await saveCheckpoint(this.live!, this.deps.checkpoints, this.deps.post);
  }

  /**
   * The device went away: nothing more runs on it. The session ends without a checkpoint, the
   * last one saved stays, and the next start chooses a backend afresh (the page asks for another).
   */
  private onDeviceLost(reason: string): void {
    this.lost = true;
    this.backends.forget();
    this.interrupt = 'stop';
    this.queue.clear();
    this.deps.post(deviceLostReport(this.live, this.lastStep, reason));
    // a command under way ends on its own (its next device call fails or the interrupt stops it)
    if (!this.queue.busy) this.endLost();
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

  private postRates(): void {
    if (this.live) this.deps.post({ type: 'learningRates', rates: learningRates(this.live.session) });
  }

  private report(state: WorkerState): void {
    const live = this.live;
    const step = live?.session.step ?? this.lastStep;
    this.deps.post({ type: 'state', state, step, target: live?.target ?? null, targetFrom: live?.targetFrom ?? step, memory: memoryInfo(this.deps.tf) });
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
