import { describe, expect, it } from 'vitest';
import type { CostFigure, ResidentCosts } from './costs-api.ts';
import { monthlyFiguresOf, yearlyFiguresOf } from './fluid-costs.ts';

function figure(fluid: CostFigure['fluid'], unit: CostFigure['unit'], costEur: string | null, co2Kg: string | null): CostFigure {
  return { fluid, unit, consumption: '1', costEur, energyKwh: null, co2Kg, unpricedDays: 0, daysWithoutCo2: 0, tariffs: [], supplies: [], usesDefaultHotWaterEnergy: false };
}

const costs: ResidentCosts = {
  isEstimate: true,
  months: [
    { period: '2026-09', fluids: [figure('heating', 'units', null, null), figure('hot_water', 'm3', null, null)], totalCostEur: null, totalCo2Kg: null },
    { period: '2026-10', fluids: [figure('heating', 'units', '12.75', '81.7'), figure('hot_water', 'm3', '21.56', null)], totalCostEur: '34.31', totalCo2Kg: '81.7' },
    { period: '2026-11', fluids: [figure('heating', 'kWh', '40.00', '9.1')], totalCostEur: '40.00', totalCo2Kg: '9.1' },
  ],
  years: [
    { period: '2025', fluids: [figure('heating', 'units', null, null)], totalCostEur: null, totalCo2Kg: null },
    { period: '2026', fluids: [figure('heating', 'units', '12.75', '81.7')], totalCostEur: '12.75', totalCo2Kg: '81.7' },
  ],
};

describe('a fluid’s costs lined up with its chart', () => {
  it('gives each month its priced figure, and nothing for a month unpriced, of another unit or outside the range', () => {
    const figures = monthlyFiguresOf(costs, 'heating', 'units', ['2026-08', '2026-09', '2026-10', '2026-11']);
    expect(figures.map((entry) => entry && [entry.costEur, entry.co2Kg])).toEqual([undefined, undefined, ['12.75', '81.7'], undefined]);
  });

  it('keeps a month with a cost and no CO₂ (water)', () => {
    expect(monthlyFiguresOf(costs, 'hot_water', 'm3', ['2026-10'])[0]?.costEur).toBe('21.56');
  });

  it('gives the years a tariff covered, oldest first', () => {
    expect(yearlyFiguresOf(costs, 'heating', 'units').map((entry) => [entry.year, entry.figure.costEur])).toEqual([['2026', '12.75']]);
  });
});
