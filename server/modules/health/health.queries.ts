import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

export async function checkDatabase(db: Kysely<Database>): Promise<void> {
  await sql`select 1`.execute(db);
}

/** The names of the migrations this database has run (empty before the first one). */
export async function appliedMigrationNames(db: Kysely<Database>): Promise<Set<string>> {
  const exists = await sql<{ found: boolean }>`select to_regclass('kysely_migration') is not null as found`.execute(db);
  if (!exists.rows[0]?.found) return new Set();
  const rows = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
  return new Set(rows.rows.map((row) => row.name));
}

/** Messages the outbox still has to send, and those it gave up on. */
export async function outboxCounts(db: Kysely<Database>): Promise<{ waiting: number; failed: number }> {
  const row = await db
    .selectFrom('outbox_messages')
    .select([
      sql<number>`count(*) filter (where status in ('pending', 'sending'))::int`.as('waiting'),
      sql<number>`count(*) filter (where status = 'failed')::int`.as('failed'),
    ])
    .executeTakeFirstOrThrow();
  return { waiting: row.waiting, failed: row.failed };
}
