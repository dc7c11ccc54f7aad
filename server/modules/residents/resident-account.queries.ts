import { sql, type Insertable, type Kysely, type Updateable } from 'kysely';
import type { Database, ResidentProfilesTable } from '../../db/schema.ts';

type Db = Kysely<Database>;

/** The resident's account and profile, as the settings and the personal data export show them. */
export async function selectResidentAccount(db: Db, userId: string) {
  return db
    .selectFrom('users')
    .innerJoin('resident_profiles', 'resident_profiles.user_id', 'users.id')
    .select([
      'users.id',
      'users.email',
      'users.locale',
      'users.created_at',
      'users.dwelling_id',
      'resident_profiles.residence_id',
      'resident_profiles.civility',
      'resident_profiles.last_name',
      'resident_profiles.first_name',
      'resident_profiles.mobile_e164',
      'resident_profiles.is_owner',
      'resident_profiles.council_member',
      'resident_profiles.notify_leak_by_email',
      'resident_profiles.notify_leak_by_sms',
      'resident_profiles.notify_overconsumption',
      'resident_profiles.manager_may_see_daily',
      'resident_profiles.privacy_consent_at',
      'resident_profiles.privacy_policy_version',
      'resident_profiles.newsletter_consent_at',
      'resident_profiles.newsletter_policy_version',
      'resident_profiles.moved_in_on',
      'resident_profiles.moved_out_on',
    ])
    .where('users.id', '=', userId)
    .where('users.closed_at', 'is', null)
    .executeTakeFirst();
}

export type ResidentAccountRow = NonNullable<Awaited<ReturnType<typeof selectResidentAccount>>>;

export async function updateResidentProfile(db: Db, userId: string, values: Updateable<ResidentProfilesTable>): Promise<void> {
  await db.updateTable('resident_profiles').set(values).where('user_id', '=', userId).execute();
}

/** Locks the account row: one email change, deletion or move-out of an account at a time. */
export async function lockResidentAccount(db: Db, userId: string) {
  return db
    .selectFrom('users')
    .select(['id', 'email', 'dwelling_id'])
    .where('id', '=', userId)
    .where('closed_at', 'is', null)
    .forUpdate()
    .executeTakeFirst();
}

/** Where an open resident account lives (its dwelling, residence and time zone), locking the user row; undefined when closed or unknown. */
export async function lockOpenResidentPlace(db: Db, userId: string) {
  return db
    .selectFrom('users')
    .innerJoin('resident_profiles', 'resident_profiles.user_id', 'users.id')
    .innerJoin('residences', 'residences.id', 'resident_profiles.residence_id')
    .select(['users.id', 'users.email', 'users.dwelling_id', 'resident_profiles.residence_id', 'residences.time_zone'])
    .where('users.id', '=', userId)
    .where('users.role', '=', 'resident')
    .where('users.closed_at', 'is', null)
    .forUpdate(['users'])
    .executeTakeFirst();
}

export async function isEmailUsedByAnotherActiveResident(db: Db, email: string, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom('users')
    .select('id')
    .where('role', '=', 'resident')
    .where(sql<string>`lower(email)`, '=', email.toLowerCase())
    .where('closed_at', 'is', null)
    .where('id', '<>', userId)
    .executeTakeFirst();
  return row !== undefined;
}

export async function countEmailChangeCodesSince(db: Db, scope: { userId: string } | { email: string }, since: Date) {
  const row = await db
    .selectFrom('email_change_codes')
    .select((eb) => [eb.fn.countAll<number>().as('count'), eb.fn.min('created_at').as('oldest')])
    .where('created_at', '>', since)
    .$if('userId' in scope, (query) => query.where('user_id', '=', (scope as { userId: string }).userId))
    .$if('email' in scope, (query) => query.where(sql`lower(new_email)`, '=', (scope as { email: string }).email.toLowerCase()))
    .executeTakeFirstOrThrow();
  return { count: Number(row.count), oldest: row.oldest ? new Date(row.oldest) : null };
}

export async function cancelLiveEmailChangeCodes(db: Db, userId: string, now: Date): Promise<void> {
  await db
    .updateTable('email_change_codes')
    .set({ cancelled_at: now })
    .where('user_id', '=', userId)
    .where('consumed_at', 'is', null)
    .where('cancelled_at', 'is', null)
    .execute();
}

export async function insertEmailChangeCode(
  db: Db,
  values: { userId: string; newEmail: string; codeHash: Buffer; keyId: string; now: Date; expiresAt: Date },
): Promise<string> {
  const row = await db
    .insertInto('email_change_codes')
    .values({ user_id: values.userId, new_email: values.newEmail, code_hash: values.codeHash, key_id: values.keyId, created_at: values.now, expires_at: values.expiresAt })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function findLiveEmailChangeCode(db: Db, userId: string) {
  return db
    .selectFrom('email_change_codes')
    .select(['id', 'new_email', 'code_hash', 'failed_tries', 'expires_at'])
    .where('user_id', '=', userId)
    .where('consumed_at', 'is', null)
    .where('cancelled_at', 'is', null)
    .executeTakeFirst();
}

export async function recordEmailChangeFailedTry(db: Db, codeId: string): Promise<number> {
  const row = await db
    .updateTable('email_change_codes')
    .set((eb) => ({ failed_tries: eb('failed_tries', '+', 1) }))
    .where('id', '=', codeId)
    .returning('failed_tries')
    .executeTakeFirstOrThrow();
  return row.failed_tries;
}

export async function consumeEmailChangeCode(db: Db, codeId: string, now: Date): Promise<void> {
  await db.updateTable('email_change_codes').set({ consumed_at: now }).where('id', '=', codeId).execute();
}

/** The account's sessions, without their keyed ids. */
export async function selectSessionsOfUser(db: Db, userId: string) {
  return db
    .selectFrom('sessions')
    .select(['id_hash', 'created_at', 'last_seen_at', 'expires_at', 'client_address', 'user_agent'])
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .execute();
}

/** Audit events the resident did or that were about their account. */
export async function selectAuditEventsAbout(db: Db, userId: string) {
  return db
    .selectFrom('audit_events')
    .select(['occurred_at', 'action', 'actor_role', 'target_type', 'target_id', 'client_address', 'details'])
    .where((eb) => eb.or([eb('actor_user_id', '=', userId), eb.and([eb('target_type', '=', 'user'), eb('target_id', '=', userId)])]))
    .orderBy('occurred_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1000)
    .execute();
}

/**
 * Wipes what identifies the person in their profile (names, phone, notification choices) and
 * their pending email change codes, once their account closes. The profile itself stays, so the
 * privacy boundary of the next occupant still holds.
 */
export async function anonymiseResidentProfile(db: Db, userId: string): Promise<void> {
  await db
    .updateTable('resident_profiles')
    .set({ last_name: '-', first_name: '-', mobile_e164: null, notify_leak_by_email: false, notify_leak_by_sms: false, notify_overconsumption: false, manager_may_see_daily: false })
    .where('user_id', '=', userId)
    .execute();
  await db.deleteFrom('email_change_codes').where('user_id', '=', userId).execute();
}

export async function insertOccupantChange(db: Db, values: { residenceId: string; dwellingId: string; changedOn: string; recordedByUserId: string; note: string }) {
  await db
    .insertInto('occupant_changes')
    .values({ residence_id: values.residenceId, dwelling_id: values.dwellingId, changed_on: values.changedOn, recorded_by_user_id: values.recordedByUserId, note: values.note })
    .execute();
}

/** A resident's own move-out declaration replaces the one they made before. */
export async function deleteOccupantChangesRecordedBy(db: Db, userId: string, dwellingId: string): Promise<void> {
  await db.deleteFrom('occupant_changes').where('recorded_by_user_id', '=', userId).where('dwelling_id', '=', dwellingId).execute();
}

/** Residents whose declared move-out day is over in their residence's zone, still open. */
export async function selectResidentsPastMoveOut(db: Db, now: Date, userId?: string) {
  return db
    .selectFrom('users')
    .innerJoin('resident_profiles', 'resident_profiles.user_id', 'users.id')
    .innerJoin('residences', 'residences.id', 'resident_profiles.residence_id')
    .select(['users.id', 'users.dwelling_id', 'resident_profiles.residence_id', 'resident_profiles.moved_out_on', 'residences.time_zone'])
    .where('users.closed_at', 'is', null)
    .where('resident_profiles.moved_out_on', 'is not', null)
    .where(sql<boolean>`resident_profiles.moved_out_on < (${now}::timestamptz at time zone residences.time_zone)::date`)
    .$if(userId !== undefined, (query) => query.where('users.id', '=', userId!))
    .execute();
}

export async function insertResidentProfile(db: Db, profile: Insertable<ResidentProfilesTable>): Promise<void> {
  await db.insertInto('resident_profiles').values(profile).execute();
}
