// The page's one training worker: started by the first command sent to it, ended on request (the
// next command starts a fresh one), and dropped when it fails so that training can start again.
import type { startTrainingWorker, TrainingWorker } from '../../runtime/worker/client';
import type { FromWorker, ToWorker } from '../../runtime/worker/protocol';

export class WorkerLink {
  private worker: TrainingWorker | null = null;

  constructor(
    private readonly startWorker: typeof startTrainingWorker,
    private readonly onReport: (m: FromWorker) => void,
    private readonly onFailure: (detail: string) => void,
  ) {}

  send(msg: ToWorker): void {
    this.worker ??= this.startWorker(this.onReport, (detail) => {
      this.end();
      this.onFailure(detail);
    });
    this.worker.send(msg);
  }

  /** Ends the worker; what it was doing is lost. */
  end(): void {
    this.worker?.terminate();
    this.worker = null;
  }
}
