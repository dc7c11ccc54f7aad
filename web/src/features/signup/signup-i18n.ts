import { defineFeatureTexts, type FeatureText, type TextPaths } from '../../i18n/feature-texts.ts';
import en from './signup.en.json';
import fr from './signup.fr.json';

export type SignupTextKey = TextPaths<typeof fr>;
export type SignupText = FeatureText<SignupTextKey>;

const useSignupTexts = defineFeatureTexts('signupFlow', { fr, en });

export function useSignupText(): SignupText {
  return useSignupTexts().t;
}

/** The shared schemas' messages are keys of `errors`; anything else falls back to a generic one. */
export function validationText(t: SignupText, messageKey: string | undefined): string {
  const key = `errors.${messageKey ?? ''}` as SignupTextKey;
  return messageKey && messageKey in fr.errors ? t(key) : t('errors.boolean_required');
}
