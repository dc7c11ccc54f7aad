import type { Kysely } from 'kysely';
import type { AppContext } from '../../app-context.ts';
import type { Database, UserRole } from '../../db/schema.ts';
import { AppError, type ErrorCode } from '../../http/errors.ts';
import { recordAuditEvent, type AuditDetailValue } from '../audit/audit.service.ts';
import { secondsUntil, type TryReservation } from './login-throttle.ts';

export interface ClientInfo {
  clientAddress: string;
  userAgent: string;
}

export interface AccountRef {
  userId: string;
  role: UserRole;
}

type EventContext = Pick<AppContext, 'db' | 'clock'>;

/** Writes one authentication event (`auth.*`) to the audit trail. */
export async function recordAuthEvent(
  context: EventContext,
  event: { action: `auth.${string}`; account: AccountRef | null; clientAddress: string; details?: Record<string, AuditDetailValue> },
  db: Kysely<Database> = context.db,
): Promise<void> {
  await recordAuditEvent(db, {
    occurredAt: context.clock.now(),
    action: event.action,
    actor: event.account ? { userId: event.account.userId, role: event.account.role } : null,
    ...(event.account ? { target: { type: 'user', id: event.account.userId } } : {}),
    clientAddress: event.clientAddress,
    ...(event.details ? { details: event.details } : {}),
  });
}

/**
 * One failed proof of identity (password or second factor), its try already counted by
 * `reserveTry`: written to the audit trail with any lockout the try started, then refused
 * with `refusal`. A try refused unevaluated because of a lock says when to come back.
 * Every failure takes this same path, whatever its cause.
 */
export async function refuseAuthentication(
  context: EventContext,
  failure: {
    role: UserRole;
    email: string;
    account: AccountRef | null;
    client: ClientInfo;
    action: `auth.${string}`;
    reason: string;
    refusal: ErrorCode;
    reservation: TryReservation;
  },
): Promise<never> {
  const clientAddress = failure.client.clientAddress;
  const { reservation } = failure;
  await recordAuthEvent(context, {
    action: failure.action,
    account: failure.account,
    clientAddress,
    details: { space: failure.role, email: failure.email.toLowerCase(), reason: reservation.isReserved ? failure.reason : 'locked' },
  });
  if (!reservation.isReserved) {
    throw new AppError(failure.refusal, { retryAfterSeconds: secondsUntil(reservation.lockedUntil, context.clock.now()) });
  }
  for (const lockout of reservation.startedLocks) {
    await recordAuthEvent(context, {
      action: 'auth.lockout',
      account: failure.account,
      clientAddress,
      details: {
        scope: lockout.scope,
        space: failure.role,
        email: failure.email.toLowerCase(),
        failures: lockout.failureCount,
        locked_until: lockout.lockedUntil.toISOString(),
      },
    });
  }
  throw new AppError(failure.refusal);
}
