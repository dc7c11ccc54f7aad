import type { AppContext } from '../../app-context.ts';
import type { DeviceUnit, Fluid } from '../../db/schema.ts';
import type { CostFigure, CostPeriod, ResidentCosts } from '#shared/contracts/tariffs.ts';
import { getBoundedDailyConsumption } from '../occupancy/handover-day.ts';
import { priceConsumption } from '../tariffs/tariffs.service.ts';
import { laterDay, type ResidentScope } from './resident-scope.ts';

/**
 * A resident's estimated costs and CO₂ per month and per year, from `from` (by default the first
 * day of last year; never before the privacy boundary) to today, from their own days only, each
 * day at the residence's tariffs valid that day. An estimate from the residence's tariffs, never a bill.
 */
export async function getResidentCosts(context: Pick<AppContext, 'db'>, scope: ResidentScope, options: { from?: string } = {}): Promise<ResidentCosts> {
  const from = laterDay(options.from ?? `${Number(scope.today.slice(0, 4)) - 1}-01-01`, scope.boundaryDay);
  const days = await Promise.all(
    scope.fluids.map(async ({ fluid }) => ({ fluid, rows: await getBoundedDailyConsumption(context.db, scope, fluid, from, scope.today) })),
  );
  return { isEstimate: true, ...(await priceConsumption(context.db, scope.residenceId, days)) };
}

/** Looks up priced periods' figures by period (`YYYY-MM` or `YYYY`), fluid and unit: what the exports print beside each volume. */
export function costFigureFinder(periods: readonly CostPeriod[]): (period: string, fluid: Fluid, unit: DeviceUnit) => CostFigure | undefined {
  const figures = new Map(periods.flatMap((period) => period.fluids.map((figure) => [`${period.period}:${figure.fluid}:${figure.unit}`, figure] as const)));
  return (period, fluid, unit) => figures.get(`${period}:${fluid}:${unit}`);
}
