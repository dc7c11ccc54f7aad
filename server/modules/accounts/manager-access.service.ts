import type { Kysely } from 'kysely';
import type { AppContext } from '../../app-context.ts';
import type { Database } from '../../db/schema.ts';
import type { ManagerScope } from '../../http/caller.ts';
import { AppError } from '../../http/errors.ts';
import { accessibleResidencesQuery, hasResidenceAccess, selectAccessibleAmong } from './manager-access.queries.ts';

/** Refuses (403) a residence outside the manager's access; the same answer whether it exists or not. */
export async function assertResidenceAccess(context: Pick<AppContext, 'db'>, manager: ManagerScope, residenceId: string): Promise<void> {
  if (!(await hasResidenceAccess(context.db, manager, residenceId))) throw new AppError('forbidden');
}

/**
 * Those of `residenceIds` the manager may see, read on the primary: what a page read on a
 * replica is filtered through, so an access withdrawn a moment ago hides a residence at once.
 */
export async function residencesAccessibleNow(context: Pick<AppContext, 'db'>, manager: ManagerScope, residenceIds: readonly string[]): Promise<Set<string>> {
  return selectAccessibleAmong(context.db, manager, residenceIds);
}

/**
 * Builder for composition: the subquery of the residence ids a manager user may see, for a
 * caller to embed in its own statement (`residences.id in (...)`) rather than read them first.
 */
export function accessibleResidenceIdsQuery(db: Kysely<Database>, manager: ManagerScope) {
  return accessibleResidencesQuery(db, manager);
}
