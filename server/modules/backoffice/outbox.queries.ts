import { sql, type Kysely } from 'kysely';
import type { Database, OutboxStatus } from '../../db/schema.ts';
import { escapeLike } from './clients.queries.ts';

type Db = Kysely<Database>;

export async function searchOutbox(db: Db, input: { channel?: 'email' | 'sms'; status?: OutboxStatus; search?: string; page: number; pageSize: number }) {
  let base = db.selectFrom('outbox_messages');
  if (input.channel) base = base.where('channel', '=', input.channel);
  if (input.status) base = base.where('status', '=', input.status);
  if (input.search) base = base.where(sql<string>`lower(recipient)`, 'like', `${escapeLike(input.search.toLowerCase())}%`);
  const [rows, count] = await Promise.all([
    base
      .select(['id', 'message_key', 'channel', 'recipient', 'subject', 'status', 'attempts', 'last_error', 'residence_id', 'created_at', 'sent_at'])
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
  return db.selectFrom('outbox_messages').selectAll().where('id', '=', id).executeTakeFirst();
}
