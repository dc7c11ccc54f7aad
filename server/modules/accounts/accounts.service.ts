import type { Kysely } from 'kysely';
import type { Database, UserRole } from '../../db/schema.ts';
import { closeAndAnonymiseUser, findActiveAccountByEmail, insertAccount, markAccountClosed } from './accounts.queries.ts';
import { markApiTokensOfUserRevoked } from './api-tokens.queries.ts';
import { deleteThrottleRow } from './login-throttle.queries.ts';
import { deleteResetCodesOf } from './password-reset.queries.ts';

/**
 * The accounts (`users` rows) as other modules open, find, change and close them: a sign-up
 * creates one, the back office invites one, a resident changes their address, a move-out or a
 * deletion closes it. Each takes the caller's transaction when it has one, so the caller's own
 * rows are written atomically with it.
 */
export { insertResidentUser, updateAccountEmail } from './accounts.queries.ts';

/** Whether an active account of that role already uses the address (case-insensitive). */
export async function hasActiveAccount(db: Kysely<Database>, role: UserRole, email: string): Promise<boolean> {
  return (await findActiveAccountByEmail(db, role, email)) !== undefined;
}

/** A new account without a password: its holder sets one through the invitation link. */
export function openAccount(db: Kysely<Database>, account: { role: UserRole; email: string }): Promise<string> {
  return insertAccount(db, account);
}

/** Closes the account as of `closedAt`; an account already closed keeps its date. Its personal access tokens are revoked. */
export async function closeAccount(db: Kysely<Database>, userId: string, closedAt: Date): Promise<void> {
  await markAccountClosed(db, userId, closedAt);
  await markApiTokensOfUserRevoked(db, userId, closedAt, 'closure');
}

/**
 * Closes the account and wipes what identifies its holder here: the address (freed at once),
 * the password, the pending reset codes and the login throttle kept under `throttleKey`.
 */
export async function closeAndAnonymiseAccount(db: Kysely<Database>, userId: string, now: Date, throttleKey: string): Promise<void> {
  await closeAndAnonymiseUser(db, userId, now);
  await markApiTokensOfUserRevoked(db, userId, now, 'closure');
  await deleteResetCodesOf(db, userId);
  await deleteThrottleRow(db, throttleKey);
}
