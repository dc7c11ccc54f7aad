import { describe, expect, it } from 'vitest';
import en from './en.json';
import fr from './fr.json';

/** Every key path of a nested translation object, e.g. `landing.heading`. */
function keyPaths(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, child]) => keyPaths(child, prefix ? `${prefix}.${key}` : key));
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((match) => match[1] ?? '').sort();
}

function valueAt(resource: unknown, keyPath: string): unknown {
  return keyPath.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], resource);
}

describe('translations', () => {
  const frenchKeys = keyPaths(fr).sort();
  const englishKeys = keyPaths(en).sort();

  it('have the same keys in French and English', () => {
    expect(englishKeys.filter((key) => !frenchKeys.includes(key))).toEqual([]);
    expect(frenchKeys.filter((key) => !englishKeys.includes(key))).toEqual([]);
  });

  it('have no empty text', () => {
    const emptyKeys = [...frenchKeys.map((key) => ['fr', key, valueAt(fr, key)]), ...englishKeys.map((key) => ['en', key, valueAt(en, key)])]
      .filter(([, , text]) => typeof text !== 'string' || text.trim() === '')
      .map(([language, key]) => `${language}:${key}`);
    expect(emptyKeys).toEqual([]);
  });

  it('use the same placeholders in both languages', () => {
    const mismatches = frenchKeys.filter(
      (key) => placeholders(String(valueAt(fr, key))).join() !== placeholders(String(valueAt(en, key))).join(),
    );
    expect(mismatches).toEqual([]);
  });
});

describe('French wording', () => {
  // The source document writes « email » (and « Adresse mail »): one spelling across every screen.
  const frenchTexts = import.meta.glob<string>(['../**/*.fr.json', './fr.json'], { eager: true, query: '?raw', import: 'default' });

  it('writes « email », never « e-mail »', () => {
    const files = Object.entries(frenchTexts).filter(([, text]) => /e-mail/i.test(text)).map(([file]) => file);
    expect(Object.keys(frenchTexts).length).toBeGreaterThan(5);
    expect(files).toEqual([]);
  });
});
