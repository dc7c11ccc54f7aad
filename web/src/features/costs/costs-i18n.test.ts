import { describe, expect, it } from 'vitest';
import { textPlaceholders } from '../../i18n/text-placeholders.ts';
import en from './costs.en.json';
import fr from './costs.fr.json';
import { formatEuros, formatKilograms } from './costs-format.ts';

describe('costs texts and formats', () => {
  it('have the same keys and placeholders in French and English', () => {
    expect(textPlaceholders(en)).toEqual(textPlaceholders(fr));
  });

  it('write euros with 2 decimals as fr-FR does, and kg CO₂e with 1', () => {
    expect(formatEuros('1234.5', 'fr').replace(/\s/g, ' ')).toBe('1 234,50 €');
    expect(formatEuros('12.24', 'en')).toBe('€12.24');
    expect(formatKilograms('14.7', 'fr')).toBe('14,7');
  });
});
