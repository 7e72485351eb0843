// The buttons that drive a session (Train, Pause, Step, Stop, Reset) and what each sends the worker
// in each phase; a start is the one way in, whether afresh, from a checkpoint or a file. Train on a
// paused session of a graph edited since replaces it by one of the graph as it is now.
import type { GraphDoc } from '../../graph/types';
import type { BrowserBackendName } from '../../runtime/backend-browser';
import type { StoredCheckpoint } from '../../runtime/checkpoint-idb';
import { trainingFingerprint } from '../../runtime/worker/fingerprint';
import type { RunRequest, ToWorker } from '../../runtime/worker/protocol';
import { runRequestOf, runSettingsOf } from './dashboard-settings';
import { graphChanged, type TrainingView } from './training-view';

export interface RunHost {
  view: () => TrainingView;
  update: (patch: Partial<TrainingView>) => void;
  send: (msg: ToWorker) => void;
  savePrefs: () => void;
  /** the document as committed now */
  doc: () => GraphDoc;
  /** the last session's losses, previews and rates go */
  clearRun: () => void;
  /** deletes a stored checkpoint, where there is storage */
  forgetCheckpoint: (fingerprint: string) => void;
}

export class RunCommands {
  constructor(private readonly host: RunHost) {}

  /** Train: start (resuming this graph's checkpoint if there is one), or go on from a pause. */
  train(): void {
    const v = this.host.view();
    if (v.phase === 'idle' || (v.phase === 'paused' && graphChanged(v))) return this.start(v.docFingerprint, this.request());
    if (v.phase !== 'paused') return;
    const midRun = v.target === null || v.step < v.target;
    this.host.send({ type: 'run', request: midRun ? { kind: 'rest' } : this.request() });
    this.host.update({ phase: 'running' });
  }

  pause(): void {
    const { phase } = this.host.view();
    if (phase === 'running' || phase === 'starting') this.host.send({ type: 'pause' });
  }

  /** One iteration, then paused; from idle it first compiles (and resumes the checkpoint). */
  stepOnce(): void {
    const v = this.host.view();
    if (v.phase === 'idle') this.start(v.docFingerprint, null);
    else if (v.phase !== 'paused') return;
    this.host.send({ type: 'step' });
  }

  /** Ends the session; its checkpoint stays, so Train resumes it later. */
  stop(): void {
    const { phase } = this.host.view();
    if (phase === 'idle' || phase === 'stopping') return;
    this.host.send({ type: 'stop', discard: false });
    this.host.update({ phase: 'stopping' });
  }

  /** Forgets this graph's training: the live session, its checkpoint, the charts. */
  reset(): void {
    const v = this.host.view();
    if (v.phase === 'idle') this.host.forgetCheckpoint(v.sessionFingerprint ?? v.docFingerprint);
    else {
      this.host.send({ type: 'stop', discard: true });
      this.host.update({ phase: 'stopping' });
    }
    this.host.clearRun();
    this.host.update({ step: 0, target: null, targetFrom: 0, resumedFrom: null, lastCheckpoint: null, problem: null });
  }

  /** Starts the current graph from another graph's checkpoint (an earlier version of it). */
  resumeAnyway(fingerprint: string): void {
    const v = this.host.view();
    if (v.phase === 'idle' || (v.phase === 'paused' && graphChanged(v))) this.start(fingerprint, this.request());
  }

  /** A new session of the committed document, from the checkpoint `resumeFrom` names (or `checkpoint`). */
  start(resumeFrom: string, run: RunRequest | null, checkpoint?: StoredCheckpoint, backend: BrowserBackendName | 'auto' = this.host.view().wanted): void {
    const h = this.host;
    const doc = h.doc();
    h.clearRun();
    h.update({ phase: 'starting', open: true, problem: null, notices: [], resumedFrom: null, lastCheckpoint: null, step: 0, target: null, targetFrom: 0 });
    h.savePrefs();
    h.send({
      type: 'start', doc, fingerprint: trainingFingerprint(doc), seed: 1, resumeFrom, backend, settings: runSettingsOf(h.view().settings), run,
      ...(checkpoint ? { checkpoint } : {}),
    });
  }

  /** The run one press of Train asks for now. */
  request(): RunRequest {
    return runRequestOf(this.host.view().settings);
  }
}
