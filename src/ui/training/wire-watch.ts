// The wire view's questions to the worker: the selected wire of the training graph is asked for
// when the selection changes, when a session pauses or starts running, and again WIRE_REFRESH_MS
// after each answer while training runs. Only the answer to the latest question counts.
import type { FromWorker, ToWorker, WorkerState } from '../../runtime/worker/protocol';
import { sessionLive, type TrainingView } from './training-view';
import type { WireRef } from './wire';

/** how often the wire view refreshes while training runs */
export const WIRE_REFRESH_MS = 1500;

export interface WireHost {
  view: () => TrainingView;
  update: (patch: Partial<TrainingView>) => void;
  send: (msg: ToWorker) => void;
}

export class WireWatch {
  private probeId = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly host: WireHost) {}

  /** Shows the values of `ref`, the one selected wire; nothing when there is none. */
  follow(ref: WireRef | null): void {
    const w = this.host.view().wire;
    if (ref?.edgeId === w?.edgeId && ref?.node === w?.node && ref?.port === w?.port) return;
    this.host.update({ wire: ref ? { ...ref, pending: false, result: null } : null });
    this.ask();
  }

  /** Asks the worker for the selected wire's values now (a refresh button, a new selection). */
  ask(): void {
    this.stop();
    const v = this.host.view();
    const w = v.wire;
    if (!w || !sessionLive(v)) return;
    this.host.send({ type: 'probe', request: { id: ++this.probeId, edgeId: w.edgeId, node: w.node, port: w.port } });
    this.host.update({ wire: { ...w, pending: true } });
  }

  answered(m: Extract<FromWorker, { type: 'probe' }>): void {
    const w = this.host.view().wire;
    if (!w || m.id !== this.probeId || m.edgeId !== w.edgeId) return;
    this.host.update({ wire: { ...w, pending: false, result: m.result } });
    // a live view while training runs: the next look a little later
    if (this.host.view().phase === 'running') this.timer = setTimeout(() => this.ask(), WIRE_REFRESH_MS);
  }

  /** The final values of a pause, or the first of a run (when no refresh is under way). */
  stateChanged(state: WorkerState): void {
    if (state === 'paused' || (state === 'running' && !this.host.view().wire?.pending && !this.timer)) this.ask();
  }

  /** Cancels the next refresh. */
  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
