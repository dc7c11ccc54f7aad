import type { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { AppError } from '../../http/errors.ts';
import { PRIVACY_POLICY_VERSION } from '#shared/privacy-policy.ts';
import type { optionsBody, personalInfoBody, profileBody, SignupAnswers, SignupState } from '#shared/contracts/signup.ts';
import { hashPassword } from '../accounts/password-hashing.ts';
import { assertPasswordAcceptable } from '../accounts/password-policy.ts';
import { secretKeyId } from '../../kernel/keyed-hash.ts';
import { loadAttempt, requireStepReached, SIGNUP_ATTEMPT_LIFETIME_MS, stepsThatMayResubmit } from './signup-attempt.ts';
import { formatAddress, type IdentifiedDwelling } from './signup-identification.service.ts';
import { attemptTokenHashes, generateAttemptToken, hashAttemptToken } from './signup-secrets.ts';
import { checkCodeAndCreateAccount, deliverCode, issueCode, sendNewCode } from './signup-verification.service.ts';
import { normalisePhoneNumber } from '../../kernel/phone-number.ts';
import {
  abandonAttempt,
  advanceAttempt,
  cancelLiveCodes,
  findLiveAttemptByTokenHash,
  findResidenceAndDwelling,
  findResidenceToday,
  insertAttempt,
  type AttemptRow,
} from './signup.queries.ts';
import { findEarliestMoveInDay } from '../occupancy/occupancy.service.ts';

/**
 * The sign-up's steps 2 to 5 and their order (SPEC §3). The browser holds only an opaque
 * token; the current step and every answer live in signup_attempts, and each move from one
 * step to the next is a guarded update that only one request can make.
 */

type DescribedAttempt = Pick<
  AttemptRow,
  | 'step'
  | 'dwelling_id'
  | 'email'
  | 'is_owner'
  | 'moved_in_on'
  | 'council_member'
  | 'notify_leak_by_email'
  | 'notify_leak_by_sms'
  | 'notify_overconsumption'
  | 'manager_may_see_daily'
  | 'civility'
  | 'last_name'
  | 'first_name'
  | 'mobile_e164'
  | 'privacy_consent_at'
  | 'newsletter_consent_at'
>;

/** What steps 3 to 5 kept, for the forms to show again; never the password. */
function answersOf(attempt: DescribedAttempt): SignupAnswers {
  return {
    profile:
      attempt.moved_in_on === null || attempt.is_owner === null || attempt.council_member === null
        ? null
        : { isOwner: attempt.is_owner, movedInOn: attempt.moved_in_on, councilMember: attempt.council_member },
    options:
      attempt.notify_leak_by_email === null
        ? null
        : {
            notifyLeakByEmail: attempt.notify_leak_by_email,
            notifyLeakBySms: attempt.notify_leak_by_sms!,
            notifyOverconsumption: attempt.notify_overconsumption!,
            managerMaySeeDaily: attempt.manager_may_see_daily!,
          },
    personalInfo:
      attempt.civility === null || attempt.email === null
        ? null
        : {
            civility: attempt.civility,
            lastName: attempt.last_name ?? '',
            firstName: attempt.first_name ?? '',
            mobile: attempt.mobile_e164 ?? '',
            email: attempt.email,
            acceptsPrivacyPolicy: attempt.privacy_consent_at !== null,
            subscribesNewsletter: attempt.newsletter_consent_at !== null,
          },
  };
}

async function describeAttempt(context: AppContext, attempt: DescribedAttempt): Promise<SignupState> {
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
    answers: answersOf(attempt),
  };
}

/** Step 1 succeeded: a new attempt replaces whatever attempt the browser had. */
export async function startAttempt(
  context: AppContext,
  input: { identified: IdentifiedDwelling; identifiedBy: 'serial_number' | 'dwelling_reference'; clientAddress: string; previousToken: string | undefined },
): Promise<{ token: string; state: SignupState }> {
  const now = context.clock.now();
  if (input.previousToken && input.previousToken.length <= 100) {
    const previous = await findLiveAttemptByTokenHash(context.db, attemptTokenHashes(context.config.acceptedSessionSecrets, input.previousToken), now);
    if (previous) await abandonAttempt(context.db, previous.id, now);
  }
  const token = generateAttemptToken();
  await insertAttempt(context.db, {
    tokenHash: hashAttemptToken(context.config.sessionSecret, token),
    keyId: secretKeyId(context.config.sessionSecret),
    residenceId: input.identified.residenceId,
    dwellingId: input.identified.dwellingId,
    identifiedBy: input.identifiedBy,
    clientAddress: input.clientAddress,
    now,
    expiresAt: new Date(now.getTime() + SIGNUP_ATTEMPT_LIFETIME_MS),
  });
  const nothingAnswered = {
    email: null,
    is_owner: null,
    moved_in_on: null,
    council_member: null,
    notify_leak_by_email: null,
    notify_leak_by_sms: null,
    notify_overconsumption: null,
    manager_may_see_daily: null,
    civility: null,
    last_name: null,
    first_name: null,
    mobile_e164: null,
    privacy_consent_at: null,
    newsletter_consent_at: null,
  };
  return { token, state: await describeAttempt(context, { ...nothingAnswered, step: 'attest', dwelling_id: input.identified.dwellingId }) };
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

/**
 * Submits a step and moves to the next one. The step may have been passed already: the person
 * went back with « Précédent » and carries on from there, so the steps after it are done again
 * (a code already sent dies, and the password is typed again at step 5).
 */
async function moveToNextStep(
  context: AppContext,
  attempt: AttemptRow,
  move: { from: AttemptRow['step']; to: AttemptRow['step'] },
  values: Partial<DescribedAttempt> = {},
): Promise<SignupState> {
  const now = context.clock.now();
  requireStepReached(attempt, move.from, now);
  const isGoingBack = attempt.step !== move.from;
  const rewound = await context.db.transaction().execute(async (trx) => {
    // A parallel request may have moved the attempt since it was read.
    const moved = await advanceAttempt(trx, attempt.id, { from: stepsThatMayResubmit(move.from), to: move.to, now }, {
      ...values,
      ...(isGoingBack ? { password_hash: null } : {}),
    });
    if (moved && isGoingBack) await cancelLiveCodes(trx, attempt.id, now);
    return moved;
  });
  if (!rewound) throw new AppError('signup_step_out_of_order', { currentStep: move.to });
  return describeAttempt(context, { ...attempt, ...values, step: move.to });
}

export async function attestOccupancy(context: AppContext, token: string | undefined): Promise<SignupState> {
  return moveToNextStep(context, await loadAttempt(context, token), { from: 'attest', to: 'profile' });
}

/**
 * The move-in date is the resident's own word, so it may not reach back past the dwelling's
 * last known change of occupant: that would open a previous occupant's data (SPEC §3 step 3).
 * The handover day itself is allowed (findEarliestMoveInDay).
 */
export async function saveProfile(context: AppContext, token: string | undefined, input: z.output<typeof profileBody>): Promise<SignupState> {
  const attempt = await loadAttempt(context, token);
  requireStepReached(attempt, 'profile', context.clock.now());
  // Each refusal names the day that bounds it, for the screen to say.
  const today = await findResidenceToday(context.db, attempt.residence_id, context.clock.now());
  if (input.movedInOn > today) throw new AppError('signup_move_in_date_in_future', { field: 'movedInOn', latestDay: today });
  const earliestDay = await findEarliestMoveInDay(context.db, attempt.dwelling_id);
  if (earliestDay && input.movedInOn < earliestDay) {
    throw new AppError('signup_move_in_date_before_occupant_change', { field: 'movedInOn', earliestDay });
  }
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
  requireStepReached(attempt, 'personal_info', now);
  const mobile = input.mobile === '' ? null : normalisePhoneNumber(input.mobile, { mobileOnly: true });
  if (input.mobile !== '' && !mobile) throw new AppError('signup_mobile_invalid', { field: 'mobile' });
  if (!mobile && attempt.notify_leak_by_sms) throw new AppError('signup_mobile_required_for_sms', { field: 'mobile' });
  assertPasswordAcceptable(input.password, [input.email, input.firstName, input.lastName]);
  const passwordHash = await hashPassword(input.password);
  const values = {
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
  };

  const issued = await context.db.transaction().execute(async (trx) => {
    const moved = await advanceAttempt(trx, attempt.id, { from: stepsThatMayResubmit('personal_info'), to: 'verify_email', now }, values);
    if (!moved) throw new AppError('signup_step_out_of_order', { currentStep: 'verify_email' });
    // Sent again from « Précédent » with another address: that is a correction, on its budget.
    const isCorrection = attempt.step === 'verify_email' && attempt.email !== input.email;
    return issueCode(context, trx, { attemptId: attempt.id, email: input.email, isCorrection });
  });
  await deliverCode(context, issued);
  return describeAttempt(context, { ...attempt, ...values, step: 'verify_email' });
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
