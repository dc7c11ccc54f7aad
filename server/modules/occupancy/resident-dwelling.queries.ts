import { sql, type Kysely } from 'kysely';
import type { Database, DeviceKind, DeviceUnit } from '../../db/schema.ts';
import type { ResidentDwelling } from '../../http/caller.ts';
import { residentBoundary, residentBoundaryDay } from './privacy-boundary.queries.ts';

/**
 * The dwelling an active resident account may read, as every request of theirs needs it: the
 * dwelling and its residence, the kinds and units of its devices (current or past), the
 * residence's consumption version, and the resident's privacy boundary. The session lookup
 * reads it in the same statement as the session (one round trip per request). `userIdColumn`
 * is the enclosing statement's column holding the account's id.
 */
export function residentDwellingOf(db: Kysely<Database>, userIdColumn: string) {
  return db
    .selectFrom('users')
    .innerJoin('resident_profiles as profiles', 'profiles.user_id', 'users.id')
    .innerJoin('dwellings', 'dwellings.id', 'users.dwelling_id')
    .innerJoin('residences', 'residences.id', 'dwellings.residence_id')
    .select([
      residentBoundary.as('boundary_at'),
      residentBoundaryDay.as('boundary_day'),
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
      sql<string>`residences.consumption_version::text`.as('consumption_version'),
      // [kind, unit] pairs (cheaper to build than objects, on every request).
      sql<string[][] | null>`(select array_agg(array[kind, unit]) from devices where devices.dwelling_id = dwellings.id)`.as('device_units'),
    ])
    .where('users.id', '=', sql.ref<string>(userIdColumn))
    .where('users.role', '=', 'resident')
    .where('users.closed_at', 'is', null);
}

type ResidentDwellingRow = Awaited<ReturnType<ReturnType<typeof residentDwellingOf>['executeTakeFirstOrThrow']>>;

/** Defined by the platform (the guards read it). */

/** Null while the resident has no boundary yet (no move-in date): they may read nothing. */
export function toResidentDwelling(row: ResidentDwellingRow): ResidentDwelling | null {
  if (!row.boundary_at || !row.boundary_day) return null;
  return {
    dwellingId: row.dwelling_id,
    residenceId: row.residence_id,
    timeZone: row.time_zone,
    boundaryAt: new Date(row.boundary_at).toISOString(),
    boundaryDay: row.boundary_day,
    consumptionVersion: row.consumption_version,
    deviceUnits: (row.device_units ?? []).map(([kind, unit]) => ({ kind: kind as DeviceKind, unit: unit as DeviceUnit })),
    dwelling: { clientNumber: row.client_number, building: row.building, staircase: row.staircase, floor: row.floor, dwellingCode: row.dwelling_code },
    residence: { name: row.residence_name, buildingCode: row.building_code, street: row.street, postalCode: row.postal_code, city: row.city },
  };
}
