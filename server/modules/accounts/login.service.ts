import type { AppContext } from '../../app-context.ts';
import type { UserRole } from '../../db/schema.ts';
import { findActiveAccountByEmail } from './accounts.queries.ts';
import { recordAuthEvent, refuseAuthentication, type ClientInfo } from './auth-events.ts';
import { releaseTry, reserveTry, throttleKeysOf } from './login-throttle.ts';
import { verifyPasswordOrDummy } from './password-hashing.ts';
import { secondFactorStepFor } from './second-factor.service.ts';
import { endSession, purgeEndedSessions, startSession, type StartedSession } from './sessions.service.ts';
import type { ActiveSession } from '../../http/caller.ts';

type LoginContext = Pick<AppContext, 'config' | 'db' | 'clock'>;

export interface LoginInput {
  /** Each space has its own login page, and an address may hold one account per role. */
  space: UserRole;
  email: string;
  password: string;
  client: ClientInfo;
  /** The session the browser already held, if any: it ends, the new one gets a new id. */
  previousSessionHashes?: Buffer[];
}

export interface LoginResult {
  session: StartedSession;
  /** Staff still owe their second factor: their session opens nothing else until then. */
  next: 'done' | 'second_factor' | 'second_factor_enrolment';
}

/**
 * Email and password. The try is counted before the password is compared (`reserveTry`).
 * Unknown address and wrong password end in the same refusal after the same work (one argon2
 * verification, the same writes); a locked try gets that refusal too, with Retry-After.
 */
export async function logIn(context: LoginContext, input: LoginInput): Promise<LoginResult> {
  const email = input.email.trim();
  const [account, reservation] = await Promise.all([
    findActiveAccountByEmail(context.db, input.space, email),
    reserveTry(context, throttleKeysOf(input.space, email, input.client.clientAddress)),
  ]);
  // A locked try is never compared with the real hash; the dummy keeps its timing the same.
  const isPasswordRight = await verifyPasswordOrDummy(reservation.isReserved ? account?.password_hash : undefined, input.password);
  const failureReason = !account?.password_hash ? 'unknown_account' : !isPasswordRight ? 'wrong_password' : null;
  if (failureReason || !account || !reservation.isReserved) {
    return refuseAuthentication(context, {
      role: input.space,
      email,
      account: account ? { userId: account.id, role: account.role } : null,
      client: input.client,
      action: 'auth.login_failed',
      reason: failureReason ?? 'locked',
      refusal: 'invalid_credentials',
      reservation,
    });
  }

  for (const previousHash of input.previousSessionHashes ?? []) await endSession(context, previousHash);
  const accountRef = { userId: account.id, role: account.role };
  if (account.role === 'staff') {
    // Only this try is given back: the failures before it count until the second factor
    // succeeds, so a known password does not reset the budget of second-factor guesses.
    await releaseTry(context, reservation, { forgetAccount: false });
    const session = await startSession(context, { ...accountRef, assurance: 'password_only', ...input.client });
    await recordAuthEvent(context, {
      action: 'auth.password_accepted',
      account: accountRef,
      clientAddress: input.client.clientAddress,
      details: { space: input.space },
    });
    return { session, next: await secondFactorStepFor(context, account.id) };
  }
  await releaseTry(context, reservation, { forgetAccount: true });
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
