import type { Kysely } from 'kysely';
import type { Database, UserRole } from '../../db/schema.ts';
import { findActiveAccountByEmail, insertAccount, markAccountClosed } from './accounts.queries.ts';

/**
 * The accounts (`users` rows) as other modules open, find and close them. Each takes the
 * caller's transaction when it has one, so the role's own rows are written atomically with it.
 */

/** Whether an active account of that role already uses the address (case-insensitive). */
export async function hasActiveAccount(db: Kysely<Database>, role: UserRole, email: string): Promise<boolean> {
  return (await findActiveAccountByEmail(db, role, email)) !== undefined;
}

/** A new account without a password: its holder sets one through the invitation link. */
export function openAccount(db: Kysely<Database>, account: { role: UserRole; email: string }): Promise<string> {
  return insertAccount(db, account);
}

/** Closes the account as of `closedAt`; an account already closed keeps its date. */
export function closeAccount(db: Kysely<Database>, userId: string, closedAt: Date): Promise<void> {
  return markAccountClosed(db, userId, closedAt);
}
