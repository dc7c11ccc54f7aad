import { sql, type Kysely } from 'kysely';
import type { Database, DeviceKind, DeviceUnit, EstimateReason, Fluid } from '../../db/schema.ts';
import { estimateReasonOfDays, monthReasonOfCounts } from '../consumption/consumption.service.ts';

type Db = Kysely<Database>;

export async function selectLastDayWithData(db: Db, dwellingId: string, fluid: Fluid): Promise<string | null> {
  const row = await db
    .selectFrom('daily_consumption')
    .select((eb) => eb.fn.max('day').as('last_day'))
    .where('dwelling_id', '=', dwellingId)
    .where('fluid', '=', fluid)
    .executeTakeFirst();
  return row?.last_day ?? null;
}

/** Readings of the dwelling's devices of one fluid between two moments, for hourly views. */
export async function selectReadingsBetween(db: Db, scope: { residenceId: string; dwellingId: string }, kinds: readonly string[], from: Date, to: Date) {
  return db
    .selectFrom('readings')
    .innerJoin('devices', 'devices.id', 'readings.device_id')
    .select(['readings.device_id', 'readings.read_at', 'readings.index_value', 'readings.is_estimated'])
    .where('readings.residence_id', '=', scope.residenceId)
    .where('devices.dwelling_id', '=', scope.dwellingId)
    .where('devices.kind', 'in', kinds as never)
    .where('readings.read_at', '>=', from)
    .where('readings.read_at', '<=', to)
    .orderBy('readings.device_id')
    .orderBy('readings.read_at')
    .execute();
}

export type DashboardRow =
  | { part: 'month' | 'average' | 'day'; fluid: Fluid; unit: DeviceUnit; period: string; value: string; flag: boolean; reason: EstimateReason | null }
  | { part: 'partial'; fluid: Fluid; unit: DeviceUnit; period: null; value: string; flag: boolean; reason: EstimateReason | null }
  | { part: 'readings_last_day'; fluid: DeviceKind; unit: DeviceUnit; period: null; value: string; flag: boolean; reason: null };

/**
 * Everything the dashboard reads, for every fluid of the dwelling, in one round trip: its
 * monthly totals, the residence's average dwelling, the recent days, the boundary month's own
 * days (when the boundary falls within a month), and for each device how many readings it
 * sent in the 24 hours before its last one (an hourly profile or not). Each part reads its
 * table by its primary key or dwelling index.
 */
export async function selectDashboardRows(
  db: Db,
  input: {
    dwellingId: string;
    residenceId: string;
    fromMonth: string;
    /** The residence's averages only for the months shown. */
    averagesFromMonth: string;
    toMonth: string;
    recent: { from: string; to: string } | null;
    partial: { from: string; to: string } | null;
  },
): Promise<DashboardRow[]> {
  const { dwellingId, residenceId, fromMonth, averagesFromMonth, toMonth, recent, partial } = input;
  const result = await sql<DashboardRow>`
    select 'month' as part, fluid, unit, month::text as period, consumption::text as value, estimated_days > 0 as flag, ${monthReasonOfCounts} as reason
      from monthly_dwelling_consumption
      where dwelling_id = ${dwellingId} and month >= ${fromMonth} and month <= ${toMonth}
    union all
    select 'average', fluid, unit, month::text, average_consumption::text, false, null
      from monthly_residence_average
      where residence_id = ${residenceId} and month >= ${averagesFromMonth} and month <= ${toMonth}
    union all
    select 'day', fluid, unit, day::text, sum(consumption)::text, bool_or(is_estimated), ${estimateReasonOfDays}
      from daily_consumption
      where ${recent !== null} and dwelling_id = ${dwellingId} and day >= ${recent?.from ?? toMonth} and day <= ${recent?.to ?? toMonth}
      group by fluid, unit, day
    union all
    select 'partial', fluid, unit, null, sum(consumption)::text, bool_or(is_estimated), ${estimateReasonOfDays}
      from daily_consumption
      where ${partial !== null} and dwelling_id = ${dwellingId} and day >= ${partial?.from ?? toMonth} and day <= ${partial?.to ?? toMonth}
      group by fluid, unit
    union all
    select 'readings_last_day', devices.kind, devices.unit, null, last_day.count::text, false, null
      from devices
      cross join lateral (
        select count(*) as count from readings
        where readings.residence_id = ${residenceId} and readings.device_id = devices.id
          and readings.read_at > (select max(read_at) from readings latest where latest.residence_id = ${residenceId} and latest.device_id = devices.id) - interval '1 day'
      ) last_day
      where devices.dwelling_id = ${dwellingId}
    order by part, fluid, period`.execute(db);
  return result.rows;
}

/**
 * Per device of the dwelling (current or past), its consumption summed over the days from
 * `from` to `to`, and whether any of them is estimated: the meter totals Home Assistant reads.
 */
export async function selectDeviceTotals(db: Db, scope: { residenceId: string; dwellingId: string }, from: string, to: string) {
  return db
    .selectFrom('devices')
    .leftJoin('daily_consumption', (join) =>
      join.onRef('daily_consumption.device_id', '=', 'devices.id').on('daily_consumption.day', '>=', from).on('daily_consumption.day', '<=', to),
    )
    .select((eb) => [
      'devices.id',
      'devices.serial_number',
      'devices.kind',
      'devices.unit',
      'devices.location',
      eb.fn.coalesce(eb.fn.sum<string>('daily_consumption.consumption'), sql<string>`0`).as('total'),
      eb.fn.coalesce(eb.fn('bool_or', [eb.ref('daily_consumption.is_estimated')]), sql<boolean>`false`).as('is_estimated'),
    ])
    .where('devices.residence_id', '=', scope.residenceId)
    .where('devices.dwelling_id', '=', scope.dwellingId)
    .where('devices.is_in_common_area', '=', false)
    .groupBy('devices.id')
    .orderBy('devices.kind')
    .orderBy('devices.serial_number')
    .execute() as Promise<Array<{ id: string; serial_number: string; kind: DeviceKind; unit: DeviceUnit; location: string; total: string; is_estimated: boolean }>>;
}
