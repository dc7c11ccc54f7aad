import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

/**
 * The documents a manager user sees in « Mes documents »: those of their client about a
 * residence they have access to (all of them when they see every residence), and those
 * about no residence in particular.
 */
export async function selectDocumentsVisibleToManager(db: Kysely<Database>, userId: string) {
  return db
    .selectFrom('manager_documents as document')
    .innerJoin('manager_memberships as membership', 'membership.client_id', 'document.client_id')
    .leftJoin('residences as residence', 'residence.id', 'document.residence_id')
    .select([
      'document.id',
      'document.kind',
      'document.title',
      'document.created_at',
      'document.residence_id',
      'residence.building_code',
      'residence.name as residence_name',
    ])
    .where('membership.user_id', '=', userId)
    .where((eb) =>
      eb.or([
        eb('document.residence_id', 'is', null),
        eb('membership.sees_all_residences', '=', true),
        eb.exists(
          eb
            .selectFrom('manager_residence_access as access')
            .select('access.residence_id')
            .whereRef('access.user_id', '=', 'membership.user_id')
            .whereRef('access.residence_id', '=', 'document.residence_id'),
        ),
      ]),
    )
    .orderBy('document.created_at', 'desc')
    .execute();
}
