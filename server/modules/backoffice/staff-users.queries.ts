import { sql, type Kysely } from 'kysely';
import type { Database, StaffRole } from '../../db/schema.ts';

type Db = Kysely<Database>;

function selectStaffUsers(db: Db) {
  return db
    .selectFrom('users')
    .innerJoin('staff_members', 'staff_members.user_id', 'users.id')
    .leftJoin('staff_second_factors', 'staff_second_factors.user_id', 'users.id')
    .select([
      'users.id',
      'users.email',
      'users.created_at',
      'users.closed_at',
      sql<boolean>`users.password_hash is not null`.as('has_password'),
      sql<boolean>`staff_second_factors.confirmed_at is not null`.as('has_second_factor'),
      'staff_members.staff_role',
      'staff_members.display_name',
    ]);
}

export type StaffUserRow = Awaited<ReturnType<ReturnType<typeof selectStaffUsers>['execute']>>[number];

export function listStaffUsers(db: Db) {
  return selectStaffUsers(db).orderBy('users.closed_at', (ob) => ob.desc().nullsFirst()).orderBy('users.email').execute();
}

export function findStaffUser(db: Db, userId: string) {
  return selectStaffUsers(db).where('users.id', '=', userId).executeTakeFirst();
}

export async function insertStaffMember(db: Db, member: { userId: string; displayName: string; role: StaffRole }): Promise<void> {
  await db.insertInto('staff_members').values({ user_id: member.userId, staff_role: member.role, display_name: member.displayName }).execute();
}

export async function updateStaffRole(db: Db, userId: string, role: StaffRole): Promise<void> {
  await db.updateTable('staff_members').set({ staff_role: role }).where('user_id', '=', userId).execute();
}

/** Active administrators, locked so two demotions at once cannot both pass the last-admin check. */
export async function lockActiveAdministrators(db: Db): Promise<string[]> {
  const rows = await db
    .selectFrom('staff_members')
    .innerJoin('users', 'users.id', 'staff_members.user_id')
    .select('users.id')
    .where('staff_members.staff_role', '=', 'admin')
    .where('users.closed_at', 'is', null)
    .forUpdate()
    .execute();
  return rows.map((row) => row.id);
}
