import { useTranslation } from 'react-i18next';
import en from './accounts.en.json';
import fr from './accounts.fr.json';

/**
 * The accounts pages' texts live in their own i18next namespace (accounts.fr.json,
 * accounts.en.json), added to the app's instance the first time one of them renders.
 */
const NAMESPACE = 'accounts';

type LeafKeys<T, Prefix extends string = ''> = {
  [Key in keyof T & string]: T[Key] extends string ? `${Prefix}${Key}` : LeafKeys<T[Key], `${Prefix}${Key}.`>;
}[keyof T & string];

export type AccountsTextKey = LeafKeys<typeof fr>;
export type AccountsText = (key: AccountsTextKey, values?: Record<string, string | number>) => string;

export function useAccountsText(): AccountsText {
  const { i18n } = useTranslation();
  if (!i18n.hasResourceBundle('fr', NAMESPACE)) {
    i18n.addResourceBundle('fr', NAMESPACE, fr);
    i18n.addResourceBundle('en', NAMESPACE, en);
  }
  const translate = i18n.t.bind(i18n) as unknown as (key: string, options: Record<string, unknown>) => string;
  return (key, values) => translate(key, { ...values, ns: NAMESPACE });
}
