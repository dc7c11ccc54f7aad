/** The portal's languages, French first. The server reads the same `lang` cookie for its messages. */
export const supportedLanguages = ['fr', 'en'] as const;
export type Language = (typeof supportedLanguages)[number];
export const defaultLanguage: Language = 'fr';

/** Each language's name in itself, as a language switch shows it. */
export const languageNames: Record<Language, string> = { fr: 'Français', en: 'English' };

const LANGUAGE_COOKIE = 'lang';
const ONE_YEAR_IN_SECONDS = 365 * 24 * 60 * 60;

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (supportedLanguages as readonly string[]).includes(value);
}

/** The language a `document.cookie` string asks for, if it names a supported one. */
export function languageFromCookies(cookies: string): Language | undefined {
  for (const pair of cookies.split(';')) {
    const [name, value] = pair.trim().split('=');
    if (name === LANGUAGE_COOKIE && isLanguage(value)) return value;
  }
  return undefined;
}

export function languageCookie(language: Language, isSecure: boolean): string {
  return `${LANGUAGE_COOKIE}=${language}; Path=/; Max-Age=${ONE_YEAR_IN_SECONDS}; SameSite=Lax${isSecure ? '; Secure' : ''}`;
}
