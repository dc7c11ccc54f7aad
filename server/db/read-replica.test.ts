import { describe, expect, it } from 'vitest';
import { parseLsn, ReplicaFreshness } from './read-replica.ts';

describe('ReplicaFreshness', () => {
  it('knows nothing before a check, and after a failed one', () => {
    const freshness = new ReplicaFreshness();
    expect(freshness.lagMs(1000)).toBe(Infinity);
    freshness.record(1000, 500n, 500n);
    expect(freshness.lagMs(1200)).toBe(200);
    freshness.forget();
    expect(freshness.lagMs(1200)).toBe(Infinity);
  });

  it('keeps an idle primary fresh: positions that stop moving are reached', () => {
    const freshness = new ReplicaFreshness();
    for (let at = 0; at <= 60_000; at += 1000) freshness.record(at, 800n, 800n);
    expect(freshness.lagMs(60_500)).toBe(500);
  });

  it('ages while replay stands still behind a primary that writes, from the last position reached', () => {
    const freshness = new ReplicaFreshness();
    freshness.record(0, 100n, 100n);
    for (let at = 1000; at <= 6000; at += 1000) freshness.record(at, 100n + BigInt(at), 100n);
    expect(freshness.lagMs(6000)).toBe(6000);
    // Replay reaches the position read at 4 s: fresh as of then, not as of the check.
    freshness.record(7000, 9000n, 4100n);
    expect(freshness.lagMs(7000)).toBe(3000);
    freshness.record(8000, 9000n, 9000n);
    expect(freshness.lagMs(8000)).toBe(0);
  });
});

describe('parseLsn', () => {
  it('reads pg_lsn text as bytes', () => {
    expect(parseLsn('0/0')).toBe(0n);
    expect(parseLsn('16/B374D848')).toBe((0x16n << 32n) + 0xb374d848n);
    expect(() => parseLsn('nope')).toThrow(/not a WAL position/);
  });
});
