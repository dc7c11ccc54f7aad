import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { escapeLike } from '../../kernel/like-pattern.ts';

type Db = Kysely<Database>;

/** Clients page: the page's ids first, then the counts for those rows only. */
export async function searchClients(db: Db, input: { search?: string; page: number; pageSize: number; today: string }) {
  let base = db.selectFrom('clients');
  if (input.search) base = base.where(sql<string>`lower(name)`, 'like', `%${escapeLike(input.search.toLowerCase())}%`);
  const [rows, count] = await Promise.all([
    base.select(['id', 'name', 'kind']).orderBy('name').orderBy('id').limit(input.pageSize).offset((input.page - 1) * input.pageSize).execute(),
    base.select((eb) => eb.fn.countAll<string>().as('total')).executeTakeFirstOrThrow(),
  ]);
  const ids = rows.map((row) => row.id);
  if (ids.length === 0) return { rows: [], total: Number(count.total) };
  const counts = await db
    .selectFrom('clients')
    .select((eb) => [
      'clients.id',
      eb.selectFrom('contracts').whereRef('contracts.client_id', '=', 'clients.id').select(eb.fn.countAll<string>().as('n')).as('contract_count'),
      eb.selectFrom('residences').whereRef('residences.client_id', '=', 'clients.id').select(eb.fn.countAll<string>().as('n')).as('residence_count'),
      eb
        .selectFrom('manager_memberships')
        .innerJoin('users', 'users.id', 'manager_memberships.user_id')
        .whereRef('manager_memberships.client_id', '=', 'clients.id')
        .where('users.closed_at', 'is', null)
        .select(eb.fn.countAll<string>().as('n'))
        .as('manager_count'),
      eb
        .exists(
          eb
            .selectFrom('contracts')
            .whereRef('contracts.client_id', '=', 'clients.id')
            .where(sql<boolean>`'resident_portal' = any(contracts.booked_options)`)
            .where(sql<boolean>`contracts.starts_on <= ${input.today}::date and (contracts.ends_on is null or contracts.ends_on >= ${input.today}::date)`)
            .select('contracts.id'),
        )
        .as('has_resident_portal'),
    ])
    .where('clients.id', 'in', ids)
    .execute();
  const byId = new Map(counts.map((row) => [row.id, row]));
  return {
    rows: rows.map((row) => ({ ...row, ...byId.get(row.id)! })),
    total: Number(count.total),
  };
}

export function findClient(db: Db, clientId: string) {
  return db.selectFrom('clients').select(['id', 'name', 'kind']).where('id', '=', clientId).executeTakeFirst();
}

export function listContractsOfClient(db: Db, clientId: string) {
  return db
    .selectFrom('contracts')
    .select(['id', 'reference', 'booked_options', 'starts_on', 'ends_on'])
    .where('client_id', '=', clientId)
    .orderBy('starts_on', 'desc')
    .execute();
}

export function listResidencesOfClient(db: Db, clientId: string) {
  return db
    .selectFrom('residences')
    .select(['id', 'building_code', 'name', 'city', 'contract_id', 'published_at'])
    .where('client_id', '=', clientId)
    .orderBy('building_code')
    .execute();
}

function selectManagers(db: Db) {
  return db
    .selectFrom('manager_memberships')
    .innerJoin('users', 'users.id', 'manager_memberships.user_id')
    .select((eb) => [
      'users.id',
      'users.email',
      'users.closed_at',
      sql<boolean>`users.password_hash is not null`.as('has_password'),
      'manager_memberships.client_id',
      'manager_memberships.first_name',
      'manager_memberships.last_name',
      'manager_memberships.is_portal_admin',
      'manager_memberships.sees_all_residences',
      eb
        .fn<string[]>('coalesce', [
          eb
            .selectFrom('manager_residence_access')
            .whereRef('manager_residence_access.user_id', '=', 'users.id')
            .select(sql<string[]>`array_agg(residence_id::text order by residence_id)`.as('ids')),
          sql`'{}'::text[]`,
        ])
        .as('residence_ids'),
    ]);
}

export type ManagerRow = Awaited<ReturnType<ReturnType<typeof selectManagers>['execute']>>[number];

export function listManagersOfClient(db: Db, clientId: string) {
  return selectManagers(db).where('manager_memberships.client_id', '=', clientId).orderBy('users.email').execute();
}

export function findManager(db: Db, userId: string) {
  return selectManagers(db).where('users.id', '=', userId).executeTakeFirst();
}

export function findContract(db: Db, contractId: string) {
  return db.selectFrom('contracts').select(['id', 'client_id', 'reference', 'booked_options', 'starts_on', 'ends_on']).where('id', '=', contractId).executeTakeFirst();
}

export async function insertManagerMembership(
  db: Db,
  manager: { userId: string; clientId: string; firstName: string; lastName: string; isPortalAdmin: boolean; seesAllResidences: boolean },
): Promise<void> {
  await db
    .insertInto('manager_memberships')
    .values({
      user_id: manager.userId,
      client_id: manager.clientId,
      first_name: manager.firstName,
      last_name: manager.lastName,
      is_portal_admin: manager.isPortalAdmin,
      sees_all_residences: manager.seesAllResidences,
    })
    .execute();
}

export async function updateManager(
  db: Db,
  userId: string,
  values: { firstName?: string; lastName?: string; isPortalAdmin?: boolean; seesAllResidences?: boolean },
): Promise<void> {
  const set = {
    ...(values.firstName !== undefined ? { first_name: values.firstName } : {}),
    ...(values.lastName !== undefined ? { last_name: values.lastName } : {}),
    ...(values.isPortalAdmin !== undefined ? { is_portal_admin: values.isPortalAdmin } : {}),
    ...(values.seesAllResidences !== undefined ? { sees_all_residences: values.seesAllResidences } : {}),
  };
  if (Object.keys(set).length > 0) await db.updateTable('manager_memberships').set(set).where('user_id', '=', userId).execute();
}

/** How many of the residences belong to the client. */
export async function countResidencesOfClient(db: Db, clientId: string, residenceIds: readonly string[]): Promise<number> {
  if (residenceIds.length === 0) return 0;
  const row = await db
    .selectFrom('residences')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('client_id', '=', clientId)
    .where('id', 'in', residenceIds)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Replaces the manager's residences; returns what was granted and withdrawn. */
export async function replaceManagerResidences(db: Db, userId: string, residenceIds: readonly string[], grantedAt: Date) {
  const before = await db.selectFrom('manager_residence_access').select('residence_id').where('user_id', '=', userId).execute();
  const had = new Set(before.map((row) => row.residence_id));
  const wanted = new Set(residenceIds);
  const withdrawn = [...had].filter((id) => !wanted.has(id));
  const granted = [...wanted].filter((id) => !had.has(id));
  if (withdrawn.length > 0) await db.deleteFrom('manager_residence_access').where('user_id', '=', userId).where('residence_id', 'in', withdrawn).execute();
  if (granted.length > 0) {
    await db
      .insertInto('manager_residence_access')
      .values(granted.map((residenceId) => ({ user_id: userId, residence_id: residenceId, granted_at: grantedAt })))
      .execute();
  }
  return { granted: granted.length, withdrawn: withdrawn.length };
}
