import { sql, type Kysely } from 'kysely';
import type { Database, OutboxStatus } from '../../db/schema.ts';
import { escapeLike } from '../../kernel/like-pattern.ts';

type Db = Kysely<Database>;

/** What staff views read. Never the sealed content: staff may see that a code was sent, not the code. */
const listedColumns = ['id', 'message_key', 'channel', 'recipient', 'subject', 'status', 'attempts', 'last_error', 'residence_id', 'created_at', 'sent_at', 'secret_expires_at'] as const;

export async function searchOutbox(db: Db, input: { channel?: 'email' | 'sms'; status?: OutboxStatus; search?: string; page: number; pageSize: number }) {
  let base = db.selectFrom('outbox_messages');
  if (input.channel) base = base.where('channel', '=', input.channel);
  if (input.status) base = base.where('status', '=', input.status);
  if (input.search) base = base.where(sql<string>`lower(recipient)`, 'like', `${escapeLike(input.search.toLowerCase())}%`);
  const [rows, count] = await Promise.all([
    base
      .select(listedColumns)
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .limit(input.pageSize)
      .offset((input.page - 1) * input.pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<string>().as('total')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.total) };
}

export async function countOutboxByStatus(db: Db): Promise<Record<OutboxStatus, number>> {
  const rows = await db.selectFrom('outbox_messages').select(['status', (eb) => eb.fn.countAll<string>().as('n')]).groupBy('status').execute();
  const counts: Record<OutboxStatus, number> = { pending: 0, sending: 0, sent: 0, failed: 0, outbox: 0 };
  for (const row of rows) counts[row.status] = Number(row.n);
  return counts;
}

export function findOutboxMessage(db: Db, id: string) {
  return db.selectFrom('outbox_messages').select([...listedColumns, 'body_text', 'body_html']).where('id', '=', id).executeTakeFirst();
}

/** For sending a failed message again: the sealed content, opened by the mailer's caller only. */
export async function findSealedContent(db: Db, id: string): Promise<string | null> {
  const row = await db.selectFrom('outbox_messages').select('sealed_content').where('id', '=', id).executeTakeFirst();
  return row?.sealed_content ?? null;
}
