// The loss of every update at every iteration of a session, kept in growable typed arrays so a
// long run stays compact; it travels with checkpoints, so charts survive a reload.
import type { StoredHistory } from '../checkpoint-idb';
import type { LossHistory, UpdateInfo } from './protocol';

export class LossLog {
  private steps = new Float64Array(1024);
  private losses: Float32Array[];
  private length = 0;

  constructor(readonly updates: readonly UpdateInfo[]) {
    this.losses = updates.map(() => new Float32Array(1024));
  }

  get size(): number {
    return this.length;
  }

  /** One row per iteration: its step and the loss of each update, in `updates` order. */
  append(step: number, values: readonly number[]): void {
    if (this.length === this.steps.length) this.grow();
    this.steps[this.length] = step;
    this.losses.forEach((l, i) => (l[this.length] = values[i] ?? NaN));
    this.length++;
  }

  /** Forgets the iterations from `step` on (a checkpoint restored an earlier state). */
  truncate(step: number): void {
    while (this.length > 0 && this.steps[this.length - 1]! >= step) this.length--;
  }

  /** A copy, trimmed to the rows logged. */
  history(): LossHistory {
    return { steps: this.steps.slice(0, this.length), losses: this.losses.map((l) => l.slice(0, this.length)) };
  }

  stored(): StoredHistory {
    return { updates: this.updates.map((u) => ({ ...u })), ...this.history() };
  }

  /** Takes over a stored history, matching updates by id; unknown updates read NaN. */
  restore(h: StoredHistory): void {
    this.length = 0;
    const column = this.updates.map((u) => h.updates.findIndex((s) => s.id === u.id));
    for (let r = 0; r < h.steps.length; r++) this.append(h.steps[r]!, column.map((c) => (c < 0 ? NaN : h.losses[c]![r] ?? NaN)));
  }

  private grow(): void {
    const size = this.steps.length * 2;
    const steps = new Float64Array(size);
    steps.set(this.steps);
    this.steps = steps;
    this.losses = this.losses.map((l) => {
      const next = new Float32Array(size);
      next.set(l);
      return next;
    });
  }
}
