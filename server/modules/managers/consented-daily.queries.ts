import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

/** A dwelling with its residence's time zone and, when there is one, its active resident's consent. */
export async function selectDwellingForManager(db: Kysely<Database>, dwellingId: string) {
  return db
    .selectFrom('dwellings')
    .innerJoin('residences', 'residences.id', 'dwellings.residence_id')
    .leftJoin('users', (join) => join.onRef('users.dwelling_id', '=', 'dwellings.id').on('users.closed_at', 'is', null))
    .leftJoin('resident_profiles', 'resident_profiles.user_id', 'users.id')
    .select([
      'dwellings.id',
      'dwellings.residence_id',
      'dwellings.client_number',
      'dwellings.dwelling_code',
      'dwellings.building',
      'dwellings.staircase',
      'dwellings.floor',
      'residences.building_code',
      'residences.time_zone',
      'users.id as resident_user_id',
      'resident_profiles.manager_may_see_daily',
    ])
    .where('dwellings.id', '=', dwellingId)
    .executeTakeFirst();
}

export async function selectDwellingFluids(db: Kysely<Database>, dwellingId: string) {
  const rows = await db
    .selectFrom('devices')
    .select('kind')
    .distinct()
    .where('dwelling_id', '=', dwellingId)
    .execute();
  return rows.map((row) => row.kind);
}

export async function selectTodayInZone(db: Kysely<Database>, timeZone: string, now: Date): Promise<string> {
  const { rows } = await sql<{ today: string }>`select ((${now}::timestamptz at time zone ${timeZone})::date)::text as today`.execute(db);
  return rows[0]!.today;
}
