export interface GroupCommitOptions<Item, Result> {
  /** How long the first item of a group waits for others. */
  windowMs: number;
  /** A group this large is written at once, without waiting out the window. */
  maxItems: number;
  /** Writes the items together, all or nothing, and gives each one's result, in order. */
  flush(items: readonly Item[]): Promise<readonly Result[]>;
  /**
   * Whether a group's failure may be one item's fault (bad data rather than a lost connection):
   * such a group is written again item by item, in order, so only the item at fault fails.
   */
  mayBeOneItemsFault?(error: unknown): boolean;
}

interface Waiting<Item, Result> {
  item: Item;
  resolve(result: Result): void;
  reject(error: unknown): void;
}

/**
 * Group commit: items that arrive within a short window are written by one flush, and each
 * caller's promise settles once that flush has committed. One round trip and one commit then
 * serve many small writers (single-message posts) instead of one each.
 */
export class GroupCommitter<Item, Result> {
  private waiting: Waiting<Item, Result>[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly flushing = new Set<Promise<void>>();
  private isClosed = false;

  constructor(private readonly options: GroupCommitOptions<Item, Result>) {}

  /** Settles with the item's result once its group is committed, or with the error that kept it out. */
  enqueue(item: Item): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (this.isClosed || this.waiting.length >= this.options.maxItems) this.flushWaiting();
      else this.timer ??= setTimeout(() => this.flushWaiting(), this.options.windowMs);
    });
  }

  /**
   * Writes what waits at once and settles when every flush under way has: nothing enqueued is
   * left unanswered. Items enqueued afterwards (requests still in flight) are written at once.
   */
  async close(): Promise<void> {
    this.isClosed = true;
    this.flushWaiting();
    while (this.flushing.size > 0) await Promise.allSettled([...this.flushing]);
  }

  private flushWaiting(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.waiting.length === 0) return;
    const group = this.waiting;
    this.waiting = [];
    const flushed: Promise<void> = this.commit(group).finally(() => this.flushing.delete(flushed));
    this.flushing.add(flushed);
  }

  private async commit(group: readonly Waiting<Item, Result>[]): Promise<void> {
    try {
      const results = await this.flushItems(group.map((waiting) => waiting.item));
      group.forEach((waiting, position) => waiting.resolve(results[position]!));
    } catch (error) {
      if (group.length === 1 || !this.options.mayBeOneItemsFault?.(error)) {
        for (const waiting of group) waiting.reject(error);
        return;
      }
      for (const waiting of group) {
        try {
          waiting.resolve((await this.flushItems([waiting.item]))[0]!);
        } catch (itemError) {
          waiting.reject(itemError);
        }
      }
    }
  }

  private async flushItems(items: readonly Item[]): Promise<readonly Result[]> {
    const results = await this.options.flush(items);
    if (results.length !== items.length) throw new Error(`group commit: ${results.length} results for ${items.length} items`);
    return results;
  }
}
