import type { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { AppError } from '../../http/errors.ts';
import { PRIVACY_POLICY_VERSION } from '../../../shared/privacy-policy.ts';
import type { optionsBody, personalInfoBody, profileBody, SignupState } from '../../../shared/signup.ts';
import { hashPassword } from '../accounts/password-hashing.ts';
import { assertPasswordAcceptable } from '../accounts/password-policy.ts';
import { loadAttempt, requireStep, SIGNUP_ATTEMPT_LIFETIME_MS } from './signup-attempt.ts';
import { formatAddress, type IdentifiedDwelling } from './signup-identification.service.ts';
import { generateAttemptToken, hashAttemptToken } from './signup-secrets.ts';
import { checkCodeAndCreateAccount, deliverCode, issueCode, sendNewCode } from './signup-verification.service.ts';
import { normalisePhoneNumber } from './phone-number.ts';
import {
  abandonAttempt,
  advanceAttempt,
  findLiveAttemptByTokenHash,
  findResidenceAndDwelling,
  findResidenceToday,
  insertAttempt,
  type AttemptRow,
} from './signup.queries.ts';
import { findLastOccupantChangeDay } from '../occupancy/privacy-boundary.queries.ts';

/**
 * The sign-up's steps 2 to 5 and their order (SPEC §3). The browser holds only an opaque
 * token; the current step and every answer live in signup_attempts, and each move from one
 * step to the next is a guarded update that only one request can make.
 */

async function describeAttempt(context: AppContext, attempt: Pick<AttemptRow, 'step' | 'dwelling_id' | 'email'>): Promise<SignupState> {
  const row = await findResidenceAndDwelling(context.db, attempt.dwelling_id);
  return {
    step: attempt.step as SignupState['step'],
    residence: { name: row.name, buildingCode: row.building_code, address: formatAddress(row) },
    dwelling: {
      clientNumber: row.client_number,
      building: row.building,
      dwellingCode: row.dwelling_code,
      staircase: row.staircase,
      floor: row.floor,
    },
    email: attempt.step === 'verify_email' || attempt.step === 'completed' ? attempt.email : null,
  };
}

/** Step 1 succeeded: a new attempt replaces whatever attempt the browser had. */
export async function startAttempt(
  context: AppContext,
  input: { identified: IdentifiedDwelling; identifiedBy: 'serial_number' | 'dwelling_reference'; clientAddress: string; previousToken: string | undefined },
): Promise<{ token: string; state: SignupState }> {
  const now = context.clock.now();
  if (input.previousToken && input.previousToken.length <= 100) {
    const previous = await findLiveAttemptByTokenHash(context.db, hashAttemptToken(context.config.sessionSecret, input.previousToken), now);
    if (previous) await abandonAttempt(context.db, previous.id, now);
  }
  const token = generateAttemptToken();
  await insertAttempt(context.db, {
    tokenHash: hashAttemptToken(context.config.sessionSecret, token),
    residenceId: input.identified.residenceId,
    dwellingId: input.identified.dwellingId,
    identifiedBy: input.identifiedBy,
    clientAddress: input.clientAddress,
    now,
    expiresAt: new Date(now.getTime() + SIGNUP_ATTEMPT_LIFETIME_MS),
  });
  return { token, state: await describeAttempt(context, { step: 'attest', dwelling_id: input.identified.dwellingId, email: null }) };
}

/** The sign-up in progress, or null when the browser has none (never started, expired, abandoned, finished). */
export async function findSignupState(context: AppContext, token: string | undefined): Promise<SignupState | null> {
  const attempt = await loadAttempt(context, token).catch((error: unknown) => {
    if (error instanceof AppError && error.code === 'signup_not_started') return null;
    throw error;
  });
  return attempt ? describeAttempt(context, attempt) : null;
}

/** « Ce n'est pas mon logement »: the attempt ends and the resident is back at step 1. */
export async function abandonSignup(context: AppContext, token: string | undefined): Promise<void> {
  const attempt = await loadAttempt(context, token);
  if (attempt.step === 'completed') throw new AppError('signup_step_out_of_order', { currentStep: attempt.step });
  await abandonAttempt(context.db, attempt.id, context.clock.now());
}

async function moveToNextStep(
  context: AppContext,
  attempt: AttemptRow,
  move: { from: AttemptRow['step']; to: AttemptRow['step'] },
  values: Parameters<typeof advanceAttempt>[3] = {},
): Promise<SignupState> {
  const now = context.clock.now();
  requireStep(attempt, move.from, now);
  // A parallel twin of this request may have moved the attempt since it was read.
  if (!(await advanceAttempt(context.db, attempt.id, { ...move, now }, values))) {
    throw new AppError('signup_step_out_of_order', { currentStep: move.to });
  }
  return describeAttempt(context, { ...attempt, step: move.to });
}

export async function attestOccupancy(context: AppContext, token: string | undefined): Promise<SignupState> {
  return moveToNextStep(context, await loadAttempt(context, token), { from: 'attest', to: 'profile' });
}

/**
 * The move-in date is the resident's own word, so it may not reach back past the dwelling's
 * last known change of occupant: that would open a previous occupant's data (SPEC §3 step 3).
 */
export async function saveProfile(context: AppContext, token: string | undefined, input: z.output<typeof profileBody>): Promise<SignupState> {
  const attempt = await loadAttempt(context, token);
  requireStep(attempt, 'profile', context.clock.now());
  const today = await findResidenceToday(context.db, attempt.residence_id, context.clock.now());
  if (input.movedInOn > today) throw new AppError('signup_move_in_date_in_future');
  const lastOccupantChange = await findLastOccupantChangeDay(context.db, attempt.dwelling_id);
  if (lastOccupantChange && input.movedInOn < lastOccupantChange) throw new AppError('signup_move_in_date_before_occupant_change');
  return moveToNextStep(context, attempt, { from: 'profile', to: 'options' }, {
    is_owner: input.isOwner,
    moved_in_on: input.movedInOn,
    council_member: input.councilMember,
  });
}

export async function saveOptions(context: AppContext, token: string | undefined, input: z.output<typeof optionsBody>): Promise<SignupState> {
  return moveToNextStep(context, await loadAttempt(context, token), { from: 'options', to: 'personal_info' }, {
    notify_leak_by_email: input.notifyLeakByEmail,
    notify_leak_by_sms: input.notifyLeakBySms,
    notify_overconsumption: input.notifyOverconsumption,
    manager_may_see_daily: input.managerMaySeeDaily,
  });
}

/** « Créer mon compte »: the answers are kept (the password only as its hash) and a code goes to the address. */
export async function savePersonalInfo(
  context: AppContext,
  token: string | undefined,
  input: z.output<typeof personalInfoBody>,
): Promise<SignupState> {
  const attempt = await loadAttempt(context, token);
  const now = context.clock.now();
  requireStep(attempt, 'personal_info', now);
  const mobile = normalisePhoneNumber(input.mobile, { mobileOnly: true });
  if (!mobile) throw new AppError('signup_mobile_invalid', { field: 'mobile' });
  assertPasswordAcceptable(input.password, [input.email, input.firstName, input.lastName]);
  const passwordHash = await hashPassword(input.password);

  const issued = await context.db.transaction().execute(async (trx) => {
    const moved = await advanceAttempt(trx, attempt.id, { from: 'personal_info', to: 'verify_email', now }, {
      civility: input.civility,
      last_name: input.lastName,
      first_name: input.firstName,
      mobile_e164: mobile,
      email: input.email,
      password_hash: passwordHash,
      privacy_consent_at: now,
      privacy_policy_version: PRIVACY_POLICY_VERSION,
      newsletter_consent_at: input.subscribesNewsletter ? now : null,
      newsletter_policy_version: input.subscribesNewsletter ? PRIVACY_POLICY_VERSION : null,
    });
    if (!moved) throw new AppError('signup_step_out_of_order', { currentStep: 'verify_email' });
    return issueCode(context, trx, attempt.id, input.email);
  });
  await deliverCode(context, issued);
  return describeAttempt(context, { ...attempt, step: 'verify_email', email: input.email });
}

export async function resendCode(context: AppContext, token: string | undefined): Promise<void> {
  await sendNewCode(context, (await loadAttempt(context, token)).id);
}

/** « Corriger mon adresse email »: the new address is checked like a new one, the old code dies. */
export async function correctEmail(context: AppContext, token: string | undefined, email: string): Promise<SignupState> {
  const attempt = await loadAttempt(context, token);
  await sendNewCode(context, attempt.id, email);
  return describeAttempt(context, { ...attempt, email });
}

export async function verifyCode(
  context: AppContext,
  token: string | undefined,
  input: { digits: string; locale: 'fr' | 'en'; clientAddress: string },
): Promise<SignupState> {
  const attempt = await loadAttempt(context, token);
  await checkCodeAndCreateAccount(context, attempt.id, input);
  return describeAttempt(context, { ...attempt, step: 'completed' });
}
