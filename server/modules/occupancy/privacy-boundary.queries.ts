import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

/**
 * The privacy boundary (SPEC §3, step 3): no one ever sees a consumption of a dwelling from
 * before the later of the resident's attested move-in date and the dwelling's last known
 * change of occupant — a change recorded by the operator or the manager, or another
 * account's move-out or closure (as a day in the residence's time zone). A change a resident
 * recorded themselves (their own move-out or account deletion: it starts on the next
 * occupant's first day) bounds everyone else's history, never their own.
 */

/**
 * The earliest move-in date a new occupant may attest: the day the dwelling last changed hands.
 * A change a resident recorded (their account's deletion, their declared move-out) is dated the
 * day after their last day, and the new occupant may have arrived on that last day itself: the
 * handover day. Attesting it opens nothing of the previous occupant's: the new resident's
 * boundary (below) is the instant of the change, within that day.
 */
export async function findEarliestMoveInDay(db: Kysely<Database>, dwellingId: string): Promise<string | null> {
  const result = await sql<{ earliest: string | null }>`
    select greatest(
      (select max(case when recorded_by_user_id is null then changed_on else changed_on - 1 end) from occupant_changes
         where dwelling_id = ${dwellingId}),
      (select max(profiles.moved_out_on) from resident_profiles profiles
         join users on users.id = profiles.user_id
         where users.dwelling_id = ${dwellingId}),
      -- The last day the account was open: a move-out's closure falls at midnight after it.
      (select max(((users.closed_at - interval '1 microsecond') at time zone residences.time_zone)::date) from users
         join dwellings on dwellings.id = users.dwelling_id
         join residences on residences.id = dwellings.residence_id
         where users.dwelling_id = ${dwellingId})
    )::text as earliest`.execute(db);
  return result.rows[0]?.earliest ?? null;
}

/**
 * The boundary of the resident row `users` (with its `profiles` and `residences`) of the
 * enclosing query, as an instant: the one expression behind the two functions below, and
 * behind the session lookup, which reads it with a resident's dwelling
 * (resident-dwelling.queries.ts). A day (move-in, a change recorded by staff or a manager, the
 * day after a move-out) starts at its midnight; an account's closure, and the change its
 * holder recorded with it, bound at the instant it closed, so a new occupant sees the handover
 * day from that instant on.
 */
export const residentBoundary = sql<Date | string>`greatest(
        profiles.moved_in_on::timestamp at time zone residences.time_zone,
        (select max(case when recorder.role = 'resident'
                    then least(changes.changed_on::timestamp at time zone residences.time_zone, recorder.closed_at)
                    else changes.changed_on::timestamp at time zone residences.time_zone end)
           from occupant_changes changes
           left join users recorder on recorder.id = changes.recorded_by_user_id
           where changes.dwelling_id = users.dwelling_id and changes.recorded_by_user_id is distinct from users.id),
        (select (max(others.moved_out_on) + 1)::timestamp at time zone residences.time_zone from resident_profiles others
           join users other_users on other_users.id = others.user_id
           where other_users.dwelling_id = users.dwelling_id and other_users.id <> users.id),
        (select max(other_users.closed_at) from users other_users
           where other_users.dwelling_id = users.dwelling_id and other_users.id <> users.id)
      )`;

/** A boundary instant and the day it falls on in the residence's zone (partial when the instant is not its midnight). */
export interface PrivacyBoundary {
  at: Date;
  day: string;
}

/** The first day a resident may see, from the same instant: the day it falls on. */
export const residentBoundaryDay = sql<string>`((${residentBoundary}) at time zone residences.time_zone)::date::text`;

/** Where a resident's history starts; null when the account is not active. One statement. */
export async function findResidentPrivacyBoundary(db: Kysely<Database>, userId: string): Promise<PrivacyBoundary | null> {
  const result = await sql<{ boundary_at: Date | string | null; boundary_day: string | null }>`
    select ${residentBoundary} as boundary_at, ${residentBoundaryDay} as boundary_day
    from users
    join resident_profiles profiles on profiles.user_id = users.id
    join dwellings on dwellings.id = users.dwelling_id
    join residences on residences.id = dwellings.residence_id
    where users.id = ${userId} and users.closed_at is null`.execute(db);
  const row = result.rows[0];
  return row?.boundary_at && row.boundary_day ? { at: new Date(row.boundary_at), day: row.boundary_day } : null;
}

/**
 * The same boundary for every active resident at once (set-based, for the nightly alert
 * detection): one row per dwelling with an active resident account, optionally within some
 * residences.
 */
export async function selectActiveResidentBoundaries(
  db: Kysely<Database>,
  residenceIds: readonly string[] | null,
): Promise<Array<{ dwelling_id: string; user_id: string; boundary_day: string }>> {
  const result = await sql<{ dwelling_id: string; user_id: string; boundary_day: string }>`
    -- The first whole day: the monthly detection never counts a handover day's morning.
    select users.dwelling_id, users.id as user_id,
      ((((${residentBoundary}) - interval '1 microsecond') at time zone residences.time_zone)::date + 1)::text as boundary_day
    from users
    join resident_profiles profiles on profiles.user_id = users.id
    join dwellings on dwellings.id = users.dwelling_id
    join residences on residences.id = dwellings.residence_id
    where users.role = 'resident' and users.closed_at is null
      and (${residenceIds === null}::boolean or dwellings.residence_id = any(${residenceIds ?? []}::uuid[]))`.execute(db);
  return result.rows;
}
