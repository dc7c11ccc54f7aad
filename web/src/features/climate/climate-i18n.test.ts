import { describe, expect, it } from 'vitest';
import { textPlaceholders } from '../../i18n/text-placeholders.ts';
import en from './climate.en.json';
import fr from './climate.fr.json';

describe('climate texts', () => {
  it('have the same keys and placeholders in French and English', () => {
    expect(textPlaceholders(en)).toEqual(textPlaceholders(fr));
  });
});
