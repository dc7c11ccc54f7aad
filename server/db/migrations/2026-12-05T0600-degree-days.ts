import type { Kysely } from 'kysely';
import { executeStatements } from '../execute-statements.ts';

/**
 * Heating at equal climate (issue 23): heating degree days (base 18 °C, Météo-France's method)
 * per weather station and day, and the station each residence is tied to. The tie lives in its
 * own table rather than a column of `residences`, so the climate module owns every row it writes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, [
    `create table weather_stations (
      code text primary key check (code ~ '^[0-9A-Za-z_-]{1,20}$'),
      created_at timestamptz not null default now()
    )`,
    `create table station_degree_days (
      station_code text not null references weather_stations(code),
      day date not null,
      degree_days numeric(6, 2) not null check (degree_days >= 0),
      minimum_temperature numeric(4, 1),
      maximum_temperature numeric(4, 1),
      imported_at timestamptz not null,
      primary key (station_code, day)
    )`,
    `create table residence_weather_stations (
      residence_id uuid primary key references residences(id),
      station_code text not null references weather_stations(code),
      tied_at timestamptz not null
    )`,
  ]);
}
