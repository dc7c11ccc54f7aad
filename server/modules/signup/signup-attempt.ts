import type { AppContext } from '../../app-context.ts';
import type { SignupStep } from '../../db/schema.ts';
import { AppError } from '../../http/errors.ts';
import { SIGNUP_STEPS } from '#shared/contracts/signup.ts';
import { attemptTokenHashes } from './signup-secrets.ts';
import { findLiveAttemptByTokenHash, type AttemptRow } from './signup.queries.ts';

/** A sign-up is finished within this time from its first step, or started again. */
export const SIGNUP_ATTEMPT_LIFETIME_MS = 2 * 60 * 60_000;

/** The attempt the browser's token names; refused when there is none, or it expired or was abandoned. */
export async function loadAttempt(context: AppContext, token: string | undefined): Promise<AttemptRow> {
  if (!token || token.length > 100) throw new AppError('signup_not_started');
  const attempt = await findLiveAttemptByTokenHash(context.db, attemptTokenHashes(context.config.acceptedSessionSecrets, token), context.clock.now());
  if (!attempt) throw new AppError('signup_not_started');
  return attempt;
}

function refuseWhenEnded(attempt: Pick<AttemptRow, 'step' | 'expires_at'>, now: Date): void {
  if (attempt.step === 'abandoned' || attempt.expires_at.getTime() <= now.getTime()) throw new AppError('signup_not_started');
}

/** Steps happen in order: a request for any other step than the current one is refused. */
export function requireStep(attempt: Pick<AttemptRow, 'step' | 'expires_at'>, step: SignupStep, now: Date): void {
  refuseWhenEnded(attempt, now);
  if (attempt.step !== step) throw new AppError('signup_step_out_of_order', { currentStep: attempt.step });
}

const stepIndex = (step: SignupStep) => SIGNUP_STEPS.indexOf(step as (typeof SIGNUP_STEPS)[number]);

/**
 * The steps an attempt may be at when `step` is submitted: that step itself, or any later one
 * up to the code (« Précédent » goes back, and submitting again carries on from there).
 * Skipping ahead stays refused, and so does anything once the account exists.
 */
export function stepsThatMayResubmit(step: SignupStep): SignupStep[] {
  return SIGNUP_STEPS.filter((candidate) => candidate !== 'completed' && stepIndex(candidate) >= stepIndex(step));
}

export function requireStepReached(attempt: Pick<AttemptRow, 'step' | 'expires_at'>, step: SignupStep, now: Date): void {
  refuseWhenEnded(attempt, now);
  if (!stepsThatMayResubmit(step).includes(attempt.step)) throw new AppError('signup_step_out_of_order', { currentStep: attempt.step });
}
