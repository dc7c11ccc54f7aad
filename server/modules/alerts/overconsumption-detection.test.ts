import { describe, expect, it } from 'vitest';
import { assessMonth, type MonthlyTotal } from './overconsumption-detection.ts';

const months = (firstMonth: string, values: number[]): MonthlyTotal[] => {
  const [year, month] = firstMonth.split('-').map(Number) as [number, number];
  return values.map((consumption, index) => {
    const date = new Date(Date.UTC(year, month - 1 + index, 1));
    return { month: date.toISOString().slice(0, 7), consumption };
  });
};

describe('over-consumption of a month', () => {
  const twoYears = months('2024-01', Array(24).fill(4));

  it('compares with the same month of the resident’s previous years', () => {
    expect(assessMonth({ month: { month: '2026-01', consumption: 8.1 }, ownHistory: twoYears, residenceAverage: 100 })).toEqual({
      isAbnormal: true,
      reference: 4,
      basis: 'own_history',
      ratio: 8.1 / 4,
    });
  });

  it('does not flag exactly twice the reference', () => {
    expect(assessMonth({ month: { month: '2026-01', consumption: 8 }, ownHistory: twoYears, residenceAverage: null }).isAbnormal).toBe(false);
  });

  it('uses the residence’s average dwelling with less than a year of the resident’s own history', () => {
    const verdict = assessMonth({ month: { month: '2026-01', consumption: 7 }, ownHistory: months('2025-06', Array(7).fill(4)), residenceAverage: 3 });
    expect(verdict).toMatchObject({ isAbnormal: true, basis: 'residence_average', reference: 3 });
  });

  it('says nothing for heating without a year of own history', () => {
    const verdict = assessMonth({ month: { month: '2026-01', consumption: 900 }, ownHistory: months('2025-06', Array(7).fill(100)), residenceAverage: null });
    expect(verdict).toEqual({ isAbnormal: false, reference: null, basis: 'none' });
  });

  it('ignores months too small to call abnormal', () => {
    const verdict = assessMonth({ month: { month: '2026-01', consumption: 0.4 }, ownHistory: months('2024-01', Array(24).fill(0.1)), residenceAverage: null });
    expect(verdict.isAbnormal).toBe(false);
  });

  it('only looks at history before the month assessed', () => {
    const history = [...months('2024-01', Array(12).fill(4)), ...months('2025-01', [40])];
    expect(assessMonth({ month: { month: '2025-01', consumption: 9 }, ownHistory: history, residenceAverage: null })).toMatchObject({
      isAbnormal: true,
      reference: 4,
    });
  });
});
