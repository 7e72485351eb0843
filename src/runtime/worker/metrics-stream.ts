// Losses on their way to the page: the rows of each read-back join the session's loss log and wait
// in an outbox that travels at most every METRICS_POST_MS, with the speed and the memory in use.
// The speed also sets how often losses are read back (readEvery).
import type { TFModule } from '../../../nodes/spec';
import type { StepMetrics } from '../trainer';
import type { Live } from './live-session';
import { seriesValue, type MemoryInfo } from './protocol';
import { RateMeter } from './rate';
import type { Post } from './runner-deps';

/** read-backs per second to aim for when iterations are fast */
const READS_PER_SECOND = 4;
/** at most this often (ms) do losses travel to the page; they are batched in between */
const METRICS_POST_MS = 150;

export function memoryInfo(tf: TFModule): MemoryInfo {
  const m = tf.memory() as ReturnType<TFModule['memory']> & { numBytesInGPU?: number };
  return { numTensors: m.numTensors, numBytes: m.numBytes, gpuBytes: typeof m.numBytesInGPU === 'number' ? m.numBytesInGPU : null };
}

export class MetricsStream {
  private outbox: StepMetrics[] = [];
  private lastPost = -Infinity;
  private rate = new RateMeter();
  private itPerSec: number | null = null;

  constructor(
    private readonly tf: TFModule,
    private readonly post: Post,
    private readonly now: () => number,
  ) {}

  /** A new session: nothing waits to be sent, and its speed is not known yet. */
  reset(): void {
    this.outbox = [];
    this.itPerSec = null;
  }

  /** A run begins at `step`: the speed is measured from here. */
  begin(step: number): void {
    this.rate.reset();
    this.rate.add(this.now(), step);
  }

  /**
   * Iterations between loss read-backs: every iteration while training is slow (a software GPU,
   * the first iterations that compile GPU programs), so the page sees progress; up to
   * `metricsEvery` when it is fast, so the device is not made to wait too often.
   */
  readEvery(metricsEvery: number): number {
    const r = this.itPerSec;
    if (r === null) return 1;
    return Math.max(1, Math.min(metricsEvery, Math.floor(r / READS_PER_SECOND)));
  }

  log(live: Live, rows: StepMetrics[]): void {
    for (const r of rows) live.log.append(r.step, live.log.updates.map((u) => seriesValue(u, r)));
    this.outbox.push(...rows);
    this.itPerSec = this.rate.add(this.now(), live.session.step) ?? this.itPerSec;
  }

  /** Sends what waits, unless the last post was too recent; `force` sends now, even nothing. */
  flush(live: Live | null, force: boolean): void {
    if (!live || (!force && this.now() - this.lastPost < METRICS_POST_MS)) return;
    if (!this.outbox.length && !force) return;
    const rows = this.outbox;
    this.outbox = [];
    this.lastPost = this.now();
    const steps = rows.map((r) => r.step);
    const losses = live.log.updates.map((u) => rows.map((r) => seriesValue(u, r)));
    this.post({ type: 'metrics', steps, losses, step: live.session.step, itPerSec: this.itPerSec, memory: memoryInfo(this.tf) });
  }
}
