import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../app-context.ts';
import type { UserRole } from '../../db/schema.ts';
import { AppError } from '../../http/errors.ts';
import { findActiveAccountByEmail, updatePasswordHash } from './accounts.queries.ts';
import { personalWordsOf } from './personal-words.ts';
import { recordAuthEvent, type ClientInfo } from './auth-events.ts';
import { isAnyHash, keyedHash, keyedHashes, randomDigits, secretKeyId } from '../../kernel/keyed-hash.ts';
import { accountThrottleKey, forgetFailures } from './login-throttle.ts';
import { hashPassword } from './password-hashing.ts';
import { assertPasswordAcceptable } from './password-policy.ts';
import { passwordResetEmail } from './password-reset-email.ts';
import { consumeResetCode, findResetCode, releaseResetCodeTry, replaceResetCodeUnlessThrottled, reserveResetCodeTry } from './password-reset.queries.ts';
import { endAllSessionsOfUser } from './sessions.service.ts';

const MINUTE = 60_000;

/** A reset code: 6 digits, 10 minutes, one use, 5 wrong tries; a new one at most every minute and 5 an hour. */
export const passwordResetLimits = {
  lifetimeMs: 10 * MINUTE,
  maxWrongAttempts: 5,
  resendAfterMs: MINUTE,
  maxSendsPerHour: 5,
} as const;

type ResetContext = Pick<AppContext, 'config' | 'db' | 'clock' | 'mailer'>;

/** A new code's hash under the signing secret, and which secret that is. */
function signedResetCode(context: Pick<AppContext, 'config'>, codeId: string, code: string): { code_hash: Buffer; key_id: string } {
  const secret = context.config.sessionSecret;
  return { code_hash: keyedHash(secret, 'password-reset', `${codeId}:${code}`), key_id: secretKeyId(secret) };
}

/** A code issued by a node still signing with the other secret of a rotation is accepted too. */
function isResetCode(context: Pick<AppContext, 'config'>, codeId: string, code: string, stored: Buffer): boolean {
  return isAnyHash(keyedHashes(context.config.acceptedSessionSecrets, 'password-reset', `${codeId}:${code}`), stored);
}

/** Reset requests still being handled after their answer went out (`settlePasswordResetRequests`). */
const requestsInFlight = new Set<Promise<void>>();

/**
 * Sends a code when the address has an account in that space. The answer waits for nothing:
 * the look-up, the writes and the email all happen after it (`work`), so the answer and its
 * timing are the same for a known and an unknown address.
 */
export function requestPasswordReset(context: ResetContext, input: { space: UserRole; email: string; client: ClientInfo }): { work: Promise<void> } {
  const now = context.clock.now();
  const work = handlePasswordResetRequest(context, input, now).finally(() => requestsInFlight.delete(work));
  requestsInFlight.add(work);
  return { work };
}

/** Resolves once every reset request made so far is handled (tests, shutdown). */
export async function settlePasswordResetRequests(): Promise<void> {
  await Promise.allSettled([...requestsInFlight]);
}

async function handlePasswordResetRequest(context: ResetContext, input: { space: UserRole; email: string; client: ClientInfo }, now: Date): Promise<void> {
  const email = input.email.trim();
  const account = await findActiveAccountByEmail(context.db, input.space, email);
  const auditBase = { action: 'auth.password_reset_requested', clientAddress: input.client.clientAddress } as const;
  if (!account) {
    await recordAuthEvent(context, { ...auditBase, account: null, details: { space: input.space, email: email.toLowerCase(), outcome: 'unknown_account' } });
    return;
  }
  const code = randomDigits(6);
  const codeId = randomUUID();
  const expiresAt = new Date(now.getTime() + passwordResetLimits.lifetimeMs);
  const isStored = await replaceResetCodeUnlessThrottled(
    context.db,
    { user_id: account.id, code_id: codeId, ...signedResetCode(context, codeId, code), created_at: now, expires_at: expiresAt },
    {
      resendAfter: new Date(now.getTime() - passwordResetLimits.resendAfterMs),
      windowStartedAfter: new Date(now.getTime() - 60 * MINUTE),
      maxSendsPerWindow: passwordResetLimits.maxSendsPerHour,
    },
  );
  const accountRef = { userId: account.id, role: account.role };
  await recordAuthEvent(context, { ...auditBase, account: accountRef, details: { space: input.space, outcome: isStored ? 'sent' : 'throttled' } });
  if (!isStored) return;
  const content = passwordResetEmail({ code, validMinutes: passwordResetLimits.lifetimeMs / MINUTE, publicUrl: context.config.publicUrl });
  await context.mailer.send({ messageKey: `password-reset:${codeId}`, to: account.email, ...content, secret: { value: code, expiresAt } });
}

/**
 * A code for an invited account (staff member, manager) to choose its first password on the
 * « Mot de passe oublié » page: the reset mechanism itself (same storage, single use, try
 * limit and send throttle), with a longer life. Null when the send throttle refuses.
 */
export async function issueSetPasswordCode(
  context: Pick<AppContext, 'config' | 'db' | 'clock'>,
  userId: string,
  lifetimeMs: number,
): Promise<{ code: string; expiresAt: Date } | null> {
  const now = context.clock.now();
  const code = randomDigits(6);
  const codeId = randomUUID();
  const expiresAt = new Date(now.getTime() + lifetimeMs);
  const isStored = await replaceResetCodeUnlessThrottled(
    context.db,
    { user_id: userId, code_id: codeId, ...signedResetCode(context, codeId, code), created_at: now, expires_at: expiresAt },
    {
      resendAfter: new Date(now.getTime() - passwordResetLimits.resendAfterMs),
      windowStartedAfter: new Date(now.getTime() - 60 * MINUTE),
      maxSendsPerWindow: passwordResetLimits.maxSendsPerHour,
    },
  );
  return isStored ? { code, expiresAt } : null;
}

/**
 * Sets the new password when the code is right. Every try is counted against the code
 * before it is compared; a refused new password gives its try back and does not use the code up. The password change ends every session.
 */
export async function confirmPasswordReset(
  context: ResetContext,
  input: { space: UserRole; email: string; code: string; newPassword: string; client: ClientInfo },
): Promise<void> {
  const now = context.clock.now();
  const account = await findActiveAccountByEmail(context.db, input.space, input.email.trim());
  const resetCode = account ? await findResetCode(context.db, account.id) : undefined;
  const accountRef = account ? { userId: account.id, role: account.role } : null;
  const refuse = async (reason: string): Promise<never> => {
    await recordAuthEvent(context, {
      action: 'auth.password_reset_failed',
      account: accountRef,
      clientAddress: input.client.clientAddress,
      details: { space: input.space, email: input.email.trim().toLowerCase(), reason },
    });
    throw new AppError('reset_code_invalid');
  };
  if (!account || !resetCode) return refuse('no_code');
  const reserved = await reserveResetCodeTry(context.db, { userId: account.id, now, maxAttempts: passwordResetLimits.maxWrongAttempts });
  if (!reserved) {
    if (resetCode.consumed_at) return refuse('already_used');
    if (resetCode.expires_at.getTime() <= now.getTime()) return refuse('expired');
    return refuse('too_many_attempts');
  }
  if (!isResetCode(context, reserved.code_id, input.code, reserved.code_hash)) return refuse('wrong_code');

  try {
    assertPasswordAcceptable(input.newPassword, await personalWordsOf(context.db, account.id));
  } catch (error) {
    await releaseResetCodeTry(context.db, account.id, reserved.code_id);
    throw error;
  }
  const passwordHash = await hashPassword(input.newPassword);
  const isReset = await context.db.transaction().execute(async (trx) => {
    const isConsumed = await consumeResetCode(trx, {
      userId: account.id,
      codeId: reserved.code_id,
      now,
      maxAttempts: passwordResetLimits.maxWrongAttempts,
    });
    if (!isConsumed) return false;
    await updatePasswordHash(trx, account.id, passwordHash);
    const endedSessions = await endAllSessionsOfUser(trx, account.id);
    await recordAuthEvent(
      context,
      { action: 'auth.password_reset', account: { userId: account.id, role: account.role }, clientAddress: input.client.clientAddress, details: { ended_sessions: endedSessions } },
      trx,
    );
    return true;
  });
  if (!isReset) return refuse('already_used');
  // Proving control of the mailbox lifts a lockout of the account.
  await forgetFailures(context, accountThrottleKey(account.role, account.email));
}
