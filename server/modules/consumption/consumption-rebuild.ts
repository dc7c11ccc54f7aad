import type { AppContext } from '../../app-context.ts';
import { refreshConsumptionThenDetect } from './consumption-refresher.ts';
import { queueConsumptionRefresh, selectDevicesToRebuild, selectStoredDays, type StoredDay } from './consumption.queries.ts';
import { fromFixedPoint, toFixedPoint } from '../../kernel/fixed-point.ts';

/**
 * Recomputes the consumption of every device (or one residence's) from its stored readings, and
 * reports what differed from what was stored: the repair of last resort, and the check that
 * nothing an interrupted run left behind is still missing.
 */
export interface RebuildReport {
  devices: number;
  devicesChanged: number;
  daysAdded: number;
  daysRemoved: number;
  daysChanged: number;
  /** Total consumption before and after, summed over every unit (plain decimal text). */
  totalBefore: string;
  totalAfter: string;
}

export async function rebuildConsumption(
  context: Pick<AppContext, 'db' | 'clock' | 'jobs' | 'hooks'>,
  options: { buildingCode?: string } = {},
): Promise<RebuildReport> {
  const deviceIds = await selectDevicesToRebuild(context.db, options.buildingCode);
  const before = keyed(await selectStoredDays(context.db, deviceIds));
  await queueConsumptionRefresh(
    context.db,
    deviceIds.map((deviceId) => ({ deviceId, changedFrom: new Date(0) })),
    context.clock.now(),
  );
  await refreshConsumptionThenDetect(context, { onlyDeviceIds: deviceIds });
  const after = keyed(await selectStoredDays(context.db, deviceIds));
  return compare(deviceIds.length, before, after);
}

function keyed(days: readonly StoredDay[]): Map<string, StoredDay> {
  return new Map(days.map((day) => [`${day.deviceId} ${day.day}`, day]));
}

function compare(devices: number, before: Map<string, StoredDay>, after: Map<string, StoredDay>): RebuildReport {
  const changedDevices = new Set<string>();
  let daysAdded = 0;
  let daysRemoved = 0;
  let daysChanged = 0;
  for (const [key, day] of after) {
    const previous = before.get(key);
    if (!previous) daysAdded += 1;
    else if (toFixedPoint(previous.consumption) !== toFixedPoint(day.consumption) || previous.isEstimated !== day.isEstimated) daysChanged += 1;
    else continue;
    changedDevices.add(day.deviceId);
  }
  for (const [key, day] of before) {
    if (after.has(key)) continue;
    daysRemoved += 1;
    changedDevices.add(day.deviceId);
  }
  const total = (days: Map<string, StoredDay>) => fromFixedPoint([...days.values()].reduce((sum, day) => sum + toFixedPoint(day.consumption), 0n));
  return { devices, devicesChanged: changedDevices.size, daysAdded, daysRemoved, daysChanged, totalBefore: total(before), totalAfter: total(after) };
}
