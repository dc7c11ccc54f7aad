import { describe, expect, it } from 'vitest';
import { textPlaceholders } from '../../i18n/text-placeholders.ts';
import costsFr from '../costs/costs.fr.json';
import en from './climate.en.json';
import fr from './climate.fr.json';

/** Every text of a namespace, flattened, with its key. */
function textsOf(texts: object, prefix = ''): Array<[string, string]> {
  return Object.entries(texts).flatMap(([key, value]) => (typeof value === 'string' ? [[`${prefix}${key}`, value] as [string, string]] : textsOf(value as object, `${prefix}${key}.`)));
}

/**
 * A placeholder that holds a number with its unit (« 126,2 unités », « 1,5 m³ », « 0 jour »)
 * decides the gender and number of a participle or adjective after it: « {{corrected}} corrigé »
 * is wrong for « unités ». Such words come before the number instead (« chiffre corrigé : … »),
 * or through a plural form (`_one`/`_other`).
 */
const agreementAfterPlaceholder = /\{\{[^}]+\}\}\s+\(?(?:[\p{L}/³]+\s+){0,2}(?:brut|corrigé|remplacé|nouveau|importé|utilisé|compté|estimé|manqu)/iu;

describe('climate texts', () => {
  it('have the same keys and placeholders in French and English', () => {
    expect(textPlaceholders(en)).toEqual(textPlaceholders(fr));
  });

  it('never make a French word agree with a number or unit they do not know (climate and costs)', () => {
    const texts = [...textsOf(fr), ...textsOf(costsFr)].filter(([key]) => !/_(one|other)$/.test(key));
    expect(texts.filter(([, text]) => agreementAfterPlaceholder.test(text))).toEqual([]);
  });
});
