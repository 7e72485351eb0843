// Iterations per second over the last few seconds, so the figure follows the current speed rather
// than the average since the start (compilation and warm-up make the first iterations slow).
export class RateMeter {
  private samples: { t: number; step: number }[] = [];

  constructor(private readonly windowMs = 3000) {}

  reset(): void {
    this.samples = [];
  }

  /** Records that `step` was reached at time `t` (ms); returns the rate, null until it can tell. */
  add(t: number, step: number): number | null {
    this.samples.push({ t, step });
    while (this.samples.length > 2 && t - this.samples[1]!.t >= this.windowMs) this.samples.shift();
    const first = this.samples[0]!;
    return t > first.t && step > first.step ? ((step - first.step) * 1000) / (t - first.t) : null;
  }
}
