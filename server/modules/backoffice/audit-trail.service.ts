import type { AppContext } from '../../app-context.ts';
import { searchAuditEvents } from './audit-trail.queries.ts';

/** A search: tolerates a few seconds of lag, so it reads `lagTolerantDb` (docs/SCALING.md, « Read replicas »). */
export async function getAuditTrail(
  context: Pick<AppContext, 'lagTolerantDb'>,
  query: { actorUserId?: string; actorEmail?: string; action?: string; targetType?: string; targetId?: string; from?: string; to?: string; page: number; pageSize: number },
) {
  const { rows, total } = await searchAuditEvents(context.lagTolerantDb(), {
    ...query,
    from: query.from ? new Date(query.from) : undefined,
    to: query.to ? new Date(query.to) : undefined,
  });
  return {
    items: rows.map((row) => ({
      id: row.id,
      occurredAt: row.occurred_at.toISOString(),
      actor: { userId: row.actor_user_id, role: row.actor_role, email: row.actor_email },
      action: row.action,
      target: { type: row.target_type, id: row.target_id },
      clientAddress: row.client_address,
      details: row.details,
    })),
    page: query.page,
    pageSize: query.pageSize,
    total,
  };
}
