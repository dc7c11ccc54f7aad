import { z } from 'zod';
import { pageOf, pageQuery } from './backoffice.schemas.ts';

/** The audit trail, searched by actor, action (or its prefix, `auth.`), target and UTC time range. */
export const auditQuery = pageQuery.extend({
  actorUserId: z.uuid().optional(),
  actorEmail: z.string().trim().max(254).optional(),
  action: z
    .string()
    .trim()
    .regex(/^[a-z_.]{1,100}$/)
    .optional(),
  targetType: z.string().trim().max(50).optional(),
  targetId: z.string().trim().max(100).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});

export const auditEvent = z.object({
  id: z.string(),
  /** UTC, ISO 8601. */
  occurredAt: z.string(),
  actor: z.object({ userId: z.uuid().nullable(), role: z.string().nullable(), email: z.string().nullable() }),
  action: z.string(),
  target: z.object({ type: z.string().nullable(), id: z.string().nullable() }),
  clientAddress: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});
export const auditPage = pageOf(auditEvent);
