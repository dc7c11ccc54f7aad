import type { AppContext } from '../../app-context.ts';
import type { UserRole } from '../../db/schema.ts';
import { findActiveAccountByEmail } from './accounts.queries.ts';
import { recordAuthEvent, refuseAuthentication, type ClientInfo } from './auth-events.ts';
import { accountThrottleKey, addressThrottleKey, forgetFailures, isLockedOut } from './login-throttle.ts';
import { verifyPasswordOrDummy } from './password-hashing.ts';
import { secondFactorStepFor } from './second-factor.service.ts';
import { endSession, purgeEndedSessions, startSession, type ActiveSession, type StartedSession } from './sessions.service.ts';

type LoginContext = Pick<AppContext, 'config' | 'db' | 'clock'>;

export interface LoginInput {
  /** Each space has its own login page, and an address may hold one account per role. */
  space: UserRole;
  email: string;
  password: string;
  client: ClientInfo;
  /** The session the browser already held, if any: it ends, the new one gets a new id. */
  previousSessionHash?: Buffer;
}

export interface LoginResult {
  session: StartedSession;
  /** Staff still owe their second factor: their session opens nothing else until then. */
  next: 'done' | 'second_factor' | 'second_factor_enrolment';
}

/**
 * Email and password. Unknown address, wrong password and lockout all end in the same
 * refusal after the same work (one argon2 verification, the same writes), so neither the
 * answer nor its timing says which it was.
 */
export async function logIn(context: LoginContext, input: LoginInput): Promise<LoginResult> {
  const email = input.email.trim();
  const accountKey = accountThrottleKey(input.space, email);
  const [account, isLocked] = await Promise.all([
    findActiveAccountByEmail(context.db, input.space, email),
    isLockedOut(context, [accountKey, addressThrottleKey(input.client.clientAddress)]),
  ]);
  const isPasswordRight = await verifyPasswordOrDummy(account?.password_hash, input.password);
  const failureReason = isLocked ? 'locked' : !account?.password_hash ? 'unknown_account' : !isPasswordRight ? 'wrong_password' : null;
  if (failureReason || !account) {
    return refuseAuthentication(context, {
      role: input.space,
      email,
      account: account ? { userId: account.id, role: account.role } : null,
      client: input.client,
      action: 'auth.login_failed',
      reason: failureReason ?? 'unknown_account',
      refusal: 'invalid_credentials',
    });
  }

  if (input.previousSessionHash) await endSession(context, input.previousSessionHash);
  const accountRef = { userId: account.id, role: account.role };
  if (account.role === 'staff') {
    // The failure count is kept until the second factor succeeds: a known password must not
    // reset the budget of second-factor guesses.
    const session = await startSession(context, { ...accountRef, assurance: 'password_only', ...input.client });
    await recordAuthEvent(context, {
      action: 'auth.password_accepted',
      account: accountRef,
      clientAddress: input.client.clientAddress,
      details: { space: input.space },
    });
    return { session, next: await secondFactorStepFor(context, account.id) };
  }
  await forgetFailures(context, accountKey);
  const session = await startSession(context, { ...accountRef, assurance: 'full', ...input.client });
  await recordAuthEvent(context, {
    action: 'auth.login',
    account: accountRef,
    clientAddress: input.client.clientAddress,
    details: { space: input.space },
  });
  await purgeEndedSessions(context);
  return { session, next: 'done' };
}

/** Ends the session on the server; the route clears the cookie. */
export async function logOut(context: Pick<AppContext, 'db' | 'clock'>, session: ActiveSession, client: ClientInfo): Promise<void> {
  await endSession(context, session.idHash);
  await recordAuthEvent(context, {
    action: 'auth.logout',
    account: { userId: session.user.userId, role: session.user.role },
    clientAddress: client.clientAddress,
  });
}
