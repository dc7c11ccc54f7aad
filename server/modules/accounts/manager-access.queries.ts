import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { ManagerScope } from '../../http/caller.ts';

/** Defined by the platform (the guards read it). */

/** The residences a manager user may see: all of their client's, or those granted to them, never another client's. */
export function accessibleResidencesQuery(db: Kysely<Database>, manager: ManagerScope) {
  const ofClient = db.selectFrom('residences').select('residences.id').where('residences.client_id', '=', manager.clientId);
  if (manager.seesAllResidences) return ofClient;
  return ofClient.where((eb) =>
    eb.exists(
      eb
        .selectFrom('manager_residence_access')
        .select('manager_residence_access.residence_id')
        .whereRef('manager_residence_access.residence_id', '=', 'residences.id')
        .where('manager_residence_access.user_id', '=', manager.userId),
    ),
  );
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function hasResidenceAccess(db: Kysely<Database>, manager: ManagerScope, residenceId: string): Promise<boolean> {
  if (!UUID_PATTERN.test(residenceId)) return false;
  const row = await accessibleResidencesQuery(db, manager).where('residences.id', '=', residenceId).executeTakeFirst();
  return row !== undefined;
}

/** Those of `residenceIds` the manager may see now. */
export async function selectAccessibleAmong(db: Kysely<Database>, manager: ManagerScope, residenceIds: readonly string[]): Promise<Set<string>> {
  if (residenceIds.length === 0) return new Set();
  const rows = await accessibleResidencesQuery(db, manager).where('residences.id', 'in', residenceIds).execute();
  return new Set(rows.map((row) => row.id));
}
