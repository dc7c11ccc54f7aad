import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../../db/schema.ts';

export interface DegreeDayInsert {
  station_code: string;
  day: string;
  degree_days: string;
  minimum_temperature: string | null;
  maximum_temperature: string | null;
  imported_at: Date;
}

export async function insertStations(db: Kysely<Database>, codes: string[]): Promise<void> {
  if (codes.length === 0) return;
  await db.insertInto('weather_stations').values(codes.map((code) => ({ code }))).onConflict((conflict) => conflict.column('code').doNothing()).execute();
}

/** Counts the days of the batch already stored, before they are replaced. */
export async function countStoredDays(db: Kysely<Database>, station: string, days: string[]): Promise<number> {
  if (days.length === 0) return 0;
  const row = await db
    .selectFrom('station_degree_days')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('station_code', '=', station)
    .where('day', 'in', days)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** A day imported again replaces the stored one (a corrected Météo-France value, a re-run). */
export async function upsertDegreeDays(db: Kysely<Database>, rows: DegreeDayInsert[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('station_degree_days')
    .values(rows)
    .onConflict((conflict) =>
      conflict.columns(['station_code', 'day']).doUpdateSet((eb) => ({
        degree_days: eb.ref('excluded.degree_days'),
        minimum_temperature: eb.ref('excluded.minimum_temperature'),
        maximum_temperature: eb.ref('excluded.maximum_temperature'),
        imported_at: eb.ref('excluded.imported_at'),
      })),
    )
    .execute();
}

/** Moves the stations' degree-day version on: a heating comparison cached under the old one is not read again. */
export async function bumpDegreeDayVersions(db: Kysely<Database>, codes: string[]): Promise<void> {
  if (codes.length === 0) return;
  await sql`update weather_stations set degree_days_version = degree_days_version + 1 where code = any(${codes}::text[])`.execute(db);
}

export async function selectStations(db: Kysely<Database>) {
  return db
    .selectFrom('weather_stations as s')
    .leftJoin('station_degree_days as d', 'd.station_code', 's.code')
    .select((eb) => ['s.code', eb.fn.count<string>('d.day').as('days'), eb.fn.min('d.day').as('first_day'), eb.fn.max('d.day').as('last_day')])
    .groupBy('s.code')
    .orderBy('s.code')
    .execute();
}

export async function isKnownStation(db: Kysely<Database>, code: string): Promise<boolean> {
  return (await db.selectFrom('weather_stations').select('code').where('code', '=', code).executeTakeFirst()) !== undefined;
}

export async function isKnownResidence(db: Kysely<Database>, residenceId: string): Promise<boolean> {
  return (await db.selectFrom('residences').select('id').where('id', '=', residenceId).executeTakeFirst()) !== undefined;
}

export async function findResidenceStation(db: Kysely<Database>, residenceId: string): Promise<string | undefined> {
  const row = await db.selectFrom('residence_weather_stations').select('station_code').where('residence_id', '=', residenceId).executeTakeFirst();
  return row?.station_code;
}

/** The residence's station with its degree-day version, in one look-up. */
export async function findResidenceStationVersion(db: Kysely<Database>, residenceId: string) {
  return db
    .selectFrom('residence_weather_stations as tie')
    .innerJoin('weather_stations as station', 'station.code', 'tie.station_code')
    .select(['station.code', sql<string>`station.degree_days_version::text`.as('version')])
    .where('tie.residence_id', '=', residenceId)
    .executeTakeFirst();
}

export async function upsertResidenceStation(db: Kysely<Database>, residenceId: string, station: string, at: Date): Promise<void> {
  await db
    .insertInto('residence_weather_stations')
    .values({ residence_id: residenceId, station_code: station, tied_at: at })
    .onConflict((conflict) => conflict.column('residence_id').doUpdateSet({ station_code: station, tied_at: at }))
    .execute();
}

export async function deleteResidenceStation(db: Kysely<Database>, residenceId: string): Promise<void> {
  await db.deleteFrom('residence_weather_stations').where('residence_id', '=', residenceId).execute();
}

/** Per month (its first day) between two days: the sum of the station's degree days in hundredths and how many days it has. */
export async function selectMonthlyDegreeDays(db: Kysely<Database>, station: string, fromDay: string, toDay: string) {
  const month = sql<string>`to_char(date_trunc('month', day), 'YYYY-MM-DD')`;
  return db
    .selectFrom('station_degree_days')
    .select([month.as('month'), sql<string>`sum(round(degree_days * 100))`.as('hundredths'), sql<string>`count(*)`.as('days')])
    .where('station_code', '=', station)
    .where('day', '>=', fromDay)
    .where('day', '<=', toDay)
    .groupBy(month)
    .execute();
}
