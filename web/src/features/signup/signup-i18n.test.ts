import { describe, expect, it } from 'vitest';
import * as signupSchemas from '#shared/contracts/signup.ts';
import en from './signup.en.json';
import fr from './signup.fr.json';

/** The shape of a translation file: its keys, nested, without the texts. */
function shape(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return typeof value;
  return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, shape(child)]).sort());
}

/** Every message key the shared schemas can refuse with, found by feeding each schema a wrong value. */
function schemaMessageKeys(): string[] {
  const keys = new Set<string>();
  const wrongValues = [undefined, null, '', 'x'.repeat(5000), 12, {}, { isCurrentOccupant: false, acceptsPrivacyPolicy: false }];
  for (const schema of Object.values(signupSchemas)) {
    if (typeof schema !== 'object' || schema === null || !('safeParse' in schema)) continue;
    for (const value of wrongValues) {
      const parsed = (schema as { safeParse(input: unknown): { success: boolean; error?: { issues: Array<{ message: string }> } } }).safeParse(value);
      for (const issue of parsed.error?.issues ?? []) keys.add(issue.message);
    }
  }
  return [...keys];
}

describe('sign-up texts', () => {
  it('have the same keys in French and English', () => {
    expect(shape(en)).toEqual(shape(fr));
  });

  it('translate every message the shared schemas can give', () => {
    const untranslated = schemaMessageKeys().filter((key) => /^[a-z_]+$/.test(key) && !(key in fr.errors));
    expect(untranslated).toEqual([]);
    expect(schemaMessageKeys()).toContain('serial_number_format');
  });
});
