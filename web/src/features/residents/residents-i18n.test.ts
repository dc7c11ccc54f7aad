import { describe, expect, it } from 'vitest';
import chartsEn from '../../components/charts.en.json';
import chartsFr from '../../components/charts.fr.json';
import alertsEn from './alerts.en.json';
import alertsFr from './alerts.fr.json';
import en from './residents.en.json';
import fr from './residents.fr.json';

/** Every text's dotted key with the placeholders it uses, e.g. `fluid.dailyTotal: from,to,total`. */
function placeholders(value: unknown, prefix = ''): string[] {
  if (typeof value === 'string') return [`${prefix}: ${[...value.matchAll(/\{\{(\w+)\}\}/g)].map((match) => match[1]).sort().join(',')}`];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, child]) => placeholders(child, prefix ? `${prefix}.${key}` : key));
}

describe('resident space texts', () => {
  it('have the same keys and placeholders in French and English', () => {
    expect(placeholders(en).sort()).toEqual(placeholders(fr).sort());
  });

  it('and so do the shared chart texts', () => {
    expect(placeholders(chartsEn).sort()).toEqual(placeholders(chartsFr).sort());
  });

  it('and so do the alerts page’s texts', () => {
    expect(placeholders(alertsEn).sort()).toEqual(placeholders(alertsFr).sort());
  });
});
