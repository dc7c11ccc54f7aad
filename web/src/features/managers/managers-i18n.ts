import { useTranslation } from 'react-i18next';
import en from './managers.en.json';
import fr from './managers.fr.json';

/**
 * The manager space's texts live in their own i18next namespace (managers.fr.json,
 * managers.en.json), added to the app's instance the first time a manager screen renders.
 */
const NAMESPACE = 'managers';

/** Dotted paths to every text; plural forms (`count_one`, `count_other`) are asked for by their base key. */
type TextPaths<T> = {
  [Key in keyof T & string]: T[Key] extends string ? (Key extends `${infer Base}_${'one' | 'other'}` ? Base : Key) : `${Key}.${TextPaths<T[Key]>}`;
}[keyof T & string];

export type ManagerTextKey = TextPaths<typeof fr>;
export type ManagerText = (key: ManagerTextKey, values?: Record<string, string | number>) => string;

export function useManagerText(): { t: ManagerText; language: string } {
  const { i18n } = useTranslation();
  if (!i18n.hasResourceBundle('fr', NAMESPACE)) {
    i18n.addResourceBundle('fr', NAMESPACE, fr);
    i18n.addResourceBundle('en', NAMESPACE, en);
  }
  // The app's typed resources know only its main namespace; this one is typed by ManagerTextKey instead.
  const translate = i18n.t.bind(i18n) as unknown as (key: string, options: Record<string, unknown>) => string;
  return { t: (key, values) => translate(key, { ...values, ns: NAMESPACE }), language: i18n.language };
}
