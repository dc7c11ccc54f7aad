import type { AppContext } from '../app-context.ts';
import { refreshConsumptionThenDetect } from '../modules/consumption/consumption-refresher.ts';

/**
 * Every command-line run first completes the consumption a run that died left marked, so that
 * without a server running nothing stays missing past the next command.
 */
export async function completePendingConsumption(context: Pick<AppContext, 'db' | 'clock' | 'jobs' | 'hooks'>): Promise<void> {
  const summary = await refreshConsumptionThenDetect(context);
  if (summary.devicesRefreshed > 0) console.log(`Consumption an interrupted run left pending completed for ${summary.devicesRefreshed} device(s).`);
}
