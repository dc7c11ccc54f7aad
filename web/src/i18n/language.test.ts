import { describe, expect, it } from 'vitest';
import { languageCookie, languageFromCookies } from './language.ts';

describe('language cookie', () => {
  it('reads the lang cookie among others', () => {
    expect(languageFromCookies('session=abc; lang=en; other=1')).toBe('en');
    expect(languageFromCookies('lang=fr')).toBe('fr');
  });

  it('ignores a missing or unsupported language', () => {
    expect(languageFromCookies('')).toBeUndefined();
    expect(languageFromCookies('lang=de')).toBeUndefined();
    expect(languageFromCookies('xlang=en')).toBeUndefined();
  });

  it('writes a cookie it can read back, Secure only over https', () => {
    const cookie = languageCookie('en', false);
    expect(languageFromCookies(cookie.split(';')[0] ?? '')).toBe('en');
    expect(cookie).not.toContain('Secure');
    expect(languageCookie('fr', true)).toContain('; Secure');
  });
});
