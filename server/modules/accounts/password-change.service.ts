import type { AppContext } from '../../app-context.ts';
import { AppError } from '../../http/errors.ts';
import { findActiveAccountById, updatePasswordHash } from './accounts.queries.ts';
import { personalWordsOf } from './personal-words.ts';
import { recordAuthEvent, refuseAuthentication, type ClientInfo } from './auth-events.ts';
import { releaseTry, reserveTry, secondsUntil, throttleKeysOf } from './login-throttle.ts';
import { hashPassword, verifyPasswordOrDummy } from './password-hashing.ts';
import { assertPasswordAcceptable } from './password-policy.ts';
import { endAllSessionsOfUser, startSession, type StartedSession } from './sessions.service.ts';
import type { ActiveSession, SessionUser } from '../../http/caller.ts';

type AccountContext = Pick<AppContext, 'config' | 'db' | 'clock'>;

/**
 * Asks for the current password before a sensitive change (password, email address).
 * Wrong answers count like login failures, so a stolen session cannot guess it.
 */
export async function confirmCurrentPassword(context: AccountContext, user: SessionUser, password: string, client: ClientInfo): Promise<void> {
  const reservation = await reserveTry(context, throttleKeysOf(user.role, user.email, client.clientAddress));
  if (!reservation.isReserved) throw new AppError('rate_limited', { retryAfterSeconds: secondsUntil(reservation.lockedUntil, context.clock.now()) });
  const account = await findActiveAccountById(context.db, user.userId);
  if (await verifyPasswordOrDummy(account?.password_hash, password)) return releaseTry(context, reservation, { forgetAccount: false });
  await refuseAuthentication(context, {
    role: user.role,
    email: user.email,
    account: { userId: user.userId, role: user.role },
    client,
    action: 'auth.current_password_failed',
    reason: 'wrong_password',
    refusal: 'current_password_incorrect',
    reservation,
  });
}

/** Sets a new password, ends every session of the user, and opens a new one for this browser (new id). */
export async function changePassword(
  context: AccountContext,
  session: ActiveSession,
  input: { currentPassword: string; newPassword: string; client: ClientInfo },
): Promise<StartedSession> {
  const { user } = session;
  await confirmCurrentPassword(context, user, input.currentPassword, input.client);
  assertPasswordAcceptable(input.newPassword, await personalWordsOf(context.db, user.userId));
  const passwordHash = await hashPassword(input.newPassword);
  return context.db.transaction().execute(async (trx) => {
    await updatePasswordHash(trx, user.userId, passwordHash);
    const endedSessions = await endAllSessionsOfUser(trx, user.userId);
    const started = await startSession(context, { userId: user.userId, role: user.role, assurance: 'full', ...input.client }, trx);
    await recordAuthEvent(
      context,
      {
        action: 'auth.password_changed',
        account: { userId: user.userId, role: user.role },
        clientAddress: input.client.clientAddress,
        details: { ended_other_sessions: Math.max(endedSessions - 1, 0) },
      },
      trx,
    );
    return started;
  });
}
