import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { escapeLike } from '../../kernel/like-pattern.ts';
import type { ManagerScope } from '../../http/caller.ts';
import { accessibleResidenceIdsQuery } from '../accounts/manager-access.service.ts';

export interface ResidencePageQuery {
  search: string | undefined;
  /** Only this residence (a detail page), still within the manager's access. */
  residenceId?: string;
  offset: number;
  limit: number;
}

/**
 * One page of the residences a manager may see, with their dwelling and account counts.
 * The counts are computed for the page only, so the cost does not grow with the portfolio.
 */
export async function selectResidencePage(db: Kysely<Database>, manager: ManagerScope, query: ResidencePageQuery) {
  let residences = db
    .selectFrom('residences')
    .where('residences.id', 'in', accessibleResidenceIdsQuery(db, manager));
  if (query.residenceId) residences = residences.where('residences.id', '=', query.residenceId);
  if (query.search) {
    const pattern = `%${escapeLike(query.search)}%`;
    residences = residences.where((eb) =>
      eb.or([
        eb('residences.building_code', 'like', pattern),
        eb('residences.name', 'ilike', pattern),
        eb('residences.street', 'ilike', pattern),
        eb('residences.city', 'ilike', pattern),
        eb('residences.postal_code', 'like', pattern),
      ]),
    );
  }
  // The page's ids first, so the counts below are computed for the rows shown only, not for
  // every row an OFFSET skips.
  const pageIds = residences.select('residences.id').orderBy('residences.building_code').offset(query.offset).limit(query.limit);
  const [page, total] = await Promise.all([
    db
      .selectFrom('residences')
      .select([
        'residences.id',
        'residences.building_code',
        'residences.name',
        'residences.street',
        'residences.postal_code',
        'residences.city',
        'residences.published_at',
        (eb) =>
          eb
            .selectFrom('dwellings')
            .select(sql<number>`count(*)::int`.as('count'))
            .whereRef('dwellings.residence_id', '=', 'residences.id')
            .as('dwelling_count'),
        (eb) =>
          eb
            .selectFrom('resident_profiles')
            .innerJoin('users', 'users.id', 'resident_profiles.user_id')
            .select(sql<number>`count(*)::int`.as('count'))
            .whereRef('resident_profiles.residence_id', '=', 'residences.id')
            .where('users.closed_at', 'is', null)
            .as('account_count'),
      ])
      .where('residences.id', 'in', pageIds)
      .orderBy('residences.building_code')
      .execute(),
    residences.select(sql<number>`count(*)::int`.as('total')).executeTakeFirstOrThrow(),
  ]);
  return { rows: page, total: total.total };
}

/** The dwellings of one residence (access already checked), with what the manager may know of each. */
export async function selectResidenceDwellings(db: Kysely<Database>, residenceId: string) {
  return db
    .selectFrom('dwellings')
    .leftJoin('users', (join) => join.onRef('users.dwelling_id', '=', 'dwellings.id').on('users.closed_at', 'is', null))
    .leftJoin('resident_profiles', 'resident_profiles.user_id', 'users.id')
    .select([
      'dwellings.id',
      'dwellings.client_number',
      'dwellings.building',
      'dwellings.staircase',
      'dwellings.floor',
      'dwellings.dwelling_code',
      'dwellings.reference',
      'users.id as user_id',
      'resident_profiles.manager_may_see_daily',
      (eb) =>
        eb
          .exists(
            eb
              .selectFrom('devices')
              .select('devices.id')
              .whereRef('devices.dwelling_id', '=', 'dwellings.id')
              .where('devices.removed_on', 'is', null)
              .where('devices.serial_number', '!~', '^[0-9]{9}$'),
          )
          .as('has_device_without_nine_digit_serial'),
    ])
    .where('dwellings.residence_id', '=', residenceId)
    .orderBy(['dwellings.building', 'dwellings.staircase', 'dwellings.floor', 'dwellings.dwelling_code'])
    .execute();
}
