const FIRST_DELAY_MS = 500;
/**
 * The longest wait before a dropped connection comes back. The growing delay is for a message
 * that fails for an unforeseen reason and is handed again forever: one try every 5 s per
 * connection costs the database nothing. A longer cap (it was 30 s) made ingest resume up to the
 * cap after the database came back, past the failover goal of 30 s (docs/PRODUCTION.md).
 */
export const LONGEST_RECONNECT_DELAY_MS = 5_000;

/** The wait before reconnecting after `failures` failures in a row (not for good): 0.5 s doubling, at most 5 s. */
export function reconnectDelayMs(failures: number): number {
  return Math.min(FIRST_DELAY_MS * 2 ** Math.max(failures - 1, 0), LONGEST_RECONNECT_DELAY_MS);
}
