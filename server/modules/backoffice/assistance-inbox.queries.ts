import { sql, type Kysely } from 'kysely';
import type { AssistanceStatus, Database } from '../../db/schema.ts';
import { escapeLike } from '../../kernel/like-pattern.ts';

type Db = Kysely<Database>;

function selectRequests(db: Db) {
  return db
    .selectFrom('assistance_requests')
    .select([
      'id',
      'created_at',
      'name',
      'email',
      'phone',
      'message',
      'status',
      'serial_number',
      'building_code',
      'dwelling_reference',
      'page',
      'handled_at',
      'handled_by_user_id',
    ]);
}

export type AssistanceRow = Awaited<ReturnType<ReturnType<typeof selectRequests>['execute']>>[number];

export async function searchAssistanceRequests(db: Db, input: { status?: AssistanceStatus; search?: string; page: number; pageSize: number }) {
  let query = selectRequests(db);
  let count = db.selectFrom('assistance_requests').select((eb) => eb.fn.countAll<string>().as('total'));
  if (input.status) {
    query = query.where('status', '=', input.status);
    count = count.where('status', '=', input.status);
  }
  if (input.search) {
    const pattern = `%${escapeLike(input.search.toLowerCase())}%`;
    const reference = input.search.replace(/[^0-9A-Fa-f]/g, '').toLowerCase();
    const matches = sql<boolean>`(lower(email) like ${pattern} or lower(name) like ${pattern} or serial_number = ${input.search} or building_code = ${input.search}
      ${reference.length === 8 ? sql`or replace(id::text, '-', '') like ${`${reference}%`}` : sql``})`;
    query = query.where(matches);
    count = count.where(matches);
  }
  const [rows, total] = await Promise.all([
    query.orderBy('created_at', 'desc').orderBy('id').limit(input.pageSize).offset((input.page - 1) * input.pageSize).execute(),
    count.executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.total) };
}

export async function countAssistanceByStatus(db: Db): Promise<Record<AssistanceStatus, number>> {
  const rows = await db.selectFrom('assistance_requests').select(['status', (eb) => eb.fn.countAll<string>().as('n')]).groupBy('status').execute();
  const counts: Record<AssistanceStatus, number> = { new: 0, in_progress: 0, answered: 0, closed: 0 };
  for (const row of rows) counts[row.status] = Number(row.n);
  return counts;
}

export function findAssistanceRequest(db: Db, id: string) {
  return selectRequests(db).where('id', '=', id).executeTakeFirst();
}

export function listReplies(db: Db, requestId: string) {
  return db
    .selectFrom('assistance_replies')
    .leftJoin('staff_members', 'staff_members.user_id', 'assistance_replies.staff_user_id')
    .leftJoin('outbox_messages', 'outbox_messages.id', 'assistance_replies.outbox_message_id')
    .select([
      'assistance_replies.id',
      'assistance_replies.created_at',
      'assistance_replies.staff_user_id',
      'assistance_replies.body_text',
      'staff_members.display_name',
      'outbox_messages.status as delivery',
    ])
    .where('assistance_replies.request_id', '=', requestId)
    .orderBy('assistance_replies.created_at')
    .execute();
}

export async function insertReply(db: Db, reply: { requestId: string; staffUserId: string; createdAt: Date; bodyText: string }): Promise<string> {
  const row = await db
    .insertInto('assistance_replies')
    .values({ request_id: reply.requestId, staff_user_id: reply.staffUserId, created_at: reply.createdAt, body_text: reply.bodyText })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function setReplyOutboxMessage(db: Db, replyId: string, outboxMessageId: string): Promise<void> {
  await db.updateTable('assistance_replies').set({ outbox_message_id: outboxMessageId }).where('id', '=', replyId).execute();
}
