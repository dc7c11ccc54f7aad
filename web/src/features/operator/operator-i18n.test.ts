import { describe, expect, it } from 'vitest';
import dataViewsEn from '../../components/data-views.en.json';
import dataViewsFr from '../../components/data-views.fr.json';
import { textPlaceholders } from '../../i18n/text-placeholders.ts';
import en from './operator.en.json';
import fr from './operator.fr.json';

describe('back office texts', () => {
  it('have the same keys and placeholders in French and English', () => {
    expect(textPlaceholders(en)).toEqual(textPlaceholders(fr));
  });

  it('and so do the data views shared with the manager space', () => {
    expect(textPlaceholders(dataViewsEn)).toEqual(textPlaceholders(dataViewsFr));
  });
});
