import type { AppContext } from '../../app-context.ts';
import type { UserRole } from '../../db/schema.ts';
import { deleteThrottleRow, findRunningLock, lockThrottleRow, saveThrottleRow } from './login-throttle.queries.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export type ThrottleScope = 'account' | 'address';

/**
 * Growing temporary lockouts. The n-th consecutive failure past `failuresBeforeLock - 1`
 * locks for `firstLockMs`, each further failure doubles the lock, up to `maxLockMs`.
 * Attempts made while locked are refused without counting. The count starts again after
 * `forgetAfterMs` without failure; an account's count also starts again at a successful login.
 * Accounts: 5th failure 1 min, 6th 2 min, 7th 4 min, 8th 8 min, 9th 16 min, 10th 32 min, then 60 min.
 * Addresses: the same from the 20th failure, so one office behind one address is not locked
 * out by a single person's typos, while spraying many accounts from one address is.
 */
export const throttleSchedules: Record<ThrottleScope, { failuresBeforeLock: number; firstLockMs: number; maxLockMs: number; forgetAfterMs: number }> = {
  account: { failuresBeforeLock: 5, firstLockMs: MINUTE, maxLockMs: HOUR, forgetAfterMs: 24 * HOUR },
  address: { failuresBeforeLock: 20, firstLockMs: MINUTE, maxLockMs: HOUR, forgetAfterMs: HOUR },
};

export function lockDurationMs(scope: ThrottleScope, failureCount: number): number {
  const schedule = throttleSchedules[scope];
  const locksSoFar = failureCount - schedule.failuresBeforeLock;
  if (locksSoFar < 0) return 0;
  return Math.min(schedule.firstLockMs * 2 ** locksSoFar, schedule.maxLockMs);
}

export function accountThrottleKey(role: UserRole, email: string): string {
  return `account:${role}:${email.toLowerCase()}`;
}

export function addressThrottleKey(clientAddress: string): string {
  return `address:${clientAddress}`;
}

type ThrottleContext = Pick<AppContext, 'db' | 'clock'>;

export async function isLockedOut(context: ThrottleContext, keys: string[]): Promise<boolean> {
  return (await findRunningLock(context.db, keys, context.clock.now())) !== undefined;
}

export interface FailureOutcome {
  failureCount: number;
  /** Set when this failure started a new lock. */
  lockedUntil: Date | null;
}

/** Counts one failure under `key`, atomically (row lock), and starts a lock when the schedule says so. */
export async function recordThrottledFailure(context: ThrottleContext, scope: ThrottleScope, key: string): Promise<FailureOutcome> {
  const now = context.clock.now();
  return context.db.transaction().execute(async (trx) => {
    const row = await lockThrottleRow(trx, key);
    const isForgotten = !row || now.getTime() - row.last_failure_at.getTime() >= throttleSchedules[scope].forgetAfterMs;
    const runningLock = row?.locked_until && row.locked_until.getTime() > now.getTime() ? row.locked_until : null;
    const previousCount = isForgotten || !row ? 0 : row.failure_count;
    const failureCount = runningLock ? previousCount : previousCount + 1;
    const lockMs = runningLock ? 0 : lockDurationMs(scope, failureCount);
    const lockedUntil = lockMs > 0 ? new Date(now.getTime() + lockMs) : null;
    await saveThrottleRow(trx, {
      throttle_key: key,
      failure_count: failureCount,
      last_failure_at: now,
      locked_until: lockedUntil ?? runningLock,
    });
    return { failureCount, lockedUntil };
  });
}

export async function forgetFailures(context: Pick<AppContext, 'db'>, key: string): Promise<void> {
  await deleteThrottleRow(context.db, key);
}
