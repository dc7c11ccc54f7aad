import type { AppContext } from '../../app-context.ts';
import type { ResidentCosts } from '#shared/contracts/tariffs.ts';
import { getBoundedDailyConsumption } from '../occupancy/handover-day.ts';
import { priceConsumption } from '../tariffs/tariffs.service.ts';
import { laterDay, type ResidentScope } from './resident-scope.ts';

/**
 * A resident's estimated costs and CO₂ per month and per year, this year and the last, from
 * their own days only (never before the privacy boundary), each day at the residence's tariffs
 * valid that day. An estimate from the residence's tariffs, never a bill.
 */
export async function getResidentCosts(context: Pick<AppContext, 'db'>, scope: ResidentScope): Promise<ResidentCosts> {
  const from = laterDay(`${Number(scope.today.slice(0, 4)) - 1}-01-01`, scope.boundaryDay);
  const days = await Promise.all(
    scope.fluids.map(async ({ fluid }) => ({ fluid, rows: await getBoundedDailyConsumption(context.db, scope, fluid, from, scope.today) })),
  );
  return { isEstimate: true, ...(await priceConsumption(context.db, scope.residenceId, days)) };
}
