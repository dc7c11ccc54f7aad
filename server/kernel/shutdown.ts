/** One part of the process to close on shutdown; `close` gets the milliseconds left in the budget. */
export interface Closer {
  name: string;
  close(remainingMs: number): Promise<unknown> | void;
}

export type ShutdownOutcome =
  | { kind: 'closed'; failed: { name: string; error: unknown }[] }
  | { kind: 'timed-out'; pending: string };

/**
 * Closes the parts one after another, in the order given (the HTTP server first, the database
 * last), within `timeoutMs` in all. A closer that throws is recorded and the next one runs;
 * when the budget runs out, the closer still running is named and the rest are skipped.
 */
export async function closeInOrder(closers: readonly Closer[], timeoutMs: number): Promise<ShutdownOutcome> {
  const deadline = performance.now() + timeoutMs;
  const failed: { name: string; error: unknown }[] = [];
  for (const closer of closers) {
    const remainingMs = Math.max(0, deadline - performance.now());
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<'expired'>((resolve) => (timer = setTimeout(() => resolve('expired'), remainingMs)));
    const closed = Promise.resolve()
      .then(() => closer.close(remainingMs))
      .then(
        () => 'closed' as const,
        (error: unknown) => failed.push({ name: closer.name, error }),
      );
    const result = await Promise.race([closed, expired]);
    clearTimeout(timer);
    if (result === 'expired') return { kind: 'timed-out', pending: closer.name };
  }
  return { kind: 'closed', failed };
}
