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
