import type { CostFigure, CostPeriod, ResidentCosts } from './costs-api.ts';

type Fluid = CostFigure['fluid'];
type Unit = CostFigure['unit'];

/** A figure carries an estimate when some price or CO₂ factor covered it. */
export function isPriced(figure: CostFigure): boolean {
  return figure.costEur !== null || figure.co2Kg !== null;
}

function pricedFigureOf(period: CostPeriod | undefined, fluid: Fluid, unit: Unit): CostFigure | undefined {
  const figure = period?.fluids.find((candidate) => candidate.fluid === fluid && candidate.unit === unit);
  return figure && isPriced(figure) ? figure : undefined;
}

/**
 * One fluid's priced figure for each of `months` (YYYY-MM), in their order: undefined for a month
 * outside the costs' range or that no tariff covered, so a chart can line them up with its bars.
 */
export function monthlyFiguresOf(costs: ResidentCosts, fluid: Fluid, unit: Unit, months: string[]): Array<CostFigure | undefined> {
  const byMonth = new Map(costs.months.map((period) => [period.period, period]));
  return months.map((month) => pricedFigureOf(byMonth.get(month), fluid, unit));
}

/** One fluid's priced figure per year, oldest first; years no tariff covered are left out. */
export function yearlyFiguresOf(costs: ResidentCosts, fluid: Fluid, unit: Unit): Array<{ year: string; figure: CostFigure }> {
  return costs.years.flatMap((period) => {
    const figure = pricedFigureOf(period, fluid, unit);
    return figure ? [{ year: period.period, figure }] : [];
  });
}
