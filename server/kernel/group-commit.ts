export interface GroupCommitOptions<Item, Result> {
  /** The longest an item waits for a flush under way to end before it is written anyway. */
  windowMs: number;
  /** A group this large is written at once, without waiting for the flush under way. */
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
 * Group commit: items are written by flushes of many, and each caller's promise settles once
 * the flush holding its item has committed. One round trip and one commit then serve many small
 * writers (single-message posts) instead of one each.
 *
 * Groups form from real concurrency, not from a fixed wait: when no flush is under way, what
 * waits is written at once (after the current turn of the event loop, so items arriving
 * together start together), and a lone item pays nothing. While a flush is under way, arrivals
 * wait for it and are written as one group as soon as it ends, or once `windowMs` has passed,
 * or once `maxItems` wait, whichever comes first. Items are written in arrival order within a
 * group, and groups start in arrival order; groups under way at the same time may commit in
 * any order (a caller who needs an order awaits its answer before sending more).
 */
export class GroupCommitter<Item, Result> {
  private waiting: Waiting<Item, Result>[] = [];
  private scheduled: { cancel(): void } | undefined;
  private readonly flushing = new Set<Promise<void>>();
  private isClosed = false;

  constructor(private readonly options: GroupCommitOptions<Item, Result>) {}

  /** Settles with the item's result once its group is committed, or with the error that kept it out. */
  enqueue(item: Item): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (this.isClosed || this.waiting.length >= this.options.maxItems) this.flushWaiting();
      else if (this.scheduled === undefined) this.scheduleFlush();
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

  private scheduleFlush(): void {
    if (this.flushing.size === 0) {
      const immediate = setImmediate(() => this.flushWaiting());
      this.scheduled = { cancel: () => clearImmediate(immediate) };
    } else {
      const timer = setTimeout(() => this.flushWaiting(), this.options.windowMs);
      this.scheduled = { cancel: () => clearTimeout(timer) };
    }
  }

  private flushWaiting(): void {
    this.scheduled?.cancel();
    this.scheduled = undefined;
    if (this.waiting.length === 0) return;
    const group = this.waiting;
    this.waiting = [];
    const flushed: Promise<void> = this.commit(group).finally(() => {
      this.flushing.delete(flushed);
      // What arrived during this flush waited for it: its turn now.
      this.flushWaiting();
    });
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
