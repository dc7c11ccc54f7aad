import { sql, type Kysely } from 'kysely';
import type { Database, DeviceKind, DeviceUnit } from '../../db/schema.ts';
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

/** A resident's dwelling, as their requests read it (see residentDwellingOf). */
export interface ResidentDwelling {
  dwellingId: string;
  residenceId: string;
  timeZone: string;
  /** The instant this resident's history starts (SPEC §3 step 3), ISO 8601. */
  boundaryAt: string;
  /** The day it falls on in the residence's zone: the first day this resident may see, partly when it starts after its midnight. */
  boundaryDay: string;
  /** What the consumption engine last wrote for the residence (see the dashboard cache). */
  consumptionVersion: string;
  deviceUnits: Array<{ kind: DeviceKind; unit: DeviceUnit }>;
  dwelling: { clientNumber: string; building: string; staircase: string; floor: string; dwellingCode: string };
  residence: { name: string | null; buildingCode: string; street: string; postalCode: string; city: string };
}

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
