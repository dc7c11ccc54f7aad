import { sql, type Kysely } from 'kysely';
import type { Database, DeviceKind, DeviceUnit, Fluid } from '../../db/schema.ts';
import { fromFixedPoint, toFixedPoint } from './fixed-point.ts';

/** All SQL of the consumption engine and of its readers. */
type Db = Kysely<Database>;

/** numeric sums keep their operands' scale (`29.0`); readers get the shortest text. */
const plain = (numericText: string | number) => fromFixedPoint(toFixedPoint(String(numericText)));

export interface DeviceForEngine {
  id: string;
  residenceId: string;
  dwellingId: string;
  kind: DeviceKind;
  unit: DeviceUnit;
  timeZone: string;
}

export interface QueuedRefresh {
  deviceId: string;
  changedFrom: Date;
}

export interface ClaimedRefresh extends QueuedRefresh {
  version: number;
}

/** Marks devices whose readings changed, keeping the earliest moment changed. */
export async function queueConsumptionRefresh(db: Db, changes: readonly QueuedRefresh[], queuedAt: Date): Promise<void> {
  if (changes.length === 0) return;
  await sql`
    insert into consumption_refresh_queue (device_id, changed_from, queued_at)
    select device_id, min(changed_from), ${queuedAt}::timestamptz
    from unnest(${changes.map((change) => change.deviceId)}::uuid[], ${changes.map((change) => change.changedFrom.toISOString())}::timestamptz[])
      as change(device_id, changed_from)
    group by device_id
    order by device_id
    on conflict (device_id) do update set
      changed_from = least(consumption_refresh_queue.changed_from, excluded.changed_from),
      queued_at = excluded.queued_at,
      version = consumption_refresh_queue.version + 1
  `.execute(db);
}

/**
 * Claims up to `limit` marks nobody holds (or whose holder seems gone), in one short statement,
 * so that ingest never waits for a refresh to finish.
 */
export async function claimQueuedRefreshes(
  db: Db,
  options: { limit: number; now: Date; staleBefore: Date; onlyDeviceIds?: readonly string[] },
): Promise<ClaimedRefresh[]> {
  const only = options.onlyDeviceIds;
  if (only && only.length === 0) return [];
  const result = await sql<{ device_id: string; changed_from: Date; version: number }>`
    update consumption_refresh_queue queue set claimed_at = ${options.now}
    where queue.device_id in (
      select device_id from consumption_refresh_queue
      where (claimed_at is null or claimed_at < ${options.staleBefore})
        ${only ? sql`and device_id = any(${[...only]}::uuid[])` : sql``}
      order by device_id
      limit ${options.limit}
      for update skip locked
    )
    returning queue.device_id, queue.changed_from, queue.version
  `.execute(db);
  return result.rows.map((row) => ({ deviceId: row.device_id, changedFrom: row.changed_from, version: row.version }));
}

/** Removes the marks computed, except those a newer change bumped: they are released for the next pass. */
export async function completeQueuedRefreshes(db: Db, claims: readonly ClaimedRefresh[]): Promise<void> {
  if (claims.length === 0) return;
  const ids = claims.map((claim) => claim.deviceId);
  await sql`
    delete from consumption_refresh_queue queue
    using unnest(${ids}::uuid[], ${claims.map((claim) => claim.version)}::int[]) as done(device_id, version)
    where queue.device_id = done.device_id and queue.version = done.version
  `.execute(db);
  await releaseQueuedRefreshes(db, ids);
}

export async function releaseQueuedRefreshes(db: Db, deviceIds: readonly string[]): Promise<void> {
  if (deviceIds.length === 0) return;
  await db.updateTable('consumption_refresh_queue').set({ claimed_at: null }).where('device_id', 'in', deviceIds).execute();
}

export async function findDevicesForEngine(db: Db, deviceIds: readonly string[]): Promise<DeviceForEngine[]> {
  if (deviceIds.length === 0) return [];
  const rows = await db
    .selectFrom('devices')
    .innerJoin('residences', 'residences.id', 'devices.residence_id')
    .select(['devices.id', 'devices.residence_id', 'devices.dwelling_id', 'devices.kind', 'devices.unit', 'residences.time_zone'])
    .where('devices.id', 'in', deviceIds)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    residenceId: row.residence_id,
    dwellingId: row.dwelling_id,
    kind: row.kind,
    unit: row.unit,
    timeZone: row.time_zone,
  }));
}

/** The moment of the latest reading strictly before `before`, if any. */
export async function findReadingMomentBefore(db: Db, device: DeviceForEngine, before: Date): Promise<Date | undefined> {
  const row = await db
    .selectFrom('readings')
    .select('read_at')
    .where('residence_id', '=', device.residenceId)
    .where('device_id', '=', device.id)
    .where('read_at', '<', before)
    .orderBy('read_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.read_at;
}

export interface StoredReading {
  readAt: Date;
  indexValue: string;
  isEstimated: boolean;
}

export async function listReadingsFrom(db: Db, device: DeviceForEngine, from: Date | undefined): Promise<StoredReading[]> {
  let query = db
    .selectFrom('readings')
    .select(['read_at', 'index_value', 'is_estimated'])
    .where('residence_id', '=', device.residenceId)
    .where('device_id', '=', device.id)
    .orderBy('read_at');
  if (from) query = query.where('read_at', '>=', from);
  const rows = await query.execute();
  return rows.map((row) => ({ readAt: row.read_at, indexValue: row.index_value, isEstimated: row.is_estimated }));
}

export interface DailyRow {
  day: string;
  consumption: string;
  isEstimated: boolean;
}

export async function replaceDailyConsumption(
  db: Db,
  device: DeviceForEngine,
  fluid: Fluid,
  fromDay: string,
  days: readonly DailyRow[],
): Promise<void> {
  await db.deleteFrom('daily_consumption').where('device_id', '=', device.id).where('day', '>=', fromDay).execute();
  if (days.length === 0) return;
  await sql`
    insert into daily_consumption (residence_id, dwelling_id, device_id, fluid, unit, day, consumption, is_estimated)
    select ${device.residenceId}::uuid, ${device.dwellingId}::uuid, ${device.id}::uuid, ${fluid}, ${device.unit}, day, consumption, is_estimated
    from unnest(${days.map((row) => row.day)}::date[], ${days.map((row) => row.consumption)}::numeric[], ${days.map((row) => row.isEstimated)}::boolean[])
      as computed(day, consumption, is_estimated)
  `.execute(db);
}

export interface DecreaseRow {
  readAt: Date;
  previousIndex: string;
  indexValue: string;
}

export async function replaceIndexDecreases(
  db: Db,
  device: DeviceForEngine,
  from: Date | undefined,
  decreases: readonly DecreaseRow[],
  detectedAt: Date,
): Promise<void> {
  let removal = db.deleteFrom('reading_anomalies').where('device_id', '=', device.id).where('kind', '=', 'index_decrease');
  if (from) removal = removal.where('read_at', '>', from);
  await removal.execute();
  if (decreases.length === 0) return;
  await db
    .insertInto('reading_anomalies')
    .values(
      decreases.map((decrease) => ({
        residence_id: device.residenceId,
        device_id: device.id,
        kind: 'index_decrease' as const,
        read_at: decrease.readAt,
        previous_index: decrease.previousIndex,
        index_value: decrease.indexValue,
        detected_at: detectedAt,
      })),
    )
    .execute();
}

export interface AffectedFromMonth {
  id: string;
  fromMonth: string;
}

const earliest = (months: readonly string[]) => months.reduce((first, month) => (month < first ? month : first));

/** Rebuilds the monthly totals of the given dwellings from their first changed month on. */
export async function rebuildMonthlyDwellingConsumption(db: Db, dwellings: readonly AffectedFromMonth[]): Promise<void> {
  if (dwellings.length === 0) return;
  const ids = dwellings.map((dwelling) => dwelling.id);
  const months = dwellings.map((dwelling) => dwelling.fromMonth);
  await sql`
    delete from monthly_dwelling_consumption monthly
    using unnest(${ids}::uuid[], ${months}::date[]) as affected(dwelling_id, from_month)
    where monthly.dwelling_id = affected.dwelling_id and monthly.month >= affected.from_month
      and monthly.dwelling_id = any(${ids}::uuid[]) and monthly.month >= ${earliest(months)}::date
  `.execute(db);
  await sql`
    insert into monthly_dwelling_consumption (residence_id, dwelling_id, fluid, unit, month, consumption, days_covered, estimated_days)
    select daily.residence_id, daily.dwelling_id, daily.fluid, daily.unit, date_trunc('month', daily.day)::date,
           sum(daily.consumption), count(distinct daily.day), count(distinct daily.day) filter (where daily.is_estimated)
    from daily_consumption daily
    join unnest(${ids}::uuid[], ${months}::date[]) as affected(dwelling_id, from_month)
      on daily.dwelling_id = affected.dwelling_id and daily.day >= affected.from_month
    -- Repeated as plain predicates so that the planner reaches the rows through the index.
    where daily.dwelling_id = any(${ids}::uuid[]) and daily.day >= ${earliest(months)}::date
    group by daily.residence_id, daily.dwelling_id, daily.fluid, daily.unit, date_trunc('month', daily.day)
  `.execute(db);
}

/** Rebuilds the average dwelling of the given residences from their first changed month on. */
export async function rebuildResidenceAverages(db: Db, residences: readonly AffectedFromMonth[]): Promise<void> {
  if (residences.length === 0) return;
  const ids = residences.map((residence) => residence.id);
  const months = residences.map((residence) => residence.fromMonth);
  await sql`
    delete from monthly_residence_average average
    using unnest(${ids}::uuid[], ${months}::date[]) as affected(residence_id, from_month)
    where average.residence_id = affected.residence_id and average.month >= affected.from_month
      and average.residence_id = any(${ids}::uuid[]) and average.month >= ${earliest(months)}::date
  `.execute(db);
  await sql`
    insert into monthly_residence_average (residence_id, fluid, unit, month, average_consumption, dwelling_count)
    select monthly.residence_id, monthly.fluid, monthly.unit, monthly.month, round(avg(monthly.consumption), 9), count(*)
    from monthly_dwelling_consumption monthly
    join unnest(${ids}::uuid[], ${months}::date[]) as affected(residence_id, from_month)
      on monthly.residence_id = affected.residence_id and monthly.month >= affected.from_month
    where monthly.residence_id = any(${ids}::uuid[]) and monthly.month >= ${earliest(months)}::date
    group by monthly.residence_id, monthly.fluid, monthly.unit, monthly.month
  `.execute(db);
}

/** Serialises refreshes that touch the same dwelling's monthly rows, across nodes. */
export async function lockDwellingsForRefresh(db: Db, dwellingIds: readonly string[]): Promise<void> {
  for (const dwellingId of [...dwellingIds].sort()) {
    await sql`select pg_advisory_xact_lock(hashtextextended(${`consumption:${dwellingId}`}, 0))`.execute(db);
  }
}

export async function lockResidencesForRefresh(db: Db, residenceIds: readonly string[]): Promise<void> {
  for (const residenceId of [...residenceIds].sort()) {
    await sql`select pg_advisory_xact_lock(hashtextextended(${`consumption-average:${residenceId}`}, 0))`.execute(db);
  }
}

// ——— Readers ———

export interface ConsumptionRow {
  period: string;
  unit: DeviceUnit;
  consumption: string;
  isEstimated: boolean;
}

export async function selectDwellingDaily(db: Db, dwellingId: string, fluid: Fluid, from: string, to: string): Promise<ConsumptionRow[]> {
  const rows = await db
    .selectFrom('daily_consumption')
    .select((eb) => [
      'day',
      'unit',
      eb.fn.sum<string>('consumption').as('consumption'),
      eb.fn<boolean>('bool_or', ['is_estimated']).as('is_estimated'),
    ])
    .where('dwelling_id', '=', dwellingId)
    .where('fluid', '=', fluid)
    .where('day', '>=', from)
    .where('day', '<=', to)
    .groupBy(['day', 'unit'])
    .orderBy('day')
    .orderBy('unit')
    .execute();
  return rows.map((row) => ({ period: row.day, unit: row.unit, consumption: plain(row.consumption), isEstimated: row.is_estimated }));
}

export async function selectDwellingMonthly(db: Db, dwellingId: string, fluid: Fluid, fromMonth: string, toMonth: string): Promise<ConsumptionRow[]> {
  const rows = await db
    .selectFrom('monthly_dwelling_consumption')
    .select(['month', 'unit', 'consumption', 'estimated_days'])
    .where('dwelling_id', '=', dwellingId)
    .where('fluid', '=', fluid)
    .where('month', '>=', fromMonth)
    .where('month', '<=', toMonth)
    .orderBy('month')
    .orderBy('unit')
    .execute();
  return rows.map((row) => ({ period: row.month, unit: row.unit, consumption: plain(row.consumption), isEstimated: row.estimated_days > 0 }));
}

export async function selectDeviceDaily(db: Db, deviceId: string, from: string, to: string): Promise<ConsumptionRow[]> {
  const rows = await db
    .selectFrom('daily_consumption')
    .select(['day', 'unit', 'consumption', 'is_estimated'])
    .where('device_id', '=', deviceId)
    .where('day', '>=', from)
    .where('day', '<=', to)
    .orderBy('day')
    .execute();
  return rows.map((row) => ({ period: row.day, unit: row.unit, consumption: plain(row.consumption), isEstimated: row.is_estimated }));
}

export async function selectDeviceMonthly(db: Db, deviceId: string, fromMonth: string, toMonth: string): Promise<ConsumptionRow[]> {
  const month = sql<string>`date_trunc('month', day)::date`;
  const rows = await db
    .selectFrom('daily_consumption')
    .select((eb) => [
      month.as('month'),
      'unit',
      eb.fn.sum<string>('consumption').as('consumption'),
      eb.fn<boolean>('bool_or', ['is_estimated']).as('is_estimated'),
    ])
    .where('device_id', '=', deviceId)
    .where('day', '>=', fromMonth)
    .where(month, '<=', toMonth)
    .groupBy([month, 'unit'])
    .orderBy('month')
    .execute();
  return rows.map((row) => ({ period: row.month, unit: row.unit, consumption: plain(row.consumption), isEstimated: row.is_estimated }));
}

export interface AverageRow {
  month: string;
  unit: DeviceUnit;
  averageConsumption: string;
  dwellingCount: number;
}

export async function selectResidenceAverageMonthly(
  db: Db,
  residenceId: string,
  fluid: Fluid,
  fromMonth: string,
  toMonth: string,
): Promise<AverageRow[]> {
  const rows = await db
    .selectFrom('monthly_residence_average')
    .select(['month', 'unit', 'average_consumption', 'dwelling_count'])
    .where('residence_id', '=', residenceId)
    .where('fluid', '=', fluid)
    .where('month', '>=', fromMonth)
    .where('month', '<=', toMonth)
    .orderBy('month')
    .orderBy('unit')
    .execute();
  return rows.map((row) => ({
    month: row.month,
    unit: row.unit,
    averageConsumption: plain(row.average_consumption),
    dwellingCount: row.dwelling_count,
  }));
}

export interface AnomalyRow {
  deviceId: string;
  readAt: Date;
  previousIndex: string | null;
  indexValue: string;
}

export async function selectIndexDecreases(db: Db, deviceIds: readonly string[]): Promise<AnomalyRow[]> {
  if (deviceIds.length === 0) return [];
  const rows = await db
    .selectFrom('reading_anomalies')
    .select(['device_id', 'read_at', 'previous_index', 'index_value'])
    .where('device_id', 'in', deviceIds)
    .where('kind', '=', 'index_decrease')
    .orderBy('device_id')
    .orderBy('read_at')
    .execute();
  return rows.map((row) => ({ deviceId: row.device_id, readAt: row.read_at, previousIndex: row.previous_index, indexValue: row.index_value }));
}

/** Devices marked for a refresh and not claimed by a live pass, with their residence: what a refresher pass takes. */
export async function selectQueuedRefreshDevices(db: Db, limit: number): Promise<Array<{ deviceId: string; residenceId: string }>> {
  const rows = await db
    .selectFrom('consumption_refresh_queue')
    .innerJoin('devices', 'devices.id', 'consumption_refresh_queue.device_id')
    .select(['devices.id as deviceId', 'devices.residence_id as residenceId'])
    .orderBy('consumption_refresh_queue.queued_at')
    .limit(limit)
    .execute();
  return rows;
}
