// The runner's commands, carried out one at a time in the order they came: each runs to its end
// (its training chunks included) before the next begins, so two commands never interleave.

export interface QueueHooks<T> {
  exec: (cmd: T) => Promise<void>;
  /** a command that threw */
  failed: (e: unknown) => void;
  /** after each command, whether it threw or not */
  after: () => void;
}

export class CommandQueue<T> {
  private waiting: T[] = [];
  private running = false;

  constructor(private readonly hooks: QueueHooks<T>) {}

  /** Whether a command is being carried out now. */
  get busy(): boolean {
    return this.running;
  }

  push(cmd: T): void {
    this.waiting.push(cmd);
    void this.pump();
  }

  /** Drops the commands not begun yet. */
  clear(): void {
    this.waiting = [];
  }

  /** Resolves when every command pushed so far has been carried out. */
  async idle(): Promise<void> {
    while (this.running || this.waiting.length) await new Promise((r) => setTimeout(r, 5));
  }

  private async pump(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (let cmd = this.waiting.shift(); cmd; cmd = this.waiting.shift()) {
        try {
          await this.hooks.exec(cmd);
        } catch (e) {
          this.hooks.failed(e);
        }
        this.hooks.after();
      }
    } finally {
      this.running = false;
    }
  }
}
