import { sql, type Kysely } from 'kysely';
import { openDatabase, type DatabaseHandle } from './database.ts';
import type { Database } from './schema.ts';

/** The most replay lag a lag-tolerant read accepts; past it, such reads go to the primary. */
export const MAX_REPLICA_LAG_MS = 5000;
/** How often the lag is measured, in the background (never on a request's path). */
const LAG_CHECK_INTERVAL_MS = 1000;
/** A replica that does not answer a connection in this time is as good as down. */
const REPLICA_CONNECT_TIMEOUT_MS = 2000;

/**
 * Where a pure read that tolerates a few seconds of lag (an export, a list, a search) goes:
 * the replica while its replay lag is known to be under MAX_REPLICA_LAG_MS, the primary
 * otherwise. Consent, access and privacy-boundary checks, sessions, authentication and
 * anything that writes from what it read never ask: they read the primary (`context.db`).
 */
export interface ReadReplica {
  lagTolerantDb(): Kysely<Database>;
  /** For /api/health/ready: whether the replica serves reads now, and why not. */
  describe(): ReplicaState;
  close(): Promise<void>;
}

interface ReplicaState {
  serving: boolean;
  /** The replay lag as last measured; null before the first measure or after a failed check. */
  lagMs: number | null;
  problem: string | undefined;
}

/**
 * How fresh the replica is. Each check reads the primary's WAL position P, then the replica's
 * replay position R: once R ≥ P, the replica holds everything committed before P was read, so
 * it is fresh as of that moment, and the lag is the time since. Why not the usual
 * `now() - pg_last_xact_replay_timestamp()` on the replica: it is the age of the last replayed
 * commit, so an idle primary (nothing to replay) looks lagged; nor a heartbeat row: it would
 * write to the primary every second from every node. With positions, an idle primary's P stops
 * and R reaches it (fresh as of now), while a paused or slow replay leaves R below every P read
 * since, so the lag grows, as it also does while checks fail or stall (fail safe).
 */
export class ReplicaFreshness {
  /** Primary positions not yet reached by the replica, oldest first. */
  private pending: Array<{ at: number; lsn: bigint }> = [];
  private freshAt: number | undefined;

  /** One check: the primary's position read at `primaryReadAt`, then the replica's replay position. */
  record(primaryReadAt: number, primaryLsn: bigint, replayLsn: bigint): void {
    this.pending.push({ at: primaryReadAt, lsn: primaryLsn });
    let reached = -1;
    this.pending.forEach((sample, index) => {
      if (sample.lsn <= replayLsn) reached = index;
    });
    if (reached >= 0) {
      this.freshAt = Math.max(this.freshAt ?? -Infinity, this.pending[reached]!.at);
      this.pending = this.pending.slice(reached + 1);
    }
    // Dropping the oldest positions can only make the replica look older than it is.
    if (this.pending.length > 64) this.pending = this.pending.slice(-64);
  }

  /** After a failed check nothing is known: the replica is unusable until a check succeeds. */
  forget(): void {
    this.pending = [];
    this.freshAt = undefined;
  }

  /** Infinity when unknown. */
  lagMs(now: number): number {
    return this.freshAt === undefined ? Infinity : now - this.freshAt;
  }
}

/** `X/Y` (pg_lsn as text) as a number of bytes. */
export function parseLsn(text: string): bigint {
  const match = /^([0-9A-F]+)\/([0-9A-F]+)$/i.exec(text);
  if (!match) throw new Error(`not a WAL position: ${text}`);
  return (BigInt(`0x${match[1]}`) << 32n) + BigInt(`0x${match[2]}`);
}

/** No replica configured (or PGlite): every read goes to the primary. */
export function primaryOnly(primary: Kysely<Database>): ReadReplica {
  return {
    lagTolerantDb: () => primary,
    describe: () => ({ serving: false, lagMs: null, problem: 'DATABASE_REPLICA_URL is not set' }),
    close: async () => {},
  };
}

/**
 * Opens the replica's pool beside the primary's and measures its lag every `checkIntervalMs`
 * (the default in production; tests may check more often, the threshold stays
 * MAX_REPLICA_LAG_MS). Reads go to the primary until the first check succeeds.
 */
export async function openReadReplica(
  primary: DatabaseHandle,
  url: string,
  options: { maxConnections?: number; checkIntervalMs?: number } = {},
): Promise<ReadReplica> {
  const replica = await openDatabase({ kind: 'postgres', url, maxConnections: options.maxConnections, connectionTimeoutMs: REPLICA_CONNECT_TIMEOUT_MS });
  const freshness = new ReplicaFreshness();
  let problem: string | undefined = 'not checked yet';
  let checking = false;

  const check = async () => {
    if (checking) return; // a stalled check is not stacked upon: its silence ages the freshness
    checking = true;
    try {
      const primaryReadAt = performance.now();
      const { rows: primaryRows } = await sql<{ lsn: string }>`select pg_current_wal_lsn()::text as lsn`.execute(primary.db);
      const { rows } = await sql<{ in_recovery: boolean; replay_lsn: string | null }>`
        select pg_is_in_recovery() as in_recovery, pg_last_wal_replay_lsn()::text as replay_lsn`.execute(replica.db);
      const state = rows[0]!;
      // A promoted (or mistaken) server is no replica of this primary: nothing says it follows it.
      if (!state.in_recovery || state.replay_lsn === null) throw new Error('DATABASE_REPLICA_URL is not a server in recovery');
      freshness.record(primaryReadAt, parseLsn(primaryRows[0]!.lsn), parseLsn(state.replay_lsn));
      problem = undefined;
    } catch (error) {
      freshness.forget();
      problem = (error as Error).message;
    } finally {
      checking = false;
    }
  };
  void check();
  const timer = setInterval(() => void check(), options.checkIntervalMs ?? LAG_CHECK_INTERVAL_MS);
  timer.unref();

  const lagMs = () => freshness.lagMs(performance.now());
  return {
    lagTolerantDb: () => (lagMs() < MAX_REPLICA_LAG_MS ? replica.db : primary.db),
    describe: () => {
      const lag = lagMs();
      const measured = Number.isFinite(lag) ? Math.round(lag) : null;
      const serving = lag < MAX_REPLICA_LAG_MS;
      return { serving, lagMs: measured, problem: problem ?? (serving ? undefined : `replay lag over ${MAX_REPLICA_LAG_MS} ms`) };
    },
    close: async () => {
      clearInterval(timer);
      await replica.close();
    },
  };
}
