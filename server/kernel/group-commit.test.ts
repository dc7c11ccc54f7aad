import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GroupCommitter } from './group-commit.ts';

class BadItem extends Error {}

/**
 * A committer over a flush that records its groups and fails a group holding a negative item.
 * With `held`, each flush stays under way until the test releases it (`release(n)`: the n-th
 * flush, from 0).
 */
function recordingCommitter(options: { windowMs?: number; maxItems?: number; held?: boolean; mayBeOneItemsFault?: (error: unknown) => boolean } = {}) {
  const groups: number[][] = [];
  const releases: Array<() => void> = [];
  const committer = new GroupCommitter<number, string>({
    windowMs: options.windowMs ?? 5,
    maxItems: options.maxItems ?? 100,
    flush: async (items) => {
      groups.push([...items]);
      if (options.held) await new Promise<void>((release) => releases.push(release));
      if (items.some((item) => item < 0)) throw new BadItem(`bad ${items.join(',')}`);
      return items.map((item) => `done ${item}`);
    },
    mayBeOneItemsFault: options.mayBeOneItemsFault ?? ((error) => error instanceof BadItem),
  });
  return { committer, groups, release: (flush: number) => releases[flush]!() };
}

/** Follows a promise: `state()` says whether it has settled yet. */
function watch<T>(promise: Promise<T>) {
  let settled = false;
  void promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  return { promise, state: () => (settled ? 'settled' : 'pending') };
}

describe('group commit', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('writes a lone item at once, without waiting out the window', async () => {
    const { committer, groups } = recordingCommitter({ windowMs: 60_000 });
    const answer = watch(committer.enqueue(1));
    await vi.advanceTimersByTimeAsync(0);
    expect(groups).toEqual([[1]]);
    expect(answer.state()).toBe('settled');
    expect(await answer.promise).toBe('done 1');
  });

  it('writes the items enqueued in the same turn together, each answered with its own result', async () => {
    const { committer, groups } = recordingCommitter({ windowMs: 60_000 });
    const answers = Promise.all([1, 2, 3].map((item) => committer.enqueue(item)));
    await vi.advanceTimersByTimeAsync(0);
    expect(groups).toEqual([[1, 2, 3]]);
    expect(await answers).toEqual(['done 1', 'done 2', 'done 3']);
  });

  it('groups the items that arrive while a flush is under way, and writes them as soon as it ends', async () => {
    const { committer, groups, release } = recordingCommitter({ windowMs: 60_000, held: true });
    const first = watch(committer.enqueue(1));
    await vi.advanceTimersByTimeAsync(0);
    const second = watch(committer.enqueue(2));
    await vi.advanceTimersByTimeAsync(1);
    const third = watch(committer.enqueue(3));
    await vi.advanceTimersByTimeAsync(1);
    expect(groups).toEqual([[1]]);

    release(0);
    await vi.advanceTimersByTimeAsync(0);
    expect(first.state()).toBe('settled');
    expect(groups).toEqual([[1], [2, 3]]);
    // Each answer waits for its own group's commit, not for the one before.
    expect([second.state(), third.state()]).toEqual(['pending', 'pending']);
    release(1);
    expect(await Promise.all([first.promise, second.promise, third.promise])).toEqual(['done 1', 'done 2', 'done 3']);
  });

  it('writes what waits behind a slow flush once the window has passed, without waiting for that flush', async () => {
    const { committer, groups, release } = recordingCommitter({ windowMs: 5, held: true });
    const first = watch(committer.enqueue(1));
    await vi.advanceTimersByTimeAsync(0);
    expect(groups).toEqual([[1]]);
    const second = watch(committer.enqueue(2));
    await vi.advanceTimersByTimeAsync(4);
    expect(groups).toEqual([[1]]);
    await vi.advanceTimersByTimeAsync(1);
    expect(groups).toEqual([[1], [2]]);

    release(1);
    expect(await second.promise).toBe('done 2');
    expect(first.state()).toBe('pending');
    release(0);
    expect(await first.promise).toBe('done 1');
  });

  it('writes a full group at once, even while a flush is under way, and the rest after it', async () => {
    const { committer, groups, release } = recordingCommitter({ windowMs: 60_000, maxItems: 3, held: true });
    const first = committer.enqueue(1);
    await vi.advanceTimersByTimeAsync(0);
    const later = [2, 3, 4, 5].map((item) => committer.enqueue(item));
    await vi.advanceTimersByTimeAsync(1);
    expect(groups).toEqual([[1], [2, 3, 4]]);

    release(1);
    await vi.advanceTimersByTimeAsync(0);
    expect(groups).toEqual([[1], [2, 3, 4], [5]]);
    release(0);
    release(2);
    expect(await Promise.all([first, ...later])).toEqual(['done 1', 'done 2', 'done 3', 'done 4', 'done 5']);
  });

  it('writes the items of a group that failed by one item’s fault one by one, in order: only that item fails', async () => {
    const { committer, groups } = recordingCommitter({ maxItems: 3 });
    const answers = Promise.allSettled([1, -2, 3].map((item) => committer.enqueue(item)));
    expect(await answers).toEqual([
      { status: 'fulfilled', value: 'done 1' },
      { status: 'rejected', reason: new BadItem('bad -2') },
      { status: 'fulfilled', value: 'done 3' },
    ]);
    expect(groups).toEqual([[1, -2, 3], [1], [-2], [3]]);
  });

  it('lets the items arriving while a failed group is written again one by one wait for it, then writes them together', async () => {
    const { committer, groups, release } = recordingCommitter({ windowMs: 60_000, held: true });
    const failing = Promise.allSettled([1, -2].map((item) => committer.enqueue(item)));
    await vi.advanceTimersByTimeAsync(0);
    const later = Promise.all([3, 4].map((item) => committer.enqueue(item)));
    for (let flush = 0; flush < 3; flush += 1) {
      release(flush);
      await vi.advanceTimersByTimeAsync(0);
    }
    expect(groups).toEqual([[1, -2], [1], [-2], [3, 4]]);
    release(3);
    expect((await failing).map((answer) => answer.status)).toEqual(['fulfilled', 'rejected']);
    expect(await later).toEqual(['done 3', 'done 4']);
  });

  it('fails every item of the group when the failure cannot be one item’s fault', async () => {
    const { committer, groups } = recordingCommitter({ maxItems: 2, mayBeOneItemsFault: () => false });
    const answers = await Promise.allSettled([-1, 2].map((item) => committer.enqueue(item)));
    expect(answers.map((answer) => answer.status)).toEqual(['rejected', 'rejected']);
    expect(groups).toEqual([[-1, 2]]);
  });

  it('on close, writes what waits behind a flush at once and settles only once every flush has committed', async () => {
    const { committer, groups, release } = recordingCommitter({ windowMs: 60_000, held: true });
    const first = committer.enqueue(1);
    await vi.advanceTimersByTimeAsync(0);
    const second = committer.enqueue(2);
    const closing = watch(committer.close());
    expect(groups).toEqual([[1], [2]]);

    release(1);
    await vi.advanceTimersByTimeAsync(0);
    expect(closing.state()).toBe('pending');
    release(0);
    await closing.promise;
    expect(await Promise.all([first, second])).toEqual(['done 1', 'done 2']);
  });

  it('on close, writes what waits at once, settles once it is written, and writes later items at once', async () => {
    const { committer, groups } = recordingCommitter({ windowMs: 60_000 });
    const waiting = committer.enqueue(1);
    await committer.close();
    expect(groups).toEqual([[1]]);
    expect(await waiting).toBe('done 1');
    expect(await committer.enqueue(2)).toBe('done 2');
    expect(groups).toEqual([[1], [2]]);
  });
});
