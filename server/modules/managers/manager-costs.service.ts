import type { AppContext } from '../../app-context.ts';
import { FLUIDS } from '#shared/device-kinds.ts';
import type { ManagerResidenceCosts } from '#shared/contracts/tariffs.ts';
import type { ManagerScope } from '../../http/caller.ts';
import { assertResidenceAccess } from '../accounts/manager-access.service.ts';
import { getResidenceDailyConsumption } from '../consumption/consumption.service.ts';
import { priceConsumption } from '../tariffs/tariffs.service.ts';

/** Days after any stored one: daily consumption never lies in the future. */
const END_OF_DATA = '9999-12-31';

/**
 * A residence's estimated costs and CO₂ per month and per year, this year and the last: all its
 * dwellings' days added up, each at the residence's tariffs valid that day. Not a bill.
 */
export async function getManagerResidenceCosts(context: Pick<AppContext, 'db' | 'clock'>, manager: ManagerScope, residenceId: string): Promise<ManagerResidenceCosts> {
  await assertResidenceAccess(context, manager, residenceId);
  const from = `${context.clock.now().getUTCFullYear() - 1}-01-01`;
  const days = await Promise.all(FLUIDS.map(async (fluid) => ({ fluid, rows: await getResidenceDailyConsumption(context.db, residenceId, fluid, from, END_OF_DATA) })));
  return { residenceId, isEstimate: true, ...(await priceConsumption(context.db, residenceId, days)) };
}
