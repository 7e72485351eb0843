// Which checkpoint stays when training stops on a non-finite loss. A checkpoint at step N holds
// the weights after N iterations, taken once every loss before N was read back finite; iteration
// N's own losses, the first computed from those weights, are read back only later. So the newest
// checkpoint written is good only if iteration N's losses turn out finite; where they do not, the
// one written before it (confirmed when N was written) is put back, or none is left. Pure.

export interface Written<T> {
  step: number;
  /** what to write back; null for a checkpoint written before this session, not held */
  value: T | null;
}

export type AfterNonFinite<T> =
  | { kind: 'keep' }
  | { kind: 'restore'; step: number; value: T }
  | { kind: 'remove' };

export class KeptCheckpoints<T> {
  private latest: Written<T> | null = null;
  private previous: Written<T> | null = null;

  /** A checkpoint at `step` was written (only ever after every loss before `step` was read finite). */
  written(step: number, value: T | null): void {
    this.previous = this.latest;
    this.latest = { step, value };
  }

  /** Every loss before `step` was read finite: the newest written is good, the one before it no longer needed. */
  healthy(step: number): void {
    if (this.latest && this.latest.step < step) this.previous = null;
  }

  /** The step of the checkpoint that stays after `afterNonFinite` gave `after`; null when none does. */
  keptStep(after: AfterNonFinite<T>): number | null {
    return after.kind === 'restore' ? after.step : after.kind === 'keep' ? (this.latest?.step ?? null) : null;
  }

  /** A loss of iteration `step` was not finite: what the stored checkpoint should become. */
  afterNonFinite(step: number): AfterNonFinite<T> {
    if (!this.latest || this.latest.step < step) return { kind: 'keep' };
    const back = this.previous;
    return back?.value != null ? { kind: 'restore', step: back.step, value: back.value } : { kind: 'remove' };
  }
}
