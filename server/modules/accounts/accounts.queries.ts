import { sql, type Kysely } from 'kysely';
import type { Database, UserRole } from '../../db/schema.ts';

/** The active account of that role and address (case-insensitive), with its password hash. */
export function findActiveAccountByEmail(db: Kysely<Database>, role: UserRole, email: string) {
  return db
    .selectFrom('users')
    .select(['id', 'role', 'email', 'password_hash', 'locale'])
    .where('role', '=', role)
    .where(sql<string>`lower(email)`, '=', email.toLowerCase())
    .where('closed_at', 'is', null)
    .executeTakeFirst();
}

export function findActiveAccountById(db: Kysely<Database>, userId: string) {
  return db
    .selectFrom('users')
    .select(['id', 'role', 'email', 'password_hash', 'locale'])
    .where('id', '=', userId)
    .where('closed_at', 'is', null)
    .executeTakeFirst();
}

/** Active accounts with what each role adds: the resident's dwelling, the manager's client, the staff role, the names. */
export function activeAccountProfiles(db: Kysely<Database>) {
  return db
    .selectFrom('users')
    .leftJoin('resident_profiles', 'resident_profiles.user_id', 'users.id')
    .leftJoin('manager_memberships', 'manager_memberships.user_id', 'users.id')
    .leftJoin('staff_members', 'staff_members.user_id', 'users.id')
    .leftJoin('residences as resident_residence', 'resident_residence.id', 'resident_profiles.residence_id')
    .select([
      'users.id',
      'users.role',
      'users.email',
      'users.locale',
      'users.dwelling_id',
      'resident_profiles.residence_id',
      'resident_profiles.first_name as resident_first_name',
      'resident_profiles.last_name as resident_last_name',
      'resident_profiles.moved_out_on as resident_moved_out_on',
      'resident_residence.time_zone as resident_time_zone',
      'manager_memberships.client_id as manager_client_id',
      'manager_memberships.first_name as manager_first_name',
      'manager_memberships.last_name as manager_last_name',
      'manager_memberships.is_portal_admin',
      'manager_memberships.sees_all_residences',
      'staff_members.staff_role',
      'staff_members.display_name as staff_display_name',
    ])
    .where('users.closed_at', 'is', null);
}

export function findAccountProfile(db: Kysely<Database>, userId: string) {
  return activeAccountProfiles(db).where('users.id', '=', userId).executeTakeFirst();
}

export type AccountProfile = NonNullable<Awaited<ReturnType<typeof findAccountProfile>>>;

export async function updatePasswordHash(db: Kysely<Database>, userId: string, passwordHash: string): Promise<void> {
  await db.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', userId).execute();
}

export async function insertAccount(db: Kysely<Database>, account: { role: UserRole; email: string }): Promise<string> {
  const row = await db.insertInto('users').values(account).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function markAccountClosed(db: Kysely<Database>, userId: string, closedAt: Date): Promise<void> {
  await db.updateTable('users').set({ closed_at: closedAt }).where('id', '=', userId).where('closed_at', 'is', null).execute();
}

/** A new resident account of the dwelling; returns its id. */
export async function insertResidentUser(
  db: Kysely<Database>,
  user: { email: string; passwordHash: string; dwellingId: string; locale: 'fr' | 'en' },
): Promise<string> {
  const row = await db
    .insertInto('users')
    .values({ role: 'resident', email: user.email, password_hash: user.passwordHash, dwelling_id: user.dwellingId, locale: user.locale })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateAccountEmail(db: Kysely<Database>, userId: string, email: string): Promise<void> {
  await db.updateTable('users').set({ email }).where('id', '=', userId).execute();
}

/**
 * Closes the account and frees its address at once (the partial unique index), replaced by a
 * placeholder no one can log in with, and drops its password. The row itself stays.
 */
export async function closeAndAnonymiseUser(db: Kysely<Database>, userId: string, now: Date): Promise<void> {
  await db
    .updateTable('users')
    .set({ closed_at: now, email: sql`'closed-' || id || '@closed.invalid'`, password_hash: null })
    .where('id', '=', userId)
    .execute();
}
