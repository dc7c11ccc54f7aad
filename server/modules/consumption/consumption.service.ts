import type { Kysely, RawBuilder } from 'kysely';
import type { Clock } from '../../clock.ts';
import type { Database, Fluid } from '../../db/schema.ts';
import { fluidOf, restartsFromZero } from '#shared/device-kinds.ts';
import { computeDailyConsumption, DEFAULT_GAP_THRESHOLD_MS, SPIKE_WINDOW_MS } from './daily-consumption.ts';
import { replaceDataHealthItems, selectItemsForEngine, type DeviceItems, type FoundItem } from './data-health-items.queries.ts';
import { fromFixedPoint, toFixedPoint } from '../../kernel/fixed-point.ts';
import { maxRatePerHourOf } from './plausible-rates.ts';
import {
  claimQueuedRefreshes,
  completeQueuedRefreshes,
  findDevicesForEngine,
  findReadingMomentsBefore,
  listReadingsFrom,
  lockDwellingsForRefresh,
  lockResidencesForRefresh,
  rebuildMonthlyDwellingConsumption,
  rebuildResidenceAverages,
  refreshMarksFrom,
  replaceDailyConsumption,
  replaceExcursions,
  replaceIndexDecreases,
  selectDeviceDaily,
  selectDwellingDaily,
  selectResidenceDaily,
  selectDwellingMonthly,
  type AffectedFromMonth,
  type DeviceDays,
  type DeviceDecreases,
  type DeviceExcursions,
  type DeviceForEngine,
  type QueuedRefresh,
} from './consumption.queries.ts';
import { firstDayOfMonth, localDayOf, startOfLocalDay } from '../../kernel/local-time.ts';

export { groupReason as estimateReasonOfDays, monthReasonOfCounts, queueConsumptionRefresh, queueDevicesMissingConsumption } from './consumption.queries.ts';
export { moreTellingReason } from './daily-consumption.ts';
export type { ConsumptionRow } from './consumption.queries.ts';

/**
 * The consumption engine's entry points: refreshing what ingest changed, and reading daily
 * and monthly consumption for the resident portal, the alerts and the manager space.
 */
type Db = Kysely<Database>;

const BEGINNING_OF_TIME = '0001-01-01';

export interface RefreshSummary {
  devicesRefreshed: number;
  decreasesFlagged: number;
  /**
   * The residences of the devices refreshed, each with the first day (YYYY-MM-DD, local) whose
   * readings or consumption changed: their alert detection reads them.
   */
  residences: Array<{ residenceId: string; changedFromDay: string }>;
}

/**
 * Drains the refresh marks left by ingest, a batch of devices per transaction. Safe on several
 * nodes at once: each transaction claims its marks with advisory locks it holds until it commits
 * (a dead claimant's are free at once), monthly rows are rebuilt under advisory locks, and a mark
 * bumped by a newer change during the pass stays for the next one. A device held by another pass
 * (or whose mark vanished) is skipped: its claimant refreshes it.
 */
export async function refreshQueuedConsumption(
  context: { db: Db; clock: Clock },
  options: { batchSize?: number; onlyDeviceIds?: readonly string[] } = {},
): Promise<RefreshSummary> {
  const summary: RefreshSummary = { devicesRefreshed: 0, decreasesFlagged: 0, residences: [] };
  const changedFromDay = new Map<string, string>();
  const heldElsewhere: string[] = [];
  for (;;) {
    const now = context.clock.now();
    const pass = await context.db.transaction().execute(async (trx) => {
      const { claims, held } = await claimQueuedRefreshes(trx, { limit: options.batchSize ?? 200, onlyDeviceIds: options.onlyDeviceIds, heldElsewhere });
      heldElsewhere.push(...held);
      if (claims.length === 0) return { claimed: 0, held: held.length };
      const refreshed = await refreshClaimed(trx, claims, now);
      await completeQueuedRefreshes(trx, claims);
      summary.decreasesFlagged += refreshed.decreasesFlagged;
      for (const [residenceId, day] of refreshed.changedFromDay) keepEarliest(changedFromDay, residenceId, day);
      return { claimed: claims.length, held: held.length };
    });
    summary.devicesRefreshed += pass.claimed;
    if (pass.claimed === 0 && pass.held === 0) {
      return { ...summary, residences: [...changedFromDay].map(([residenceId, day]) => ({ residenceId, changedFromDay: day })) };
    }
  }
}

async function refreshClaimed(
  trx: Db,
  claims: readonly QueuedRefresh[],
  now: Date,
): Promise<{ decreasesFlagged: number; changedFromDay: Map<string, string> }> {
  const devices = await findDevicesForEngine(trx, claims.map((claim) => claim.deviceId));
  const changedFrom = new Map(claims.map((claim) => [claim.deviceId, claim.changedFrom]));
  const dwellings = new Map<string, string>();
  const residences = new Map<string, string>();
  const changedFromDay = new Map<string, string>();
  let decreasesFlagged = 0;
  for (let start = 0; start < devices.length; start += DEVICES_PER_PASS) {
    const group = devices.slice(start, start + DEVICES_PER_PASS);
    const results = await refreshDevices(trx, group, changedFrom, now);
    for (const [position, device] of group.entries()) {
      const result = results[position]!;
      decreasesFlagged += result.decreasesFlagged;
      keepEarliest(dwellings, device.dwellingId, result.fromMonth);
      keepEarliest(residences, device.residenceId, result.fromMonth);
      keepEarliest(changedFromDay, device.residenceId, result.changedFromDay);
    }
  }
  await lockDwellingsForRefresh(trx, [...dwellings.keys()]);
  await rebuildMonthlyDwellingConsumption(trx, asAffected(dwellings));
  await lockResidencesForRefresh(trx, [...residences.keys()]);
  await rebuildResidenceAverages(trx, asAffected(residences));
  return { decreasesFlagged, changedFromDay };
}

/**
 * Devices whose readings are read and whose days are written together, in a few set-based
 * statements: enough to spare a round trip per device, few enough that years of hourly
 * readings of the whole group fit in memory.
 */
const DEVICES_PER_PASS = 25;

/**
 * Recomputes each device's days from the day of the reading just before its change, less the
 * spike window: a reading that takes an excursion back changes the days of that excursion. The
 * readings of one more window before are read too, so that a rise is seen where it started. A
 * device holding its billing at a segment's highest index (an undecided lasting decrease) is
 * read from its first reading, where that highest index is.
 */
async function refreshDevices(
  db: Db,
  devices: readonly DeviceForEngine[],
  changedFrom: ReadonlyMap<string, Date>,
  now: Date,
): Promise<Array<{ changedFromDay: string; fromMonth: string; decreasesFlagged: number }>> {
  const anchors = await findReadingMomentsBefore(db, devices.map((device) => ({ device, at: new Date(changedFrom.get(device.id)!.getTime() - SPIKE_WINDOW_MS) })));
  const starts = devices.map((device) => {
    const anchor = anchors.get(device.id);
    const fromDay = anchor ? localDayOf(anchor.getTime(), device.timeZone) : BEGINNING_OF_TIME;
    const dayStart = anchor ? new Date(startOfLocalDay(fromDay, device.timeZone)) : undefined;
    return { device, fromDay, dayStart };
  });
  const anchored = starts.filter((start) => start.dayStart !== undefined);
  const contextStarts = anchored.map(({ device, dayStart }) => ({ device, at: new Date(dayStart!.getTime() + 1 - SPIKE_WINDOW_MS) }));
  const dayAnchors = await findReadingMomentsBefore(db, contextStarts);
  const { decisions, holdingAtHighest } = await selectItemsForEngine(db, devices.map((device) => device.id));
  const loadFrom = (start: (typeof starts)[number]) =>
    start.dayStart && !holdingAtHighest.has(start.device.id) ? (dayAnchors.get(start.device.id) ?? new Date(start.dayStart.getTime() - SPIKE_WINDOW_MS)) : undefined;
  const readings = await listReadingsFrom(db, starts.map((start) => ({ device: start.device, at: loadFrom(start) })));

  const dayRows: DeviceDays[] = [];
  const decreaseRows: DeviceDecreases[] = [];
  const excursionRows: DeviceExcursions[] = [];
  const itemRows: DeviceItems[] = [];
  for (const { device, fromDay, dayStart } of starts) {
    const stored = readings.get(device.id)!;
    const { days, decreases, excursions, overLimit } = computeDailyConsumption(
      stored.map((reading) => ({ at: reading.readAt.getTime(), index: toFixedPoint(reading.indexValue), isEstimated: reading.isEstimated })),
      {
        timeZone: device.timeZone,
        restartsFromZero: restartsFromZero(device.kind),
        gapThresholdMs: DEFAULT_GAP_THRESHOLD_MS,
        ...decisions.get(device.id)!,
        maxRatePerHour: maxRatePerHourOf(device.kind, device.maxRatePerHour),
      },
    );
    dayRows.push({
      device,
      fluid: fluidOf(device.kind),
      fromDay,
      days: days
        .filter((day) => day.day >= fromDay)
        .map((day) => ({ day: day.day, consumption: fromFixedPoint(day.consumption), isEstimated: day.isEstimated, estimateReason: day.estimateReason })),
    });
    decreaseRows.push({
      device,
      after: stored[0]?.readAt,
      decreases: decreases.map((decrease) => ({
        readAt: new Date(decrease.at),
        previousIndex: fromFixedPoint(decrease.previousIndex),
        indexValue: fromFixedPoint(decrease.index),
      })),
    });
    const replacedAfter = dayStart ? dayStart.getTime() - 1 : Number.NEGATIVE_INFINITY;
    excursionRows.push({
      device,
      after: dayStart ? new Date(replacedAfter) : undefined,
      excursions: excursions
        .filter((excursion) => excursion.from > replacedAfter && !excursion.isAccepted)
        .map((excursion) => ({
          kind: excursion.kind,
          startedAt: new Date(excursion.from),
          endedAt: new Date(excursion.to),
          readingCount: excursion.readings,
          extremeIndex: fromFixedPoint(excursion.extremeIndex),
          notBilled: fromFixedPoint(excursion.notBilled),
        })),
    });
    const found: FoundItem[] = [
      ...excursions.map((excursion) => ({ kind: 'excursion' as const, startedAt: excursion.from, endedAt: excursion.to, magnitude: excursion.notBilled })),
      ...overLimit.map((stretch) => ({ kind: 'over_limit_rate' as const, startedAt: stretch.from, endedAt: stretch.to, magnitude: stretch.volume })),
      ...decreases.map((decrease) => ({ kind: 'lasting_decrease' as const, startedAt: decrease.at, endedAt: decrease.at, magnitude: decrease.previousIndex - decrease.index })),
    ]
      .filter((item) => item.endedAt > replacedAfter)
      .map((item) => ({ ...item, startedAt: new Date(item.startedAt), endedAt: new Date(item.endedAt), magnitude: fromFixedPoint(item.magnitude) }));
    itemRows.push({ device, after: dayStart ? new Date(replacedAfter) : undefined, items: found });
  }
  await replaceDailyConsumption(db, dayRows);
  await replaceIndexDecreases(db, decreaseRows, now);
  await replaceExcursions(db, excursionRows, now);
  await replaceDataHealthItems(db, itemRows, now);
  return starts.map((start, position) => {
    // A device without earlier readings changed from its first one.
    const first = readings.get(start.device.id)![0];
    const changedFromDay = start.dayStart === undefined && first ? localDayOf(first.readAt.getTime(), start.device.timeZone) : start.fromDay;
    return { changedFromDay, fromMonth: firstDayOfMonth(start.fromDay), decreasesFlagged: decreaseRows[position]!.decreases.length };
  });
}

function keepEarliest(map: Map<string, string>, key: string, month: string): void {
  const current = map.get(key);
  if (current === undefined || month < current) map.set(key, month);
}

function asAffected(map: Map<string, string>): AffectedFromMonth[] {
  return [...map].map(([id, fromMonth]) => ({ id, fromMonth }));
}

/**
 * Rebuilds the monthly totals and the residence averages of whole dwellings and residences
 * from their daily consumption, for a bulk load that wrote the daily rows itself.
 */
export async function rebuildMonthlyConsumption(db: Db, scope: { dwellingIds: readonly string[]; residenceIds: readonly string[] }): Promise<void> {
  await rebuildMonthlyDwellingConsumption(db, scope.dwellingIds.map((id) => ({ id, fromMonth: BEGINNING_OF_TIME })));
  await rebuildResidenceAverages(db, scope.residenceIds.map((id) => ({ id, fromMonth: BEGINNING_OF_TIME })));
}

// ——— Readers for the other modules ———

/** One dwelling's consumption of a fluid per day, all its devices of that fluid added up. */
export function getDailyConsumption(db: Db, dwellingId: string, fluid: Fluid, fromDay: string, toDay: string) {
  return selectDwellingDaily(db, dwellingId, fluid, fromDay, toDay);
}

/** One residence's consumption of a fluid per day, all its dwellings added up (the manager space's costs). */
export function getResidenceDailyConsumption(db: Db, residenceId: string, fluid: Fluid, fromDay: string, toDay: string) {
  return selectResidenceDaily(db, residenceId, fluid, fromDay, toDay);
}

/** One dwelling's consumption of a fluid per month (months as YYYY-MM-01), read from the maintained totals. */
export function getMonthlyConsumption(db: Db, dwellingId: string, fluid: Fluid, fromMonth: string, toMonth: string) {
  return selectDwellingMonthly(db, dwellingId, fluid, firstDayOfMonth(fromMonth), firstDayOfMonth(toMonth));
}

export function getDeviceDailyConsumption(db: Db, deviceId: string, fromDay: string, toDay: string) {
  return selectDeviceDaily(db, deviceId, fromDay, toDay);
}

/**
 * Builder for composition: the statement marking devices for a consumption refresh from rows
 * `(device_id, changed_from)`, for a writer that marks in the same statement as it stores
 * readings (a data-modifying CTE), so a reading never lands without its mark.
 */
export function consumptionRefreshMarks(changes: RawBuilder<unknown>, queuedAt: Date): RawBuilder<unknown> {
  return refreshMarksFrom(changes, queuedAt);
}

/** Ingest reports here the readings it refused as conflicting duplicates (reading anomalies are this module's). */
export { recordConflictingDuplicates } from './consumption.queries.ts';
