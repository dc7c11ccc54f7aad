import type { Kysely } from 'kysely';
import type { AppContext } from '../../app-context.ts';
import type { Database } from '../../db/schema.ts';
import type { ManagerScope } from '../../http/caller.ts';
import { AppError } from '../../http/errors.ts';
import { accessibleResidencesQuery, hasResidenceAccess } from './manager-access.queries.ts';

/** Refuses (403) a residence outside the manager's access; the same answer whether it exists or not. */
export async function assertResidenceAccess(context: Pick<AppContext, 'db'>, manager: ManagerScope, residenceId: string): Promise<void> {
  if (!(await hasResidenceAccess(context.db, manager, residenceId))) throw new AppError('forbidden');
}

/**
 * Builder for composition: the subquery of the residence ids a manager user may see, for a
 * caller to embed in its own statement (`residences.id in (...)`) rather than read them first.
 */
export function accessibleResidenceIdsQuery(db: Kysely<Database>, manager: ManagerScope) {
  return accessibleResidencesQuery(db, manager);
}
