import { describe, expect, it } from 'vitest';
import { LONGEST_RECONNECT_DELAY_MS, reconnectDelayMs } from './mqtt-reconnect-delay.ts';

describe('reconnectDelayMs', () => {
  it('doubles from half a second', () => {
    expect([1, 2, 3, 4].map(reconnectDelayMs)).toEqual([500, 1_000, 2_000, 4_000]);
  });

  it('never waits more than 5 s, however many failures (a failover of 20 s resumes within seconds of the database)', () => {
    expect(LONGEST_RECONNECT_DELAY_MS).toBe(5_000);
    // 20 s of failures at the shortest delays is about 6 in a row; a poison message reaches hundreds.
    for (const failures of [5, 6, 10, 40, 1_000]) expect(reconnectDelayMs(failures)).toBe(5_000);
  });
});
