import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { AppContext } from '../../app-context.ts';
import type { Database } from '../../db/schema.ts';
import type { AccessPolicy } from '../../http/access.ts';
import { staffOf } from '../../http/guards.ts';
import { recordAuditEvent, type AuditDetailValue } from '../audit/audit.service.ts';

/**
 * Who may call which back-office route. Support answers people (assistance, resident
 * accounts, reading the inventory); data keeps the inventory and the meter data (uploads,
 * quarantine, tokens, publication); admin does everything, and alone manages staff users,
 * clients, contracts and managers.
 */
export const staffAccess = {
  anyStaff: { kind: 'staff', staffRoles: ['support', 'data', 'admin'] },
  support: { kind: 'staff', staffRoles: ['support', 'admin'] },
  data: { kind: 'staff', staffRoles: ['data', 'admin'] },
  admin: { kind: 'staff', staffRoles: ['admin'] },
} as const satisfies Record<string, AccessPolicy>;

export interface StaffActor {
  userId: string;
  clientAddress: string;
}

/** The staff member behind a request, as the audit trail names them. */
export function staffActorOf(request: FastifyRequest): StaffActor {
  return { userId: staffOf(request).userId, clientAddress: request.ip };
}

/**
 * Writes one staff action (`staff.*`) to the audit trail. Details are facts (ids, counts,
 * statuses); `recordAuditEvent` refuses any key that would name a secret.
 */
export async function recordStaffAction(
  context: Pick<AppContext, 'db' | 'clock'>,
  actor: StaffActor,
  event: { action: `staff.${string}`; target: { type: string; id: string | null }; details?: Record<string, AuditDetailValue> },
  db: Kysely<Database> = context.db,
): Promise<void> {
  await recordAuditEvent(db, {
    occurredAt: context.clock.now(),
    action: event.action,
    actor: { userId: actor.userId, role: 'staff' },
    target: event.target,
    clientAddress: actor.clientAddress,
    ...(event.details ? { details: event.details } : {}),
  });
}
