import { describe, expect, it } from 'vitest';
import { textPlaceholders } from '../../i18n/text-placeholders.ts';
import chartsEn from '../../components/charts.en.json';
import chartsFr from '../../components/charts.fr.json';
import alertsEn from './alerts.en.json';
import alertsFr from './alerts.fr.json';
import en from './residents.en.json';
import fr from './residents.fr.json';

describe('resident space texts', () => {
  it('have the same keys and placeholders in French and English', () => {
    expect(textPlaceholders(en)).toEqual(textPlaceholders(fr));
  });

  it('and so do the shared chart texts', () => {
    expect(textPlaceholders(chartsEn)).toEqual(textPlaceholders(chartsFr));
  });

  it('and so do the alerts page’s texts', () => {
    expect(textPlaceholders(alertsEn)).toEqual(textPlaceholders(alertsFr));
  });
});
