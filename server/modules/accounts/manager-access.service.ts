import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { accessibleResidencesQuery, type ManagerScope } from './manager-access.queries.ts';

export { hasResidenceAccess, listAccessibleResidenceIds, type ManagerScope } from './manager-access.queries.ts';

/**
 * Builder for composition: the subquery of the residence ids a manager user may see, for a
 * caller to embed in its own statement (`residences.id in (...)`) rather than read them first.
 */
export function accessibleResidenceIdsQuery(db: Kysely<Database>, manager: ManagerScope) {
  return accessibleResidencesQuery(db, manager);
}
