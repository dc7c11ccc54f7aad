import type { AppContext } from '../../app-context.ts';
import type { UserRole } from '../../db/schema.ts';
import { deleteThrottleRow, findRunningLock, lockThrottleRows, releaseThrottleTry, saveThrottleRow, type ThrottleRow } from './login-throttle.queries.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export type ThrottleScope = 'account' | 'address';

/**
 * Growing temporary lockouts. Every try is counted (reserved) before its secret is compared:
 * the try that brings the count to `failuresBeforeLock` starts a lock of `firstLockMs`, each
 * further try after a lock doubles it, up to `maxLockMs`. Tries made while locked are refused
 * without counting and without comparing. A success gives its reserved try back (and an
 * account's success forgets the account's count). The count starts again after `forgetAfterMs`
 * without a try.
 * Accounts: the 5th try locks 1 min, then 2, 4, 8, capped at 15 min: whoever guesses from
 * elsewhere gets 5 comparisons per lock window, while the resident's own wait stays short and
 * a password reset (proof of the mailbox) lifts the lock at once.
 * Addresses: the same from the 20th try, up to an hour, so one office behind one address is
 * not locked out by a single person's typos, while spraying many accounts from one address is.
 */
export const throttleSchedules: Record<ThrottleScope, { failuresBeforeLock: number; firstLockMs: number; maxLockMs: number; forgetAfterMs: number }> = {
  account: { failuresBeforeLock: 5, firstLockMs: MINUTE, maxLockMs: 15 * MINUTE, forgetAfterMs: 24 * HOUR },
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

function addressThrottleKey(clientAddress: string): string {
  return `address:${clientAddress}`;
}

/** The two counters every proof of identity is counted under. */
export function throttleKeysOf(role: UserRole, email: string, clientAddress: string): ThrottleKeys {
  return { account: accountThrottleKey(role, email), address: addressThrottleKey(clientAddress) };
}

export type ThrottleKeys = Record<ThrottleScope, string>;

type ThrottleContext = Pick<AppContext, 'db' | 'clock'>;

interface StartedLock {
  scope: ThrottleScope;
  failureCount: number;
  lockedUntil: Date;
}

export type TryReservation =
  /** The try may be evaluated; `startedLocks` are the locks this very try started. */
  | { isReserved: true; keys: ThrottleKeys; startedLocks: StartedLock[] }
  /** Refused unevaluated: a lock runs until `lockedUntil`. */
  | { isReserved: false; keys: ThrottleKeys; lockedUntil: Date };

function runningLockOf(row: ThrottleRow, now: Date): Date | null {
  return row.locked_until && row.locked_until.getTime() > now.getTime() ? row.locked_until : null;
}

function countedTry(scope: ThrottleScope, row: ThrottleRow, now: Date): { row: ThrottleRow; startedLock: StartedLock | null } {
  const isForgotten = now.getTime() - row.last_failure_at.getTime() >= throttleSchedules[scope].forgetAfterMs;
  const failureCount = (isForgotten ? 0 : row.failure_count) + 1;
  const lockMs = lockDurationMs(scope, failureCount);
  const lockedUntil = lockMs > 0 ? new Date(now.getTime() + lockMs) : null;
  return {
    row: { ...row, failure_count: failureCount, last_failure_at: now, locked_until: lockedUntil ?? row.locked_until },
    startedLock: lockedUntil ? { scope, failureCount, lockedUntil } : null,
  };
}

/**
 * Counts one try under both keys BEFORE its secret is compared, in one transaction holding
 * both rows: however many requests arrive at once, on any number of nodes, at most
 * `failuresBeforeLock` of them are reserved per lock window.
 */
export async function reserveTry(context: ThrottleContext, keys: ThrottleKeys): Promise<TryReservation> {
  const now = context.clock.now();
  const scopeOfKey = new Map<string, ThrottleScope>([
    [keys.account, 'account'],
    [keys.address, 'address'],
  ]);
  return context.db.transaction().execute(async (trx) => {
    const rows = await lockThrottleRows(trx, [keys.account, keys.address], now);
    const runningLocks = rows.map((row) => runningLockOf(row, now)).filter((lock): lock is Date => lock !== null);
    if (runningLocks.length > 0) {
      return { isReserved: false, keys, lockedUntil: new Date(Math.max(...runningLocks.map((lock) => lock.getTime()))) };
    }
    const startedLocks: StartedLock[] = [];
    for (const row of rows) {
      const counted = countedTry(scopeOfKey.get(row.throttle_key)!, row, now);
      await saveThrottleRow(trx, counted.row);
      if (counted.startedLock) startedLocks.push(counted.startedLock);
    }
    return { isReserved: true, keys, startedLocks };
  });
}

/** The reserved try succeeded: it is given back (with any lock it started); the account's count starts again when `forgetAccount`. */
export async function releaseTry(
  context: Pick<AppContext, 'db'>,
  reservation: Extract<TryReservation, { isReserved: true }>,
  options: { forgetAccount: boolean },
): Promise<void> {
  const lockStartedIn = (scope: ThrottleScope) => reservation.startedLocks.find((lock) => lock.scope === scope)?.lockedUntil ?? null;
  await releaseThrottleTry(context.db, reservation.keys.address, lockStartedIn('address'));
  if (options.forgetAccount) await deleteThrottleRow(context.db, reservation.keys.account);
  else await releaseThrottleTry(context.db, reservation.keys.account, lockStartedIn('account'));
}

export async function forgetFailures(context: Pick<AppContext, 'db'>, key: string): Promise<void> {
  await deleteThrottleRow(context.db, key);
}

/** Whole seconds until `until`, at least 1: the Retry-After of a locked answer. */
export function secondsUntil(until: Date, now: Date): number {
  return Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
}

/** Until when the account's lock runs, if one runs now (the back office shows it and may lift it). */
export function runningAccountLock(context: Pick<AppContext, 'db' | 'clock'>, role: UserRole, email: string): Promise<Date | undefined> {
  return findRunningLock(context.db, [accountThrottleKey(role, email)], context.clock.now());
}
