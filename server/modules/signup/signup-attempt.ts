import type { AppContext } from '../../app-context.ts';
import type { SignupStep } from '../../db/schema.ts';
import { AppError } from '../../http/errors.ts';
import { hashAttemptToken } from './signup-secrets.ts';
import { findLiveAttemptByTokenHash, type AttemptRow } from './signup.queries.ts';

/** A sign-up is finished within this time from its first step, or started again. */
export const SIGNUP_ATTEMPT_LIFETIME_MS = 2 * 60 * 60_000;

/** The attempt the browser's token names; refused when there is none, or it expired or was abandoned. */
export async function loadAttempt(context: AppContext, token: string | undefined): Promise<AttemptRow> {
  if (!token || token.length > 100) throw new AppError('signup_not_started');
  const attempt = await findLiveAttemptByTokenHash(context.db, hashAttemptToken(context.config.sessionSecret, token), context.clock.now());
  if (!attempt) throw new AppError('signup_not_started');
  return attempt;
}

/** Steps happen in order: a request for any other step than the current one is refused. */
export function requireStep(attempt: Pick<AttemptRow, 'step' | 'expires_at'>, step: SignupStep, now: Date): void {
  if (attempt.step === 'abandoned' || attempt.expires_at.getTime() <= now.getTime()) throw new AppError('signup_not_started');
  if (attempt.step !== step) throw new AppError('signup_step_out_of_order', { currentStep: attempt.step });
}
