import { describe, expect, it } from 'vitest';
import { filterDwellings } from './dwelling-filter.ts';
import type { DwellingSummary } from './managers-api.ts';

const words = { signedUp: 'inscrit', noAccount: 'sans compte', sharing: 'partage' };

function dwelling(overrides: Partial<DwellingSummary>): DwellingSummary {
  return {
    id: crypto.randomUUID(),
    clientNumber: '5151 0001',
    building: '01',
    staircase: '01',
    floor: '00',
    dwellingCode: '01010001',
    reference: 'SA4QWAT5SB',
    hasResidentAccount: false,
    sharesDailyData: false,
    hasDeviceWithoutNineDigitSerial: false,
    ...overrides,
  };
}

const first = dwelling({});
const second = dwelling({ clientNumber: '5151 0015', staircase: '02', floor: '03', dwellingCode: '01020003', reference: 'HJ5BCUN9XY', hasResidentAccount: true, sharesDailyData: true });
const third = dwelling({ clientNumber: '5151 0030', staircase: '03', floor: '01', dwellingCode: '01030006', reference: 'KWQZR36QJ8', hasResidentAccount: true });
const all = [first, second, third];

describe('the residence page’s dwelling search', () => {
  it('finds a dwelling by its code, its client number (spaces or not) or its reference, whatever the case', () => {
    expect(filterDwellings(all, '01020003', 'all', words)).toEqual([second]);
    expect(filterDwellings(all, '51510030', 'all', words)).toEqual([third]);
    expect(filterDwellings(all, '5151 0015', 'all', words)).toEqual([second]);
    expect(filterDwellings(all, 'hj5bcun9xy', 'all', words)).toEqual([second]);
  });

  it('finds dwellings by staircase and floor, accents and abbreviations alike, every word counting', () => {
    expect(filterDwellings(all, 'Escalier 02', 'all', words)).toEqual([second]);
    expect(filterDwellings(all, 'esc 03 étage 01', 'all', words)).toEqual([third]);
    expect(filterDwellings(all, 'Bât. 01 etage 00', 'all', words).map((found) => found.dwellingCode)).toEqual(['01010001']);
  });

  it('finds dwellings by their resident’s state, and filters on « Compte résident »', () => {
    expect(filterDwellings(all, 'partage', 'all', words)).toEqual([second]);
    expect(filterDwellings(all, 'sans compte', 'all', words)).toEqual([first]);
    expect(filterDwellings(all, '', 'yes', words)).toEqual([second, third]);
    expect(filterDwellings(all, '', 'no', words)).toEqual([first]);
    expect(filterDwellings(all, 'escalier 03', 'no', words)).toEqual([]);
    expect(filterDwellings(all, '  ', 'all', words)).toEqual(all);
  });
});
