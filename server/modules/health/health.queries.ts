import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

export async function checkDatabase(db: Kysely<Database>): Promise<void> {
  await sql`select 1`.execute(db);
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
