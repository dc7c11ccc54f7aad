import type { Insertable, Kysely } from 'kysely';
import type { AssistanceRequestsTable, AssistanceStatus, Database } from '../../db/schema.ts';

export async function insertAssistanceRequest(db: Kysely<Database>, request: Insertable<AssistanceRequestsTable>): Promise<string> {
  const row = await db.insertInto('assistance_requests').values(request).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** Requests from one client address since a moment, and when the oldest of them was. */
export async function countRequestsSince(db: Kysely<Database>, clientAddress: string, since: Date) {
  const row = await db
    .selectFrom('assistance_requests')
    .select((eb) => [eb.fn.countAll<number>().as('count'), eb.fn.min('created_at').as('oldest')])
    .where('client_address', '=', clientAddress)
    .where('created_at', '>', since)
    .executeTakeFirstOrThrow();
  return { count: Number(row.count), oldest: row.oldest ? new Date(row.oldest) : null };
}

export async function setAssistanceStatus(
  db: Kysely<Database>,
  id: string,
  input: { status: AssistanceStatus; handledAt: Date; handledByUserId: string },
): Promise<void> {
  await db
    .updateTable('assistance_requests')
    .set({ status: input.status, handled_at: input.handledAt, handled_by_user_id: input.handledByUserId })
    .where('id', '=', id)
    .execute();
}
