import type { Kysely } from 'kysely';
import type { Database, UserRole } from '../../db/schema.ts';
import { insertAuditEvent } from './audit.queries.ts';

export type AuditDetailValue = string | number | boolean | null;

export interface AuditEvent {
  /** From the injected clock; stored as timestamptz, so always a UTC instant. */
  occurredAt: Date;
  /** Dotted lower-case name, e.g. `auth.login_failed`. */
  action: string;
  actor?: { userId: string | null; role: UserRole | 'system' } | null;
  target?: { type: string; id: string | null };
  clientAddress?: string | null;
  /** Facts about the event. Never a password, a code or a token: such keys are refused. */
  details?: Record<string, AuditDetailValue>;
}

/** Keys that would name a secret. Refused outright, so a careless caller fails in tests, not in the trail. */
const SECRET_KEY_PATTERN = /pass(word)?|secret|token|otp|code|hash|cookie/i;

class AuditSecretError extends Error {
  constructor(key: string) {
    super(`Audit details may not carry a secret (key "${key}")`);
    this.name = 'AuditSecretError';
  }
}

/** Appends one event to the audit trail (append-only in the database itself). */
export async function recordAuditEvent(db: Kysely<Database>, event: AuditEvent): Promise<void> {
  const details = event.details ?? {};
  const secretKey = Object.keys(details).find((key) => SECRET_KEY_PATTERN.test(key));
  if (secretKey) throw new AuditSecretError(secretKey);
  await insertAuditEvent(db, {
    occurred_at: event.occurredAt,
    action: event.action,
    actor_user_id: event.actor?.userId ?? null,
    actor_role: event.actor?.role ?? null,
    target_type: event.target?.type ?? null,
    target_id: event.target?.id ?? null,
    client_address: event.clientAddress ?? null,
    details: JSON.stringify(details),
  });
}
