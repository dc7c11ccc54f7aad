import type { AppContext } from '../../app-context.ts';
import { AppError } from '../../http/errors.ts';
import { refuseWhenOverLimit, windowStart } from '../../http/sliding-limit.ts';
import { recordAuditEvent } from '../audit/audit.service.ts';
import type { ClientInfo } from '../accounts/auth-events.ts';
import { updateAccountEmail } from '../accounts/accounts.service.ts';
import { EMAIL_CODE_RULES, judgeEmailCode, newEmailCode } from '../accounts/email-code.ts';
import { keyedHash, secretKeyId } from '../../kernel/keyed-hash.ts';
import { confirmCurrentPassword } from '../accounts/password-change.service.ts';
import type { SessionUser } from '../../http/caller.ts';
import {
  cancelLiveEmailChangeCodes,
  consumeEmailChangeCode,
  countEmailChangeCodesSince,
  findLiveEmailChangeCode,
  insertEmailChangeCode,
  isEmailUsedByAnotherActiveResident,
  lockResidentAccount,
  recordEmailChangeFailedTry,
} from './resident-account.queries.ts';
import { emailChangeAddressInUseEmail, emailChangeCodeEmail, emailChangedNoticeEmail } from './resident-account-emails.ts';

/**
 * Changing the account's email address: the current password, then a code sent to the NEW
 * address (the sign-up's rules: 10 minutes, 5 wrong tries, 3 sends a minute per account and
 * 10 an hour per address), then the code. The previous address is told once it is done.
 * Every step locks the account row, so tries and single use hold on any number of nodes.
 */
function hashChangeCode(secret: string, code: { userId: string; email: string; digits: string }): Buffer {
  return keyedHash(secret, 'email-change-code', code.userId, code.email.toLowerCase(), code.digits);
}

export const emailChangeLimits = {
  validMinutes: EMAIL_CODE_RULES.validityMinutes,
  resendAfterSeconds: EMAIL_CODE_RULES.sendLimit.windowMs / 1000 / EMAIL_CODE_RULES.sendLimit.count,
};

export async function requestEmailChange(
  context: AppContext,
  user: SessionUser,
  input: { newEmail: string; currentPassword: string; client: ClientInfo },
): Promise<{ sentTo: string }> {
  const newEmail = input.newEmail.toLowerCase();
  if (newEmail === user.email.toLowerCase()) throw new AppError('email_change_same_address');
  await confirmCurrentPassword(context, user, input.currentPassword, input.client);
  const issued = await context.db.transaction().execute(async (trx) => {
    const now = context.clock.now();
    if (!(await lockResidentAccount(trx, user.userId))) throw new AppError('unauthenticated');
    for (const [scope, limit] of [
      [{ userId: user.userId }, EMAIL_CODE_RULES.sendLimit],
      [{ email: newEmail }, EMAIL_CODE_RULES.addressSendLimit],
    ] as const) {
      refuseWhenOverLimit(await countEmailChangeCodesSince(trx, scope, windowStart(limit, now)), limit, now, 'email_change_resend_throttled');
    }
    // An address already in use gets a notice instead of a code, and no code can then succeed:
    // the answer is the same, so the form cannot be used to find out who has an account.
    const isAddressInUse = await isEmailUsedByAnotherActiveResident(trx, newEmail, user.userId);
    await cancelLiveEmailChangeCodes(trx, user.userId, now);
    const { digits, expiresAt } = newEmailCode(now);
    const stored = isAddressInUse ? newEmailCode(now).digits + '-unsendable' : digits;
    const codeId = await insertEmailChangeCode(trx, {
      userId: user.userId,
      newEmail,
      codeHash: hashChangeCode(context.config.sessionSecret, { userId: user.userId, email: newEmail, digits: stored }),
      keyId: secretKeyId(context.config.sessionSecret),
      now,
      expiresAt,
    });
    await recordAuditEvent(trx, {
      occurredAt: now,
      action: 'resident.email_change_requested',
      actor: { userId: user.userId, role: 'resident' },
      target: { type: 'user', id: user.userId },
      clientAddress: input.client.clientAddress,
    });
    return { codeId, digits, expiresAt, isAddressInUse };
  });
  await context.mailer.send(
    issued.isAddressInUse
      ? emailChangeAddressInUseEmail(context.config, newEmail, issued.codeId)
      : emailChangeCodeEmail(newEmail, issued.codeId, issued.digits, issued.expiresAt),
  );
  return { sentTo: newEmail };
}

type Outcome = { kind: 'incorrect'; remainingTries: number } | { kind: 'changed'; codeId: string; previousEmail: string; newEmail: string };

/** Checks the code; the right one replaces the address. A wrong one is counted (and committed) before the refusal. */
export async function confirmEmailChange(context: AppContext, user: SessionUser, input: { code: string; clientAddress: string }): Promise<{ email: string }> {
  let outcome: Outcome;
  try {
    outcome = await context.db.transaction().execute(async (trx): Promise<Outcome> => {
      const now = context.clock.now();
      const account = await lockResidentAccount(trx, user.userId);
      if (!account) throw new AppError('unauthenticated');
      const code = await findLiveEmailChangeCode(trx, user.userId);
      const expected = code ? context.config.acceptedSessionSecrets.map((secret) => hashChangeCode(secret, { userId: user.userId, email: code.new_email, digits: input.code })) : [];
      const verdict = judgeEmailCode(code, expected, now);
      if (verdict === 'expired') throw new AppError('email_change_code_expired');
      if (verdict === 'too_many_tries') throw new AppError('email_change_code_too_many_tries');
      if (verdict === 'incorrect') {
        const failedTries = await recordEmailChangeFailedTry(trx, code!.id);
        return { kind: 'incorrect', remainingTries: EMAIL_CODE_RULES.maxFailedTries - failedTries };
      }
      await consumeEmailChangeCode(trx, code!.id, now);
      await updateAccountEmail(trx, user.userId, code!.new_email);
      await recordAuditEvent(trx, {
        occurredAt: now,
        action: 'resident.email_changed',
        actor: { userId: user.userId, role: 'resident' },
        target: { type: 'user', id: user.userId },
        clientAddress: input.clientAddress,
      });
      return { kind: 'changed', codeId: code!.id, previousEmail: account.email, newEmail: code!.new_email };
    });
  } catch (error) {
    const { code, constraint } = (error ?? {}) as { code?: string; constraint?: string };
    if (code === '23505' && constraint === 'users_active_email_unique') throw new AppError('email_change_address_unavailable');
    throw error;
  }
  if (outcome.kind === 'incorrect') throw new AppError('email_change_code_incorrect', { remainingTries: outcome.remainingTries });
  await context.mailer.send(emailChangedNoticeEmail(context.config, outcome.previousEmail, outcome.codeId, outcome.newEmail));
  return { email: outcome.newEmail };
}
