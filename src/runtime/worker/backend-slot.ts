// The backend this worker trains on: chosen at the first start and kept for the next ones, chosen
// afresh after a choice that failed or a device that was lost. Its device is watched from the
// moment it is chosen; a loss counts only while that choice is still the one in use.
import { issue, renderIssue } from '../../messages';
import type { BrowserBackendChoice, BrowserBackendName } from '../backend-browser';
import type { Live } from './live-session';
import type { FromWorker } from './protocol';
import type { RunnerDeps } from './runner-deps';

export class BackendSlot {
  private chosen: Promise<BrowserBackendChoice> | null = null;

  constructor(
    private readonly deps: Pick<RunnerDeps, 'selectBackend' | 'deviceLost'>,
    private readonly onLost: (reason: string) => void,
  ) {}

  /** The backend in use; chosen now, as `wanted`, when there is none. */
  get(wanted: BrowserBackendName | 'auto'): Promise<BrowserBackendChoice> {
    if (!this.chosen) {
      const chosen = this.deps.selectBackend(wanted);
      this.chosen = chosen;
      void chosen.then((b) => this.watch(b, chosen), () => undefined);
    }
    return this.chosen.catch((e: unknown) => {
      this.chosen = null;
      throw e;
    });
  }

  /** The next start chooses again. */
  forget(): void {
    this.chosen = null;
  }

  private watch(backend: BrowserBackendChoice, chosen: Promise<BrowserBackendChoice>): void {
    const lost = this.deps.deviceLost?.(backend);
    if (!lost) return;
    void lost.then((reason) => {
      if (this.chosen === chosen) this.onLost(reason);
    });
  }
}

/** The page's word of a lost device: the iteration it happened at and the checkpoint that stays. */
export function deviceLostReport(live: Live | null, lastStep: number, reason: string): Extract<FromWorker, { type: 'deviceLost' }> {
  const step = live?.session.step ?? lastStep;
  const saved = live && live.savedStep >= 0 ? live.savedStep : null;
  return { type: 'deviceLost', message: renderIssue(issue('run.deviceLost', { step, reason, saved })), step, fingerprint: live?.fingerprint ?? null };
}
