import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { escapeLike } from '../../kernel/like-pattern.ts';

type Db = Kysely<Database>;

function selectResidentAccounts(db: Db) {
  return db
    .selectFrom('users')
    .innerJoin('dwellings', 'dwellings.id', 'users.dwelling_id')
    .innerJoin('residences', 'residences.id', 'dwellings.residence_id')
    .leftJoin('resident_profiles', 'resident_profiles.user_id', 'users.id')
    .select([
      'users.id',
      'users.email',
      'users.created_at',
      'users.closed_at',
      'resident_profiles.first_name',
      'resident_profiles.last_name',
      'resident_profiles.moved_in_on',
      'resident_profiles.moved_out_on',
      'dwellings.id as dwelling_id',
      'dwellings.dwelling_code',
      'dwellings.reference',
      'dwellings.client_number',
      'residences.id as residence_id',
      'residences.building_code',
      'residences.name as residence_name',
      'residences.city',
    ])
    .where('users.role', '=', 'resident');
}

export type ResidentAccountRow = Awaited<ReturnType<ReturnType<typeof selectResidentAccounts>['execute']>>[number];

export async function searchResidentAccounts(db: Db, input: { search?: string; includeClosed: boolean; page: number; pageSize: number }) {
  // Each way in is its own index-backed query (email prefix, dwelling code, reference or client
  // number, serial number or radio id: what the quick search finds dwellings and meters by),
  // united: an OR across them would read every account.
  const text = input.search?.replace(/\s+/g, '') ?? '';
  const dwellingIds = (eb: ExpressionBuilder<Database, 'users'>) => {
    const byDwelling = eb
      .selectFrom('dwellings')
      .select('dwellings.id')
      .where((inner) =>
        inner.or([
          inner('dwelling_code', '=', text),
          inner('reference', '=', text.toUpperCase()),
          inner(sql<string>`lower(client_number)`, 'like', `${escapeLike(text.toLowerCase())}%`),
        ]),
      );
    const bySerial = eb.selectFrom('devices').select('devices.dwelling_id as id').where('serial_number', '=', text);
    const byRadioId = eb.selectFrom('devices').select('devices.dwelling_id as id').where(sql<string>`lower(radio_id)`, '=', text.toLowerCase());
    return /^[0-9A-Fa-f]{8}$/.test(text) ? byDwelling.union(bySerial).union(byRadioId) : byDwelling.union(bySerial);
  };
  let ids = db.selectFrom('users').select('users.id').where('users.role', '=', 'resident');
  if (!input.includeClosed) ids = ids.where('users.closed_at', 'is', null);
  if (input.search) {
    const byEmail = ids.where(sql<string>`lower(users.email)`, 'like', `${escapeLike(input.search.toLowerCase())}%`);
    const byDwelling = ids.where((eb) => eb('users.dwelling_id', 'in', dwellingIds(eb)));
    ids = db.selectFrom(byEmail.union(byDwelling).as('matched')).innerJoin('users', 'users.id', 'matched.id').select('users.id');
  }
  const [page, count] = await Promise.all([
    ids.orderBy('users.created_at', 'desc').orderBy('users.id').limit(input.pageSize).offset((input.page - 1) * input.pageSize).execute(),
    db.selectFrom(ids.as('found')).select((eb) => eb.fn.countAll<string>().as('total')).executeTakeFirstOrThrow(),
  ]);
  const pageIds = page.map((row) => row.id);
  const rows = pageIds.length === 0 ? [] : await selectResidentAccounts(db).where('users.id', 'in', pageIds).execute();
  const byId = new Map(rows.map((row) => [row.id, row]));
  return { rows: pageIds.map((id) => byId.get(id)!), total: Number(count.total) };
}

export function findResidentAccount(db: Db, userId: string) {
  return selectResidentAccounts(db).where('users.id', '=', userId).executeTakeFirst();
}

/** Sign-ups of this address waiting for their emailed code. */
