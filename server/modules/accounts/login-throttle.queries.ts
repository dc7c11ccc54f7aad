import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

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

export function lockThrottleRow(db: Kysely<Database>, key: string) {
  return db.selectFrom('login_throttles').selectAll().where('throttle_key', '=', key).forUpdate().executeTakeFirst();
}

export async function saveThrottleRow(
  db: Kysely<Database>,
  row: { throttle_key: string; failure_count: number; last_failure_at: Date; locked_until: Date | null },
): Promise<void> {
  await db
    .insertInto('login_throttles')
    .values(row)
    .onConflict((conflict) =>
      conflict.column('throttle_key').doUpdateSet({
        failure_count: row.failure_count,
        last_failure_at: row.last_failure_at,
        locked_until: row.locked_until,
      }),
    )
    .execute();
}

export async function deleteThrottleRow(db: Kysely<Database>, key: string): Promise<void> {
  await db.deleteFrom('login_throttles').where('throttle_key', '=', key).execute();
}
