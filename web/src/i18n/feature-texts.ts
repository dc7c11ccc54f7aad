import { useTranslation } from 'react-i18next';

/**
 * A feature's texts in their own i18next namespace (`<feature>.fr.json`, `<feature>.en.json`
 * beside its pages), added to the app's instance the first time one of its screens renders,
 * so features never edit the shared JSON files. Keys are typed from the French file.
 */

/** Dotted paths to every text; plural forms (`count_one`, `count_other`) are asked for by their base key. */
export type TextPaths<T> = {
  [Key in keyof T & string]: T[Key] extends string ? (Key extends `${infer Base}_${'one' | 'other'}` ? Base : Key) : `${Key}.${TextPaths<T[Key]>}`;
}[keyof T & string];

export type FeatureText<Key extends string> = (key: Key, values?: Record<string, string | number>) => string;

export function defineFeatureTexts<Texts extends object>(namespace: string, texts: { fr: Texts; en: Texts }) {
  return function useFeatureTexts(): { t: FeatureText<TextPaths<Texts>>; language: string } {
    const { i18n } = useTranslation();
    if (!i18n.hasResourceBundle('fr', namespace)) {
      i18n.addResourceBundle('fr', namespace, texts.fr);
      i18n.addResourceBundle('en', namespace, texts.en);
    }
    // The app's typed resources know only its main namespace; this one is typed by the French file instead.
    const translate = i18n.t.bind(i18n) as unknown as (key: string, options: Record<string, unknown>) => string;
    return { t: (key, values) => translate(key, { ...values, ns: namespace }), language: i18n.language };
  };
}
