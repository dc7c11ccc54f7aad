import { describe, expect, it } from 'vitest';
import { degreeDayHundredthsFromTenths } from '../../kernel/degree-days.ts';
import { correctForClimate, type PeriodDegreeDays } from './climate-correction.ts';
import { parseDegreeDayCsv } from './degree-days-csv.ts';

/**
 * A hand-computed November 2025 (30 days) at one station, from Tmin/Tmax:
 *   days  1–10: Tmin  2.0, Tmax  8.0 → mean  5.00 → 18 − 5.00  = 13.00 DJU a day → 130.00
 *   days 11–20: Tmin −1.5, Tmax  4.1 → mean  1.30 → 18 − 1.30  = 16.70 DJU a day → 167.00
 *   days 21–29: Tmin 12.4, Tmax 25.1 → mean 18.75 → below zero, so 0              →   0.00
 *   day  30   : Tmin  9.3, Tmax 14.6 → mean 11.95 → 18 − 11.95 = 6.05             →   6.05
 *   November 2025: 130 + 167 + 0 + 6.05 = 303.05 DJU.
 * November 2024, given directly: 11.50 DJU a day × 30 = 345.00 DJU.
 * A heating consumption of 1000 units in November 2025 at November 2024's climate:
 *   1000 × 345.00 ÷ 303.05 = 1138.4260… units (a milder month, so more once corrected).
 */
function november2025Csv(): string {
  const lines = ['station;day;tmin;tmax'];
  for (let day = 1; day <= 30; day += 1) {
    const [tmin, tmax] = day <= 10 ? ['2.0', '8.0'] : day <= 20 ? ['-1.5', '4.1'] : day <= 29 ? ['12.4', '25.1'] : ['9.3', '14.6'];
    lines.push(`07156;2025-11-${String(day).padStart(2, '0')};${tmin};${tmax}`);
  }
  return lines.join('\n');
}

const whole = (hundredths: number, days = 30): PeriodDegreeDays => ({ hundredths, daysWithData: days, daysInPeriod: 30 });

describe('climate correction', () => {
  it('matches the hand-computed month', () => {
    const { rows, errors } = parseDegreeDayCsv(november2025Csv());
    expect(errors).toEqual([]);
    const november2025 = rows.reduce((sum, row) => sum + row.hundredths, 0);
    expect(november2025).toBe(30_305);
    expect(degreeDayHundredthsFromTenths(93, 146)).toBe(605);
    const outcome = correctForClimate(1000, whole(november2025), whole(34_500));
    expect(outcome.status).toBe('corrected');
    expect(outcome.status === 'corrected' && outcome.corrected).toBeCloseTo(1138.426, 3);
  });

  it('does not correct when either period has fewer than 50 degree days (summer)', () => {
    expect(correctForClimate(100, whole(4_999), whole(34_500))).toEqual({ status: 'below_threshold' });
    expect(correctForClimate(100, whole(34_500), whole(1_200))).toEqual({ status: 'below_threshold' });
    expect(correctForClimate(100, whole(5_000), whole(5_000))).toEqual({ status: 'corrected', corrected: 100 });
  });

  it('does not correct when the station lacks days in either period, and says how many', () => {
    expect(correctForClimate(1000, whole(30_305, 28), whole(34_500))).toEqual({ status: 'missing_days', missingDays: 2 });
    expect(correctForClimate(1000, whole(30_305), whole(34_500, 29))).toEqual({ status: 'missing_days', missingDays: 1 });
  });

  it('refuses bad lines with their line numbers', () => {
    const { rows, errors } = parseDegreeDayCsv('station,day,tmin,tmax,degree_days\n07156,2025-02-30,1,2,\n07156,2025-11-01,8,2,\n07156,20251102,,,12.5\n07156,02/11/2025,,,3\n');
    expect(rows).toHaveLength(1);
    expect(errors).toEqual([
      { line: 2, problem: 'invalid_date', column: 'day', value: '2025-02-30' },
      { line: 3, problem: 'minimum_above_maximum', column: 'tmin', value: '8' },
      { line: 5, problem: 'duplicate_day', column: 'day', value: '02/11/2025 (line 4)' },
    ]);
  });
});
