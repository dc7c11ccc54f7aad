import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GroupCommitter } from './group-commit.ts';

class BadItem extends Error {}

/** A committer over a flush that records its groups, and fails a group holding a negative item. */
function recordingCommitter(options: { windowMs?: number; maxItems?: number; mayBeOneItemsFault?: (error: unknown) => boolean } = {}) {
  const groups: number[][] = [];
  const committer = new GroupCommitter<number, string>({
    windowMs: options.windowMs ?? 5,
    maxItems: options.maxItems ?? 100,
    flush: async (items) => {
      groups.push([...items]);
      if (items.some((item) => item < 0)) throw new BadItem(`bad ${items.join(',')}`);
      return items.map((item) => `done ${item}`);
    },
    mayBeOneItemsFault: options.mayBeOneItemsFault ?? ((error) => error instanceof BadItem),
  });
  return { committer, groups };
}

describe('group commit', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('writes the items of one window together, once the window has passed, and answers each with its own result', async () => {
    const { committer, groups } = recordingCommitter({ windowMs: 5 });
    const first = committer.enqueue(1);
    await vi.advanceTimersByTimeAsync(3);
    const second = committer.enqueue(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(groups).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(groups).toEqual([[1, 2]]);
    expect(await Promise.all([first, second])).toEqual(['done 1', 'done 2']);

    // The window starts again with the next item.
    const third = committer.enqueue(3);
    await vi.advanceTimersByTimeAsync(5);
    expect(await third).toBe('done 3');
    expect(groups).toEqual([[1, 2], [3]]);
  });

  it('writes a full group at once, without waiting out the window', async () => {
    const { committer, groups } = recordingCommitter({ windowMs: 60_000, maxItems: 3 });
    const answers = Promise.all([1, 2, 3, 4].map((item) => committer.enqueue(item)));
    await vi.advanceTimersByTimeAsync(0);
    expect(groups).toEqual([[1, 2, 3]]);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(groups).toEqual([[1, 2, 3], [4]]);
    expect(await answers).toEqual(['done 1', 'done 2', 'done 3', 'done 4']);
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

  it('fails every item of the group when the failure cannot be one item’s fault', async () => {
    const { committer, groups } = recordingCommitter({ maxItems: 2, mayBeOneItemsFault: () => false });
    const answers = await Promise.allSettled([-1, 2].map((item) => committer.enqueue(item)));
    expect(answers.map((answer) => answer.status)).toEqual(['rejected', 'rejected']);
    expect(groups).toEqual([[-1, 2]]);
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
