// A snapshot for React's useSyncExternalStore: replaced by every change, never changed itself.
// Changes that come many times a second (losses) can wait to be shown together, at most `batchMs`
// later; any change shown at once takes them along.

export class ViewStore<T extends object> {
  private listeners = new Set<() => void>();
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private view: T,
    private readonly batchMs: number,
  ) {}

  get snapshot(): T {
    return this.view;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Applies a change; `now` false batches it with others into the next snapshot. */
  update(patch: Partial<T>, now = true): void {
    this.view = { ...this.view, ...patch };
    if (now) return this.emit();
    this.timer ??= setTimeout(() => this.emit(), this.batchMs);
  }

  /** Forgets a batched notification (the view stays changed). */
  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private emit(): void {
    this.cancel();
    for (const l of [...this.listeners]) l();
  }
}
