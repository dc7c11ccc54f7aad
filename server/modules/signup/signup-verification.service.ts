import { isAnyHash, secretKeyId } from '../../kernel/keyed-hash.ts';
import type { Transaction } from 'kysely';
import type { AppContext } from '../../app-context.ts';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../http/errors.ts';
import { recordAuditEvent } from '../audit/audit.service.ts';
import { insertResidentUser } from '../accounts/accounts.service.ts';
import { insertResidentProfile } from '../residents/resident-profile.service.ts';
import {
  SIGNUP_ADDRESS_SEND_LIMIT,
  SIGNUP_CODE_MAX_FAILED_TRIES,
  SIGNUP_CODE_SEND_LIMIT,
  SIGNUP_CODE_VALIDITY_MINUTES,
  SIGNUP_EMAIL_CORRECTION_LIMIT,
} from '../../kernel/code-policy.ts';
import { addressInUseEmail, signupCodeEmail } from './signup-emails.ts';
import { generateEmailCode, hashEmailCode } from './signup-secrets.ts';
import { refuseWhenOverLimit, windowStart } from '../../http/sliding-limit.ts';
import {
  cancelLiveCodes,
  completeAttempt,
  consumeCode,
  countCodesSince,
  countOtherAddressesSince,
  findAttemptsWaitingForCode,
  findLiveCode,
  insertCode,
  isEmailUsedByActiveResident,
  lockAttempt,
  recordFailedTry,
  updateAttemptEmail,
  type AttemptRow,
} from './signup.queries.ts';
import { requireStep } from './signup-attempt.ts';

/**
 * Step 6, « Vérification de votre identité ». Every send, resend, correction and check of a
 * code locks its attempt's row first, so one attempt's codes are handled one request at a
 * time on any number of app nodes: the try counter and single use hold under parallel requests.
 */
export interface IssuedCode {
  codeId: string;
  email: string;
  digits: string;
  expiresAt: Date;
  isAddressInUse: boolean;
}

async function refuseWhenSentTooOften(trx: Transaction<Database>, send: { attemptId: string; email: string; isCorrection: boolean }, now: Date): Promise<void> {
  const { attemptId, email } = send;
  refuseWhenOverLimit(
    await countCodesSince(trx, { attemptId, email }, windowStart(SIGNUP_CODE_SEND_LIMIT, now)),
    SIGNUP_CODE_SEND_LIMIT,
    now,
    'signup_code_resend_throttled',
  );
  refuseWhenOverLimit(
    await countCodesSince(trx, { email }, windowStart(SIGNUP_ADDRESS_SEND_LIMIT, now)),
    SIGNUP_ADDRESS_SEND_LIMIT,
    now,
    'signup_code_resend_throttled',
  );
  if (send.isCorrection) {
    refuseWhenOverLimit(
      await countOtherAddressesSince(trx, attemptId, email, windowStart(SIGNUP_EMAIL_CORRECTION_LIMIT, now)),
      SIGNUP_EMAIL_CORRECTION_LIMIT,
      now,
      'signup_email_correction_throttled',
      { allowed: 'up-to' },
    );
  }
}

/**
 * Cancels the attempt's live code and makes a new one. When the address already belongs to an
 * account, the new code is one nobody receives and the mailbox gets a notice instead; the
 * screen cannot tell the two cases apart.
 */
export async function issueCode(
  context: AppContext,
  trx: Transaction<Database>,
  send: { attemptId: string; email: string; isCorrection: boolean },
): Promise<IssuedCode> {
  const now = context.clock.now();
  const { attemptId, email } = send;
  await refuseWhenSentTooOften(trx, send, now);
  const isAddressInUse = await isEmailUsedByActiveResident(trx, email);
  await cancelLiveCodes(trx, attemptId, now);
  const digits = generateEmailCode();
  const expiresAt = new Date(now.getTime() + SIGNUP_CODE_VALIDITY_MINUTES * 60_000);
  const codeId = await insertCode(trx, {
    attemptId,
    email,
    codeHash: hashEmailCode(context.config.sessionSecret, { attemptId, email, digits }),
    keyId: secretKeyId(context.config.sessionSecret),
    isAddressInUse,
    now,
    expiresAt,
  });
  return { codeId, email, digits, expiresAt, isAddressInUse };
}

export async function deliverCode(context: AppContext, issued: IssuedCode): Promise<void> {
  const message = issued.isAddressInUse
    ? addressInUseEmail(context.config, issued.email, issued.codeId)
    : signupCodeEmail(issued.email, issued.codeId, issued.digits, issued.expiresAt);
  await context.mailer.send(message);
}

/** « Renvoyer le code » and « Corriger mon adresse email »: both cancel the previous code. */
export async function sendNewCode(context: AppContext, attemptId: string, newEmail?: string): Promise<void> {
  const issued = await context.db.transaction().execute(async (trx) => {
    const attempt = await lockAttempt(trx, attemptId);
    requireStep(attempt, 'verify_email', context.clock.now());
    const email = newEmail ?? attempt.email!;
    if (newEmail) await updateAttemptEmail(trx, attemptId, newEmail, context.clock.now());
    return issueCode(context, trx, { attemptId, email, isCorrection: email !== attempt.email });
  });
  await deliverCode(context, issued);
}

type CheckOutcome = { kind: 'incorrect'; remainingTries: number } | { kind: 'created'; userId: string };

function isCodeRight(context: AppContext, attempt: AttemptRow, code: { email: string; code_hash: Buffer; is_address_in_use: boolean }, digits: string) {
  const expected = context.config.acceptedSessionSecrets.map((secret) => hashEmailCode(secret, { attemptId: attempt.id, email: code.email, digits }));
  const matches = isAnyHash(expected, code.code_hash);
  return matches && !code.is_address_in_use && code.email === attempt.email;
}

const constraintRefusals = {
  users_active_dwelling_unique: 'signup_dwelling_already_registered',
  users_active_email_unique: 'signup_email_unavailable',
} as const;

/** Another sign-up won the race for the dwelling or the address: the database's unique indexes decide. */
function refusalForUniqueViolation(error: unknown): AppError | undefined {
  const { code, constraint } = (error ?? {}) as { code?: string; constraint?: string };
  if (code !== '23505' || !constraint || !(constraint in constraintRefusals)) return undefined;
  return new AppError(constraintRefusals[constraint as keyof typeof constraintRefusals]);
}

/**
 * Checks a code; the right one creates the account and its occupancy in one transaction.
 * A wrong one is counted (and committed) before the refusal goes back.
 */
export async function checkCodeAndCreateAccount(
  context: AppContext,
  attemptId: string,
  input: { digits: string; locale: 'fr' | 'en'; clientAddress: string },
): Promise<string> {
  let outcome: CheckOutcome;
  try {
    outcome = await context.db.transaction().execute(async (trx): Promise<CheckOutcome> => {
      const now = context.clock.now();
      const attempt = await lockAttempt(trx, attemptId);
      requireStep(attempt, 'verify_email', now);
      const code = await findLiveCode(trx, attempt.id);
      if (!code || code.expires_at.getTime() <= now.getTime()) throw new AppError('signup_code_expired');
      if (code.failed_tries >= SIGNUP_CODE_MAX_FAILED_TRIES) throw new AppError('signup_code_too_many_tries');
      if (!isCodeRight(context, attempt, code, input.digits)) {
        const failedTries = await recordFailedTry(trx, code.id);
        return { kind: 'incorrect', remainingTries: SIGNUP_CODE_MAX_FAILED_TRIES - failedTries };
      }
      await consumeCode(trx, code.id, now);
      const userId = await createResidentAccount(trx, { attempt, email: code.email, passwordHash: attempt.password_hash!, locale: input.locale });
      await completeAttempt(trx, attempt.id, userId, now);
      await recordAuditEvent(trx, {
        occurredAt: now,
        action: 'signup.account_created',
        actor: { userId, role: 'resident' },
        target: { type: 'dwelling', id: attempt.dwelling_id },
        clientAddress: input.clientAddress,
      });
      return { kind: 'created', userId };
    });
  } catch (error) {
    throw refusalForUniqueViolation(error) ?? error;
  }
  if (outcome.kind === 'incorrect') throw new AppError('signup_code_incorrect', { remainingTries: outcome.remainingTries });
  return outcome.userId;
}

/** The ids of the sign-ups of this address waiting for their code: the back office may send each a new one. */
export async function signupsWaitingForCode(context: Pick<AppContext, 'db' | 'clock'>, email: string): Promise<string[]> {
  return (await findAttemptsWaitingForCode(context.db, email, context.clock.now())).map((attempt) => attempt.id);
}

/** The account the verified attempt describes: its user and its resident profile. */
async function createResidentAccount(
  trx: Transaction<Database>,
  account: { attempt: AttemptRow; email: string; passwordHash: string; locale: 'fr' | 'en' },
): Promise<string> {
  const { attempt } = account;
  const userId = await insertResidentUser(trx, { email: account.email, passwordHash: account.passwordHash, dwellingId: attempt.dwelling_id, locale: account.locale });
  await insertResidentProfile(trx, {
    user_id: userId,
    residence_id: attempt.residence_id,
    civility: attempt.civility!,
    last_name: attempt.last_name!,
    first_name: attempt.first_name!,
    mobile_e164: attempt.mobile_e164,
    is_owner: attempt.is_owner!,
    council_member: attempt.council_member!,
    notify_leak_by_email: attempt.notify_leak_by_email!,
    notify_leak_by_sms: attempt.notify_leak_by_sms!,
    notify_overconsumption: attempt.notify_overconsumption!,
    manager_may_see_daily: attempt.manager_may_see_daily!,
    privacy_consent_at: attempt.privacy_consent_at!,
    privacy_policy_version: attempt.privacy_policy_version!,
    newsletter_consent_at: attempt.newsletter_consent_at,
    newsletter_policy_version: attempt.newsletter_policy_version,
    moved_in_on: attempt.moved_in_on!,
  });
  return userId;
}
