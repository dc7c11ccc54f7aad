import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

export interface ThrottleRow {
  throttle_key: string;
  failure_count: number;
  last_failure_at: Date;
  locked_until: Date | null;
}

/**
 * Locks the rows of `keys` (created empty when missing), always in the same order so two
 * requests locking overlapping keys cannot deadlock. Call inside a transaction.
 */
export async function lockThrottleRows(db: Kysely<Database>, keys: string[], now: Date): Promise<ThrottleRow[]> {
  const sortedKeys = [...new Set(keys)].sort();
  await db
    .insertInto('login_throttles')
    .values(sortedKeys.map((key) => ({ throttle_key: key, failure_count: 0, last_failure_at: now, locked_until: null })))
    .onConflict((conflict) => conflict.column('throttle_key').doNothing())
    .execute();
  return db.selectFrom('login_throttles').selectAll().where('throttle_key', 'in', sortedKeys).orderBy('throttle_key').forUpdate().execute();
}

export async function saveThrottleRow(db: Kysely<Database>, row: ThrottleRow): Promise<void> {
  await db
    .updateTable('login_throttles')
    .set({ failure_count: row.failure_count, last_failure_at: row.last_failure_at, locked_until: row.locked_until })
    .where('throttle_key', '=', row.throttle_key)
    .execute();
}

/**
 * Gives back one reserved try under `key` (the try succeeded): the count goes down by one,
 * never below zero, and a lock that very try started (`lockedUntil`) is lifted.
 */
export async function releaseThrottleTry(db: Kysely<Database>, key: string, lockedUntil: Date | null): Promise<void> {
  await db
    .updateTable('login_throttles')
    .set((eb) => ({
      failure_count: eb.fn('greatest', [eb('failure_count', '-', 1), eb.lit(0)]),
      ...(lockedUntil ? { locked_until: eb.case().when('locked_until', '=', lockedUntil).then(null).else(eb.ref('locked_until')).end() } : {}),
    }))
    .where('throttle_key', '=', key)
    .execute();
}

export async function deleteThrottleRow(db: Kysely<Database>, key: string): Promise<void> {
  await db.deleteFrom('login_throttles').where('throttle_key', '=', key).execute();
}

/** The latest lock among the keys that is still running at `now`, if any. */
export async function findRunningLock(db: Kysely<Database>, keys: string[], now: Date): Promise<Date | undefined> {
  const row = await db
    .selectFrom('login_throttles')
    .select('locked_until')
    .where('throttle_key', 'in', keys)
    .where('locked_until', '>', now)
    .orderBy('locked_until', 'desc')
    .executeTakeFirst();
  return row?.locked_until ?? undefined;
}
