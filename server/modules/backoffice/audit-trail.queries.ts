import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { escapeLike } from '../../kernel/like-pattern.ts';

type Db = Kysely<Database>;

export interface AuditFilter {
  actorUserId?: string;
  actorEmail?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  from?: Date;
  to?: Date;
  page: number;
  pageSize: number;
}

/** Newest first; an action ending with a dot is a prefix (`auth.`), otherwise exact. */
export async function searchAuditEvents(db: Db, filter: AuditFilter) {
  let base = db.selectFrom('audit_events').leftJoin('users', 'users.id', 'audit_events.actor_user_id');
  if (filter.actorUserId) base = base.where('audit_events.actor_user_id', '=', filter.actorUserId);
  if (filter.actorEmail) base = base.where(sql<string>`lower(users.email)`, '=', filter.actorEmail.toLowerCase());
  if (filter.action) {
    base = filter.action.endsWith('.')
      ? base.where('audit_events.action', 'like', `${escapeLike(filter.action)}%`)
      : base.where('audit_events.action', '=', filter.action);
  }
  if (filter.targetType) base = base.where('audit_events.target_type', '=', filter.targetType);
  if (filter.targetId) base = base.where('audit_events.target_id', '=', filter.targetId);
  if (filter.from) base = base.where('audit_events.occurred_at', '>=', filter.from);
  if (filter.to) base = base.where('audit_events.occurred_at', '<', filter.to);
  const [rows, count] = await Promise.all([
    base
      .select([
        sql<string>`audit_events.id::text`.as('id'),
        'audit_events.occurred_at',
        'audit_events.actor_user_id',
        'audit_events.actor_role',
        'users.email as actor_email',
        'audit_events.action',
        'audit_events.target_type',
        'audit_events.target_id',
        'audit_events.client_address',
        'audit_events.details',
      ])
      .orderBy('audit_events.occurred_at', 'desc')
      .orderBy('audit_events.id', 'desc')
      .limit(filter.pageSize)
      .offset((filter.page - 1) * filter.pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<string>().as('total')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.total) };
}
