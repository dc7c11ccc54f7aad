import type { Insertable, Kysely } from 'kysely';
import type { Database, OutboxMessagesTable } from '../../db/schema.ts';

/** Inserts the message unless its key is already there; returns the stored row either way. */
export async function insertOutboxMessageOnce(db: Kysely<Database>, message: Insertable<OutboxMessagesTable>) {
  await db.insertInto('outbox_messages').values(message).onConflict((conflict) => conflict.column('message_key').doNothing()).execute();
  return db.selectFrom('outbox_messages').selectAll().where('message_key', '=', message.message_key).executeTakeFirstOrThrow();
}

/** Claims a message for delivery; false when another worker holds it or it is already delivered. */
export async function claimOutboxMessage(db: Kysely<Database>, id: string): Promise<boolean> {
  const claimed = await db
    .updateTable('outbox_messages')
    .set((eb) => ({ status: 'sending', attempts: eb('attempts', '+', 1) }))
    .where('id', '=', id)
    .where('status', 'in', ['pending', 'failed'])
    .executeTakeFirst();
  return claimed.numUpdatedRows > 0n;
}

export async function markOutboxMessageSent(db: Kysely<Database>, id: string, sentAt: Date): Promise<void> {
  await db.updateTable('outbox_messages').set({ status: 'sent', sent_at: sentAt, last_error: null }).where('id', '=', id).execute();
}

export async function markOutboxMessageFailed(db: Kysely<Database>, id: string, error: string): Promise<void> {
  await db.updateTable('outbox_messages').set({ status: 'failed', last_error: error.slice(0, 500) }).where('id', '=', id).execute();
}
