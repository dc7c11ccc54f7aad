import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database, DeviceKind, DeviceUnit, EstimateReason, Fluid } from '../../db/schema.ts';
import { fromFixedPoint, toFixedPoint } from '../../kernel/fixed-point.ts';

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
  /** Its own maximum plausible rate per hour, or null for its kind's (plausible-rates.ts). */
  maxRatePerHour: string | null;
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
  await refreshMarksFrom(
    sql`select device_id, changed_from
        from unnest(${changes.map((change) => change.deviceId)}::uuid[], ${changes.map((change) => change.changedFrom.toISOString())}::timestamptz[])
          as change(device_id, changed_from)`,
    queuedAt,
  ).execute(db);
}

/**
 * The statement that marks devices for a refresh from rows `(device_id, changed_from)`, for
 * writers that mark in the same statement as they store (a data-modifying CTE).
 */
export function refreshMarksFrom(changes: RawBuilder<unknown>, queuedAt: Date): RawBuilder<unknown> {
  return sql`
    insert into consumption_refresh_queue (device_id, changed_from, queued_at)
    select device_id, min(changed_from), ${queuedAt}::timestamptz
    from (${changes}) as change
    group by device_id
    order by device_id
    on conflict (device_id) do update set
      changed_from = least(consumption_refresh_queue.changed_from, excluded.changed_from),
      queued_at = excluded.queued_at,
      version = consumption_refresh_queue.version + 1
  `;
}

/**
 * Claims up to `limit` marks no live pass holds, inside the refreshing transaction: a claim is a
 * transaction-scoped advisory lock on the device, so it lasts exactly as long as its claimant's
 * transaction, and a process that dies loses it the moment its connection closes. The queue rows
 * themselves are not locked, so ingest marking the same devices never waits for a refresh.
 */
export async function claimQueuedRefreshes(
  trx: Db,
  options: { limit: number; onlyDeviceIds?: readonly string[]; heldElsewhere: readonly string[] },
): Promise<{ claims: ClaimedRefresh[]; held: string[] }> {
  const only = options.onlyDeviceIds;
  if (only && only.length === 0) return { claims: [], held: [] };
  const candidates = await sql<{ device_id: string }>`
    select device_id from consumption_refresh_queue
    where device_id <> all(${[...options.heldElsewhere]}::uuid[])
      ${only ? sql`and device_id = any(${[...only]}::uuid[])` : sql``}
    order by device_id
    limit ${options.limit}
  `.execute(trx);
  if (candidates.rows.length === 0) return { claims: [], held: [] };
  const result = await sql<{ device_id: string; changed_from: Date; version: number }>`
    select queue.device_id, queue.changed_from, queue.version
    from unnest(${candidates.rows.map((row) => row.device_id)}::uuid[]) as candidate(device_id)
    join consumption_refresh_queue queue using (device_id)
    where pg_try_advisory_xact_lock(${REFRESH_CLAIM_LOCK_SPACE}, hashtext(candidate.device_id::text))
    order by queue.device_id
  `.execute(trx);
  const claims = result.rows.map((row) => ({ deviceId: row.device_id, changedFrom: row.changed_from, version: row.version }));
  const claimed = new Set(claims.map((claim) => claim.deviceId));
  return { claims, held: candidates.rows.map((row) => row.device_id).filter((id) => !claimed.has(id)) };
}

/** A month's reason from its maintained counts, in SQL: the excursion days first, since they matter most to a resident. */
export const monthReasonOfCounts = sql<EstimateReason | null>`case when spike_days > 0 then 'spike' when estimated_days > 0 then 'gap' end`;

/** The advisory-lock key space of refresh claims (two-key form), apart from the monthly locks. */
const REFRESH_CLAIM_LOCK_SPACE = 15_001;

/**
 * Removes the marks computed, in the claimant's transaction, except those a newer change bumped:
 * they stay for the next pass. Rows are locked in device order, the order ingest marks them in,
 * so the two never deadlock.
 */
export async function completeQueuedRefreshes(trx: Db, claims: readonly ClaimedRefresh[]): Promise<void> {
  if (claims.length === 0) return;
  const ids = claims.map((claim) => claim.deviceId);
  await sql`
    delete from consumption_refresh_queue queue
    using unnest(${ids}::uuid[], ${claims.map((claim) => claim.version)}::int[]) as done(device_id, version),
          (select device_id from consumption_refresh_queue where device_id = any(${ids}::uuid[]) order by device_id for update) as locked
    where queue.device_id = done.device_id and queue.version = done.version and queue.device_id = locked.device_id
  `.execute(trx);
}

export async function findDevicesForEngine(db: Db, deviceIds: readonly string[]): Promise<DeviceForEngine[]> {
  if (deviceIds.length === 0) return [];
  const rows = await db
    .selectFrom('devices')
    .innerJoin('residences', 'residences.id', 'devices.residence_id')
    .select(['devices.id', 'devices.residence_id', 'devices.dwelling_id', 'devices.kind', 'devices.unit', 'residences.time_zone', sql<string | null>`devices.max_rate_per_hour::text`.as('max_rate_per_hour')])
    .where('devices.id', 'in', deviceIds)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    residenceId: row.residence_id,
    dwellingId: row.dwelling_id,
    kind: row.kind,
    unit: row.unit,
    timeZone: row.time_zone,
    maxRatePerHour: row.max_rate_per_hour === null ? null : plain(row.max_rate_per_hour),
  }));
}

/** A device and a moment: what the batched engine statements below take, one row per device. */
export interface DeviceMoment {
  device: DeviceForEngine;
  /** Absent: from the beginning. */
  at: Date | undefined;
}

const momentsOf = (targets: readonly DeviceMoment[]) => ({
  residenceIds: targets.map((target) => target.device.residenceId),
  deviceIds: targets.map((target) => target.device.id),
  moments: targets.map((target) => (target.at ? target.at.toISOString() : '-infinity')),
});

/** Per device, the moment of its latest reading strictly before the given one, if any (one statement). */
export async function findReadingMomentsBefore(db: Db, targets: readonly DeviceMoment[]): Promise<Map<string, Date | undefined>> {
  if (targets.length === 0) return new Map();
  const { residenceIds, deviceIds, moments } = momentsOf(targets);
  const result = await sql<{ device_id: string; read_at: Date | null }>`
    select target.device_id, latest.read_at
    from unnest(${residenceIds}::uuid[], ${deviceIds}::uuid[], ${moments}::timestamptz[]) as target(residence_id, device_id, before_at)
    left join lateral (
      select readings.read_at from readings
      where readings.residence_id = target.residence_id and readings.device_id = target.device_id and readings.read_at < target.before_at
      order by readings.read_at desc
      limit 1
    ) latest on true
  `.execute(db);
  return new Map(result.rows.map((row) => [row.device_id, row.read_at ?? undefined]));
}

export interface StoredReading {
  readAt: Date;
  indexValue: string;
  isEstimated: boolean;
}

/** Per device, its readings from the given moment on (all when absent), in time order (one statement). */
export async function listReadingsFrom(db: Db, targets: readonly DeviceMoment[]): Promise<Map<string, StoredReading[]>> {
  const readings = new Map<string, StoredReading[]>(targets.map((target) => [target.device.id, []]));
  if (targets.length === 0) return readings;
  const { residenceIds, deviceIds, moments } = momentsOf(targets);
  const result = await sql<{ device_id: string; read_at: Date; index_value: string; is_estimated: boolean }>`
    select readings.device_id, readings.read_at, readings.index_value, readings.is_estimated
    from unnest(${residenceIds}::uuid[], ${deviceIds}::uuid[], ${moments}::timestamptz[]) as target(residence_id, device_id, from_at)
    join readings on readings.residence_id = target.residence_id and readings.device_id = target.device_id and readings.read_at >= target.from_at
    order by readings.device_id, readings.read_at
  `.execute(db);
  for (const row of result.rows) readings.get(row.device_id)!.push({ readAt: row.read_at, indexValue: row.index_value, isEstimated: row.is_estimated });
  return readings;
}

interface DailyRow {
  day: string;
  consumption: string;
  isEstimated: boolean;
  estimateReason: EstimateReason | null;
}

export interface DeviceDays {
  device: DeviceForEngine;
  fluid: Fluid;
  /** Rows of this day and later are replaced by `days`. */
  fromDay: string;
  days: readonly DailyRow[];
}

const DAILY_ROWS_PER_STATEMENT = 20_000;

/** Replaces each device's daily rows from its first recomputed day on (one delete, then inserts of many rows each). */
export async function replaceDailyConsumption(db: Db, devices: readonly DeviceDays[]): Promise<void> {
  if (devices.length === 0) return;
  await sql`
    delete from daily_consumption daily
    using unnest(${devices.map((item) => item.device.id)}::uuid[], ${devices.map((item) => item.fromDay)}::date[]) as changed(device_id, from_day)
    where daily.device_id = changed.device_id and daily.day >= changed.from_day
  `.execute(db);
  const rows = devices.flatMap((item) => item.days.map((day) => ({ item, day })));
  for (let start = 0; start < rows.length; start += DAILY_ROWS_PER_STATEMENT) {
    const chunk = rows.slice(start, start + DAILY_ROWS_PER_STATEMENT);
    await sql`
      insert into daily_consumption (residence_id, dwelling_id, device_id, fluid, unit, day, consumption, is_estimated, estimate_reason)
      select residence_id, dwelling_id, device_id, fluid, unit, day, consumption, is_estimated, estimate_reason
      from unnest(${chunk.map((row) => row.item.device.residenceId)}::uuid[], ${chunk.map((row) => row.item.device.dwellingId)}::uuid[],
                  ${chunk.map((row) => row.item.device.id)}::uuid[], ${chunk.map((row) => row.item.fluid)}::text[],
                  ${chunk.map((row) => row.item.device.unit)}::text[], ${chunk.map((row) => row.day.day)}::date[],
                  ${chunk.map((row) => row.day.consumption)}::numeric[], ${chunk.map((row) => row.day.isEstimated)}::boolean[],
                  ${chunk.map((row) => row.day.estimateReason)}::text[])
        as computed(residence_id, dwelling_id, device_id, fluid, unit, day, consumption, is_estimated, estimate_reason)
    `.execute(db);
  }
}

interface DecreaseRow {
  readAt: Date;
  previousIndex: string;
  indexValue: string;
}

export interface DeviceDecreases {
  device: DeviceForEngine;
  /** Flags after this moment are replaced by `decreases` (all of the device's when absent). */
  after: Date | undefined;
  decreases: readonly DecreaseRow[];
}

/** Replaces each device's index-decrease flags after the first reading recomputed (one delete, one insert). */
export async function replaceIndexDecreases(db: Db, devices: readonly DeviceDecreases[], detectedAt: Date): Promise<void> {
  if (devices.length === 0) return;
  await sql`
    delete from reading_anomalies anomaly
    using unnest(${devices.map((item) => item.device.id)}::uuid[], ${devices.map((item) => (item.after ? item.after.toISOString() : '-infinity'))}::timestamptz[])
      as changed(device_id, after_at)
    where anomaly.device_id = changed.device_id and anomaly.kind = 'index_decrease' and anomaly.read_at > changed.after_at
  `.execute(db);
  const rows = devices.flatMap((item) => item.decreases.map((decrease) => ({ device: item.device, decrease })));
  for (let start = 0; start < rows.length; start += DECREASES_PER_STATEMENT) {
    await insertIndexDecreases(db, rows.slice(start, start + DECREASES_PER_STATEMENT), detectedAt);
  }
}

const DECREASES_PER_STATEMENT = 5_000;

async function insertIndexDecreases(db: Db, rows: ReadonlyArray<{ device: DeviceForEngine; decrease: DecreaseRow }>, detectedAt: Date): Promise<void> {
  await db
    .insertInto('reading_anomalies')
    .values(
      rows.map(({ device, decrease }) => ({
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

/**
 * The ids to rebuild, by the month they are rebuilt from: each group is one plain
 * `id = any(…) and month >= …` statement, which the planner reaches through the index for a few
 * ids and by one sequential scan for all of them (a join on the list would make it hash the
 * whole table). Refresh batches hold a few distinct months; a bulk load holds one.
 */
function byFromMonth(items: readonly AffectedFromMonth[]): Array<{ fromMonth: string; ids: string[] }> {
  const groups = new Map<string, string[]>();
  for (const item of items) {
    const ids = groups.get(item.fromMonth);
    if (ids) ids.push(item.id);
    else groups.set(item.fromMonth, [item.id]);
  }
  return [...groups].map(([fromMonth, ids]) => ({ fromMonth, ids }));
}

/** The bit of a day in its month's 31-bit mask: days counted once whichever devices cover them. */
const dayBit = (day: ReturnType<typeof sql>) => sql`(1::bigint << (extract(day from ${day})::int - 1))`;

/**
 * Rebuilds the monthly totals of the given dwellings from their first changed month on: one
 * aggregate per month group, hashed by dwelling, fluid, unit and month. Days covered and days
 * estimated are the days of the month any of the dwelling's devices of that fluid covers (or
 * estimates), counted as a bit mask per month, so no sort by day is needed. A bulk rebuild of
 * many dwellings wants a work_mem that holds one group per dwelling, fluid and month.
 */
export async function rebuildMonthlyDwellingConsumption(db: Db, dwellings: readonly AffectedFromMonth[]): Promise<void> {
  for (const { fromMonth, ids } of byFromMonth(dwellings)) {
    await sql`
      delete from monthly_dwelling_consumption
      where dwelling_id = any(${ids}::uuid[]) and month >= ${fromMonth}::date
    `.execute(db);
    const day = sql`daily.day`;
    await sql`
      insert into monthly_dwelling_consumption (residence_id, dwelling_id, fluid, unit, month, consumption, days_covered, estimated_days, spike_days)
      select daily.residence_id, daily.dwelling_id, daily.fluid, daily.unit, date_trunc('month', daily.day::timestamp)::date,
             sum(daily.consumption),
             bit_count(bit_or(${dayBit(day)})::bit(64)),
             bit_count(bit_or(case when daily.is_estimated then ${dayBit(day)} else 0::bigint end)::bit(64)),
             bit_count(bit_or(case when daily.estimate_reason = 'spike' then ${dayBit(day)} else 0::bigint end)::bit(64))
      from daily_consumption daily
      where daily.dwelling_id = any(${ids}::uuid[]) and daily.day >= ${fromMonth}::date
      group by daily.residence_id, daily.dwelling_id, daily.fluid, daily.unit, date_trunc('month', daily.day::timestamp)
    `.execute(db);
  }
}

/** Rebuilds the average dwelling of the given residences from their first changed month on, and moves their consumption version. */
export async function rebuildResidenceAverages(db: Db, residences: readonly AffectedFromMonth[]): Promise<void> {
  for (const { fromMonth, ids } of byFromMonth(residences)) {
    await sql`
      delete from monthly_residence_average
      where residence_id = any(${ids}::uuid[]) and month >= ${fromMonth}::date
    `.execute(db);
    await sql`
      insert into monthly_residence_average (residence_id, fluid, unit, month, average_consumption, dwelling_count)
      select monthly.residence_id, monthly.fluid, monthly.unit, monthly.month, round(avg(monthly.consumption), 9), count(*)
      from monthly_dwelling_consumption monthly
      -- A month with an excursion left out would pull the comparison every resident sees.
      where monthly.residence_id = any(${ids}::uuid[]) and monthly.month >= ${fromMonth}::date and monthly.spike_days = 0
      group by monthly.residence_id, monthly.fluid, monthly.unit, monthly.month
    `.execute(db);
  }
  if (residences.length === 0) return;
  await sql`
    update residences set consumption_version = consumption_version + 1
    where id = any(${residences.map((residence) => residence.id)}::uuid[])
  `.execute(db);
}

/** Serialises refreshes that touch the same dwelling's monthly rows, across nodes (one statement, locks in key order). */
export async function lockDwellingsForRefresh(db: Db, dwellingIds: readonly string[]): Promise<void> {
  await takeAdvisoryLocks(db, dwellingIds.map((dwellingId) => `consumption:${dwellingId}`));
}

export async function lockResidencesForRefresh(db: Db, residenceIds: readonly string[]): Promise<void> {
  await takeAdvisoryLocks(db, residenceIds.map((residenceId) => `consumption-average:${residenceId}`));
}

async function takeAdvisoryLocks(db: Db, names: readonly string[]): Promise<void> {
  if (names.length === 0) return;
  await sql`
    select pg_advisory_xact_lock(lock_key)
    from (select distinct hashtextextended(name, 0) as lock_key from unnest(${[...names]}::text[]) as lock(name)) keys
    order by lock_key
  `.execute(db);
}

// ——— Readers ———

export interface ConsumptionRow {
  period: string;
  unit: DeviceUnit;
  consumption: string;
  isEstimated: boolean;
  /** Present on estimated periods only: why (the most telling reason of its days). */
  estimateReason?: EstimateReason;
}

/** The most telling estimate reason of a group of daily rows, in SQL (see moreTellingReason). */
export const groupReason = sql<EstimateReason | null>`case when bool_or(estimate_reason = 'spike') then 'spike' when bool_or(estimate_reason = 'gap') then 'gap'
  when bool_or(is_estimated) then 'estimated_reading' end`;

function withReason(row: { period: string; unit: DeviceUnit; consumption: string; isEstimated: boolean }, reason: EstimateReason | null): ConsumptionRow {
  return reason ? { ...row, estimateReason: reason } : row;
}

export async function selectDwellingDaily(db: Db, dwellingId: string, fluid: Fluid, from: string, to: string): Promise<ConsumptionRow[]> {
  const rows = await db
    .selectFrom('daily_consumption')
    .select((eb) => [
      'day',
      'unit',
      eb.fn.sum<string>('consumption').as('consumption'),
      eb.fn<boolean>('bool_or', ['is_estimated']).as('is_estimated'),
      groupReason.as('reason'),
    ])
    .where('dwelling_id', '=', dwellingId)
    .where('fluid', '=', fluid)
    .where('day', '>=', from)
    .where('day', '<=', to)
    .groupBy(['day', 'unit'])
    .orderBy('day')
    .orderBy('unit')
    .execute();
  return rows.map((row) => withReason({ period: row.day, unit: row.unit, consumption: plain(row.consumption), isEstimated: row.is_estimated }, row.reason));
}

/** A residence's consumption of a fluid per day, all its dwellings' devices of that fluid added up. */
export async function selectResidenceDaily(db: Db, residenceId: string, fluid: Fluid, from: string, to: string): Promise<ConsumptionRow[]> {
  const rows = await db
    .selectFrom('daily_consumption')
    .select((eb) => ['day', 'unit', eb.fn.sum<string>('consumption').as('consumption'), eb.fn<boolean>('bool_or', ['is_estimated']).as('is_estimated')])
    .where('residence_id', '=', residenceId)
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
    .select(['month', 'unit', 'consumption', 'estimated_days', monthReasonOfCounts.as('reason')])
    .where('dwelling_id', '=', dwellingId)
    .where('fluid', '=', fluid)
    .where('month', '>=', fromMonth)
    .where('month', '<=', toMonth)
    .orderBy('month')
    .orderBy('unit')
    .execute();
  return rows.map((row) =>
    withReason(
      { period: row.month, unit: row.unit, consumption: plain(row.consumption), isEstimated: row.estimated_days > 0 },
      row.reason,
    ),
  );
}

export async function selectDeviceDaily(db: Db, deviceId: string, from: string, to: string): Promise<ConsumptionRow[]> {
  const rows = await db
    .selectFrom('daily_consumption')
    .select(['day', 'unit', 'consumption', 'is_estimated', 'estimate_reason'])
    .where('device_id', '=', deviceId)
    .where('day', '>=', from)
    .where('day', '<=', to)
    .orderBy('day')
    .execute();
  return rows.map((row) => withReason({ period: row.day, unit: row.unit, consumption: plain(row.consumption), isEstimated: row.is_estimated }, row.estimate_reason));
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

/**
 * Marks for a full refresh those of `deviceIds` whose daily consumption does not reach from the
 * day of their first reading to the day of their last (a refresh that never ran or never
 * committed); returns how many it marked. A reading at midnight ends the day before.
 */
export async function queueDevicesMissingConsumption(db: Db, deviceIds: readonly string[], queuedAt: Date): Promise<number> {
  if (deviceIds.length === 0) return 0;
  const result = await refreshMarksFrom(
    sql`select span.device_id, span.first_at as changed_from
        from (select device_id, min(read_at) as first_at, max(read_at) as last_at
              from readings where device_id = any(${[...deviceIds]}::uuid[])
              group by device_id having count(*) > 1) as span
        join devices on devices.id = span.device_id
        join residences on residences.id = devices.residence_id
        where not exists (select from daily_consumption covered where covered.device_id = span.device_id
                            and covered.day = (span.first_at at time zone residences.time_zone)::date)
           or not exists (select from daily_consumption covered where covered.device_id = span.device_id
                            and covered.day = ((span.last_at - interval '1 millisecond') at time zone residences.time_zone)::date)`,
    queuedAt,
  ).execute(db);
  return Number(result.numAffectedRows ?? 0n);
}

/** The devices a rebuild covers: all of them, or one residence's (by building code). */
export async function selectDevicesToRebuild(db: Db, buildingCode: string | undefined): Promise<string[]> {
  let query = db.selectFrom('devices').innerJoin('residences', 'residences.id', 'devices.residence_id').select('devices.id');
  if (buildingCode !== undefined) query = query.where('residences.building_code', '=', buildingCode);
  return (await query.execute()).map((row) => row.id);
}

export interface StoredDay {
  deviceId: string;
  day: string;
  consumption: string;
  isEstimated: boolean;
}

export async function selectStoredDays(db: Db, deviceIds: readonly string[]): Promise<StoredDay[]> {
  if (deviceIds.length === 0) return [];
  const result = await sql<{ device_id: string; day: string; consumption: string; is_estimated: boolean }>`
    select device_id, to_char(day, 'YYYY-MM-DD') as day, consumption::text as consumption, is_estimated
    from daily_consumption where device_id = any(${[...deviceIds]}::uuid[])
  `.execute(db);
  return result.rows.map((row) => ({ deviceId: row.device_id, day: row.day, consumption: plain(row.consumption), isEstimated: row.is_estimated }));
}

export interface DeviceExcursions {
  device: DeviceForEngine;
  /** Excursions starting after this moment are replaced by `excursions` (all of the device's when absent). */
  after: Date | undefined;
  excursions: ReadonlyArray<{ kind: 'spike' | 'dip'; startedAt: Date; endedAt: Date; readingCount: number; extremeIndex: string; notBilled: string }>;
}

export async function replaceExcursions(db: Db, devices: readonly DeviceExcursions[], detectedAt: Date): Promise<void> {
  if (devices.length === 0) return;
  await sql`
    delete from consumption_excursions excursion
    using unnest(${devices.map((item) => item.device.id)}::uuid[], ${devices.map((item) => (item.after ? item.after.toISOString() : '-infinity'))}::timestamptz[])
      as changed(device_id, after_at)
    where excursion.device_id = changed.device_id and excursion.started_at > changed.after_at
  `.execute(db);
  const rows = devices.flatMap((item) => item.excursions.map((excursion) => ({ device: item.device, excursion })));
  if (rows.length === 0) return;
  await sql`
    insert into consumption_excursions (residence_id, device_id, kind, started_at, ended_at, reading_count, extreme_index, not_billed, detected_at)
    select residence_id, device_id, kind, started_at, ended_at, reading_count, extreme_index, not_billed, ${detectedAt}::timestamptz
    from unnest(${rows.map((row) => row.device.residenceId)}::uuid[], ${rows.map((row) => row.device.id)}::uuid[], ${rows.map((row) => row.excursion.kind)}::text[],
                ${rows.map((row) => row.excursion.startedAt.toISOString())}::timestamptz[], ${rows.map((row) => row.excursion.endedAt.toISOString())}::timestamptz[],
                ${rows.map((row) => row.excursion.readingCount)}::int[], ${rows.map((row) => row.excursion.extremeIndex)}::numeric[],
                ${rows.map((row) => row.excursion.notBilled)}::numeric[])
      as found(residence_id, device_id, kind, started_at, ended_at, reading_count, extreme_index, not_billed)
    on conflict (device_id, started_at) do nothing
  `.execute(db);
}

/** A reading refused at ingest because another index is stored for the same device and moment. */
export interface ConflictRow {
  residenceId: string;
  deviceId: string;
  at: number;
  storedIndex: string | null;
  refusedIndex: string;
}

export async function recordConflictingDuplicates(db: Db, conflicts: readonly ConflictRow[], detectedAt: Date): Promise<void> {
  const chunkSize = 5_000;
  for (let start = 0; start < conflicts.length; start += chunkSize) {
    await db
      .insertInto('reading_anomalies')
      .values(
        conflicts.slice(start, start + chunkSize).map((conflict) => ({
          residence_id: conflict.residenceId,
          device_id: conflict.deviceId,
          kind: 'conflicting_duplicate' as const,
          read_at: new Date(conflict.at),
          previous_index: conflict.storedIndex,
          index_value: conflict.refusedIndex,
          detected_at: detectedAt,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['device_id', 'kind', 'read_at']).doUpdateSet((eb) => ({
          previous_index: eb.ref('excluded.previous_index'),
          index_value: eb.ref('excluded.index_value'),
          detected_at: eb.ref('excluded.detected_at'),
        })),
      )
      .execute();
  }
}

/** How many devices wait for a refresh, and since when the oldest mark waits: for the metrics (the queue drains, so it stays small). */
export async function findRefreshQueueState(db: Db): Promise<{ marks: number; oldestQueuedAt: Date | null }> {
  const row = await db
    .selectFrom('consumption_refresh_queue')
    .select((eb) => [eb.fn.countAll<number>().as('marks'), eb.fn.min('queued_at').as('oldest')])
    .executeTakeFirstOrThrow();
  return { marks: Number(row.marks), oldestQueuedAt: row.oldest === null ? null : new Date(row.oldest as Date) };
}
