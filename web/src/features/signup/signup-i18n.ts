import { useTranslation } from 'react-i18next';
import en from './signup.en.json';
import fr from './signup.fr.json';

/**
 * The sign-up's own texts live in their own i18next namespace (signup.fr.json, signup.en.json),
 * added to the app's instance the first time a sign-up screen renders.
 */
const NAMESPACE = 'signupFlow';

type LeafKeys<T, Prefix extends string = ''> = {
  [Key in keyof T & string]: T[Key] extends string ? `${Prefix}${Key}` : LeafKeys<T[Key], `${Prefix}${Key}.`>;
}[keyof T & string];

export type SignupTextKey = LeafKeys<typeof fr>;
export type SignupText = (key: SignupTextKey, values?: Record<string, string | number>) => string;

export function useSignupText(): SignupText {
  const { i18n } = useTranslation();
  if (!i18n.hasResourceBundle('fr', NAMESPACE)) {
    i18n.addResourceBundle('fr', NAMESPACE, fr);
    i18n.addResourceBundle('en', NAMESPACE, en);
  }
  // The app's typed resources know only its main namespace; this one is typed by SignupTextKey instead.
  const translate = i18n.t.bind(i18n) as unknown as (key: string, options: Record<string, unknown>) => string;
  return (key, values) => translate(key, { ...values, ns: NAMESPACE });
}

/** The shared schemas' messages are keys of `errors`; anything else falls back to a generic one. */
export function validationText(t: SignupText, messageKey: string | undefined): string {
  const key = `errors.${messageKey ?? ''}` as SignupTextKey;
  return messageKey && messageKey in fr.errors ? t(key) : t('errors.boolean_required');
}
