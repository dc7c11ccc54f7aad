import type { Insertable, Kysely } from 'kysely';
import type { Database, OutboxMessagesTable } from '../db/schema.ts';

/** Inserts the message unless its key is already there; returns the stored row either way, and whether this call stored it. */
export async function insertOutboxMessageOnce(db: Kysely<Database>, message: Insertable<OutboxMessagesTable>) {
  const inserted = await db
    .insertInto('outbox_messages')
    .values(message)
    .onConflict((conflict) => conflict.column('message_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  const row = await db.selectFrom('outbox_messages').selectAll().where('message_key', '=', message.message_key).executeTakeFirstOrThrow();
  return { ...row, isNew: inserted !== undefined };
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

/** Delivered: what was sealed for delivery is no longer needed and is dropped. */
export async function markOutboxMessageSent(db: Kysely<Database>, id: string, sentAt: Date): Promise<void> {
  await db.updateTable('outbox_messages').set({ status: 'sent', sent_at: sentAt, last_error: null, sealed_content: null }).where('id', '=', id).execute();
}

/** Drops the sealed content of every message whose secret has expired; returns their ids. */
export async function dropExpiredSealedContent(db: Kysely<Database>, now: Date): Promise<string[]> {
  const rows = await db
    .updateTable('outbox_messages')
    .set({ sealed_content: null })
    .where('sealed_content', 'is not', null)
    .where('secret_expires_at', '<=', now)
    .returning('id')
    .execute();
  return rows.map((row) => row.id);
}

export async function markOutboxMessageFailed(db: Kysely<Database>, id: string, error: string): Promise<void> {
  await db.updateTable('outbox_messages').set({ status: 'failed', last_error: error.slice(0, 500) }).where('id', '=', id).execute();
}

/** The outbox's sealed secret contents, keyed by message id. */
export function selectSealedOutboxContents(db: Kysely<Database>): Promise<Array<{ key: string; sealed: string }>> {
  return db
    .selectFrom('outbox_messages')
    .select(['id as key', 'sealed_content as sealed'])
    .where('sealed_content', 'is not', null)
    .$narrowType<{ sealed: string }>()
    .execute();
}

/** Written only if the row still holds what was read: a concurrent delivery wins. */
export async function updateSealedOutboxContent(db: Kysely<Database>, row: { key: string; sealed: string }, resealed: { sealed: string; keyId: string }): Promise<void> {
  await db
    .updateTable('outbox_messages')
    .set({ sealed_content: resealed.sealed, key_id: resealed.keyId })
    .where('id', '=', row.key)
    .where('sealed_content', '=', row.sealed)
    .execute();
}

/** Per channel: messages waiting for delivery (pending, or being sent), failed ones, and when the oldest waiting one was written. For the metrics: on the (status, created_at) index. */
export function selectOutboxBacklog(db: Kysely<Database>) {
  return db
    .selectFrom('outbox_messages')
    .select((eb) => ['channel', 'status', eb.fn.countAll<number>().as('count'), eb.fn.min('created_at').as('oldest')])
    .where('status', 'in', ['pending', 'sending', 'failed'])
    .groupBy(['channel', 'status'])
    .execute();
}
