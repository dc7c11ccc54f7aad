import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json';
import fr from './fr.json';
import { defaultLanguage, languageCookie, languageFromCookies, type Language } from './language.ts';

const resources = { fr: { translation: fr }, en: { translation: en } } as const;

/** The language the visitor chose before (the `lang` cookie), else French. */
export function initialLanguage(): Language {
  return languageFromCookies(document.cookie) ?? defaultLanguage;
}

/** One i18next instance for the app; `<html lang>` follows the current language. */
export function createI18n(language: Language): i18n {
  const instance = i18next.createInstance();
  instance.on('languageChanged', (current) => {
    document.documentElement.lang = current;
  });
  void instance.use(initReactI18next).init({
    resources,
    lng: language,
    fallbackLng: defaultLanguage,
    supportedLngs: ['fr', 'en'],
    interpolation: { escapeValue: false },
    initAsync: false,
  });
  return instance;
}

/** Switches the page's language and remembers it, so the server answers in it too. */
export async function chooseLanguage(instance: i18n, language: Language): Promise<void> {
  document.cookie = languageCookie(language, window.location.protocol === 'https:');
  await instance.changeLanguage(language);
}
