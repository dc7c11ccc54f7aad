import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { closeAndAnonymiseUser } from './accounts.queries.ts';
import { deleteThrottleRow } from './login-throttle.queries.ts';
import { deleteResetCodesOf } from './password-reset.queries.ts';

/**
 * The account rows other modules change (a sign-up creates one, a resident changes their address,
 * a move-out or a deletion closes it), each inside the caller's transaction.
 */
export { closeAccount, insertResidentUser, updateAccountEmail } from './accounts.queries.ts';

/**
 * Closes the account and wipes what identifies its holder here: the address (freed at once),
 * the password, the pending reset codes and the login throttle kept under `throttleKey`.
 */
export async function closeAndAnonymiseAccount(db: Kysely<Database>, userId: string, now: Date, throttleKey: string): Promise<void> {
  await closeAndAnonymiseUser(db, userId, now);
  await deleteResetCodesOf(db, userId);
  await deleteThrottleRow(db, throttleKey);
}
