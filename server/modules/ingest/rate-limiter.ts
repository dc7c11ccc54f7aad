/**
 * A fixed-window request counter per key (a data source), kept in this process's memory.
 * Enough to stop a runaway gateway loop; each app node counts on its own.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { startedAt: number; count: number }>();

  constructor(
    private readonly maxPerWindow: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one request; returns the milliseconds to wait when over the limit, else 0. */
  take(key: string): number {
    const now = this.now();
    const window = this.windows.get(key);
    if (!window || now - window.startedAt >= this.windowMs) {
      if (this.windows.size > 10_000) this.windows.clear();
      this.windows.set(key, { startedAt: now, count: 1 });
      return 0;
    }
    window.count += 1;
    return window.count > this.maxPerWindow ? window.startedAt + this.windowMs - now : 0;
  }
}
