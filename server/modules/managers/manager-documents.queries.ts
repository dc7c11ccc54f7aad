import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { ManagerScope } from '../../http/caller.ts';
import { accessibleResidenceIdsQuery } from '../accounts/manager-access.service.ts';

/**
 * The documents a manager user sees in « Mes documents »: those of their client about a
 * residence they have access to, and those about no residence in particular.
 */
function visibleDocumentsQuery(db: Kysely<Database>, manager: ManagerScope) {
  return db
    .selectFrom('manager_documents as document')
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
    .where('document.client_id', '=', manager.clientId)
    .where((eb) =>
      eb.or([eb('document.residence_id', 'is', null), eb('document.residence_id', 'in', accessibleResidenceIdsQuery(db, manager))]),
    );
}

export async function selectDocumentsVisibleToManager(db: Kysely<Database>, manager: ManagerScope) {
  return visibleDocumentsQuery(db, manager).orderBy('document.created_at', 'desc').execute();
}

export async function selectDocumentVisibleToManager(db: Kysely<Database>, manager: ManagerScope, documentId: string) {
  return visibleDocumentsQuery(db, manager)
    .select(['document.body_text', 'document.body_html'])
    .where('document.id', '=', documentId)
    .executeTakeFirst();
}
