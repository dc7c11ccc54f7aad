import type { SignupStepName } from '#shared/contracts/signup.ts';

/** The seven screens of the sign-up, in the order the seed describes them. */
export const signupSteps = [
  'identify',
  'attest',
  'profile',
  'options',
  'personalInformation',
  'verification',
  'congratulations',
] as const;

export type SignupStep = (typeof signupSteps)[number];

export function signupStepNumber(step: SignupStep): number {
  return signupSteps.indexOf(step) + 1;
}

/** The screen of each step the server keeps. */
export const screenOfServerStep: Record<SignupStepName, SignupStep> = {
  attest: 'attest',
  profile: 'profile',
  options: 'options',
  personal_info: 'personalInformation',
  verify_email: 'verification',
  completed: 'congratulations',
};

export function isSignupStep(value: unknown): value is SignupStep {
  return typeof value === 'string' && (signupSteps as readonly string[]).includes(value);
}

/** A screen may be shown when the sign-up has reached it: the ones before it are « Précédent ». */
export function hasReached(reached: SignupStep, screen: SignupStep): boolean {
  return signupStepNumber(screen) <= signupStepNumber(reached);
}

export function previousStep(step: SignupStep): SignupStep | undefined {
  return signupSteps[signupStepNumber(step) - 2];
}
