import { sql, type Kysely } from 'kysely';
import type { Database, Fluid } from '../../db/schema.ts';

type Db = Kysely<Database>;

/** The resident's dwelling and residence, as the consumption views need them. */
export async function selectResidentDwelling(db: Db, userId: string) {
  return db
    .selectFrom('users')
    .innerJoin('dwellings', 'dwellings.id', 'users.dwelling_id')
    .innerJoin('residences', 'residences.id', 'dwellings.residence_id')
    .select([
      'users.id as user_id',
      'dwellings.id as dwelling_id',
      'dwellings.client_number',
      'dwellings.building',
      'dwellings.staircase',
      'dwellings.floor',
      'dwellings.dwelling_code',
      'residences.id as residence_id',
      'residences.name as residence_name',
      'residences.building_code',
      'residences.street',
      'residences.postal_code',
      'residences.city',
      'residences.time_zone',
    ])
    .where('users.id', '=', userId)
    .where('users.closed_at', 'is', null)
    .executeTakeFirst();
}

/** The fluids and units of the dwelling's devices, current or past. */
export async function selectDwellingFluidUnits(db: Db, dwellingId: string) {
  return db
    .selectFrom('devices')
    .select(['kind', 'unit'])
    .distinct()
    .where('dwelling_id', '=', dwellingId)
    .execute();
}

export async function selectLastDayWithData(db: Db, dwellingId: string, fluid: Fluid): Promise<string | null> {
  const row = await db
    .selectFrom('daily_consumption')
    .select((eb) => eb.fn.max('day').as('last_day'))
    .where('dwelling_id', '=', dwellingId)
    .where('fluid', '=', fluid)
    .executeTakeFirst();
  return row?.last_day ?? null;
}

/** Total and estimated flag of a fluid between two days (inclusive). */
export async function sumDailyConsumption(db: Db, dwellingId: string, fluid: Fluid, fromDay: string, toDay: string) {
  const row = await db
    .selectFrom('daily_consumption')
    .select((eb) => [
      eb.fn.coalesce(eb.fn.sum<string>('consumption'), sql<string>`0`).as('total'),
      eb.fn.coalesce(eb.fn<boolean>('bool_or', ['is_estimated']), sql<boolean>`false`).as('is_estimated'),
      eb.fn.countAll<number>().as('day_count'),
    ])
    .where('dwelling_id', '=', dwellingId)
    .where('fluid', '=', fluid)
    .where('day', '>=', fromDay)
    .where('day', '<=', toDay)
    .executeTakeFirstOrThrow();
  return { total: Number(row.total), isEstimated: row.is_estimated, dayCount: Number(row.day_count) };
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

/** Whether one of the dwelling's devices of these kinds sent at least `minimum` readings in the span: an hourly profile. */
export async function hasReadingsPerDevice(db: Db, scope: { residenceId: string; dwellingId: string }, kinds: readonly string[], from: Date, to: Date, minimum: number): Promise<boolean> {
  const row = await db
    .selectFrom('devices')
    .select((eb) =>
      eb
        .selectFrom('readings')
        .select(eb.fn.countAll<string>().as('count'))
        .where('readings.residence_id', '=', scope.residenceId)
        .whereRef('readings.device_id', '=', 'devices.id')
        .where('readings.read_at', '>=', from)
        .where('readings.read_at', '<', to)
        .as('reading_count'),
    )
    .where('devices.dwelling_id', '=', scope.dwellingId)
    .where('devices.kind', 'in', kinds as never)
    .execute();
  return row.some((device) => Number(device.reading_count) >= minimum);
}
