// Moving training to another backend, always in a fresh worker: nothing of the old device is
// reused, and an old worker stuck waiting for a lost device does not matter. A backend chosen in
// the dashboard is kept for the next visit; a live session stops (its checkpoint saved) and goes
// on from that checkpoint there. After a lost GPU, the last checkpoint resumes on WebGL (else the CPU).
import type { BrowserBackendName } from '../../runtime/backend-browser';
import type { ToWorker } from '../../runtime/worker/protocol';
import { sessionLive, type TrainingView } from './training-view';

type Choice = BrowserBackendName | 'auto';

export interface SwitchHost {
  view: () => TrainingView;
  update: (patch: Partial<TrainingView>) => void;
  send: (msg: ToWorker) => void;
  savePrefs: () => void;
  endWorker: () => void;
  /** starts from the checkpoint of `fingerprint` on `backend`, running or paused */
  restart: (fingerprint: string, running: boolean, backend: Choice) => void;
}

export class BackendSwitch {
  /** a backend chosen while a session ran: it stops (checkpointing) and then starts again there */
  private pending: { backend: Choice; fingerprint: string; running: boolean } | null = null;

  constructor(private readonly host: SwitchHost) {}

  /** The backend to train on from now on (kept for the next visit); a live session moves there. */
  choose(backend: Choice): void {
    const h = this.host;
    if (backend === h.view().wanted) return;
    h.update({ wanted: backend });
    h.savePrefs();
    const v = h.view();
    if (!sessionLive(v)) return;
    this.pending = { backend, fingerprint: v.sessionFingerprint!, running: v.phase === 'running' };
    h.update({ phase: 'stopping' });
    h.send({ type: 'stop', discard: false });
  }

  /** The session ended: one stopped for a switch goes on, on its new backend. */
  sessionEnded(): void {
    const s = this.pending;
    if (!s) return;
    this.pending = null;
    this.host.endWorker();
    this.host.restart(s.fingerprint, s.running, s.backend);
  }

  /** After the GPU was lost: the last checkpoint goes on on WebGL (else the CPU). */
  resumeAfterLoss(): void {
    const v = this.host.view();
    const p = v.problem;
    if (p?.kind !== 'deviceLost') return;
    this.host.endWorker();
    this.host.restart(p.fingerprint ?? v.docFingerprint, true, 'webgl');
  }
}
