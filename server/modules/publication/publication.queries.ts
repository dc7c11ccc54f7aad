import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';

export async function lockResidenceForPublication(trx: Transaction<Database>, residenceId: string) {
  return trx
    .selectFrom('residences')
    .select(['id', 'client_id', 'building_code', 'name', 'street', 'postal_code', 'city', 'published_at'])
    .where('id', '=', residenceId)
    .forUpdate()
    .executeTakeFirst();
}

export async function residenceHasReadings(trx: Kysely<Database>, residenceId: string): Promise<boolean> {
  const row = await trx.selectFrom('readings').select(sql<number>`1`.as('found')).where('residence_id', '=', residenceId).limit(1).executeTakeFirst();
  return row !== undefined;
}

export async function setResidencePublishedAt(trx: Transaction<Database>, residenceId: string, publishedAt: Date): Promise<void> {
  await trx.updateTable('residences').set({ published_at: publishedAt }).where('id', '=', residenceId).execute();
}

export async function insertPublicationNotice(
  trx: Transaction<Database>,
  notice: { clientId: string; residenceId: string; title: string; text: string; html: string; createdAt: Date },
): Promise<string> {
  const row = await trx
    .insertInto('manager_documents')
    .values({
      client_id: notice.clientId,
      residence_id: notice.residenceId,
      kind: 'publication_notice',
      title: notice.title,
      body_text: notice.text,
      body_html: notice.html,
      created_at: notice.createdAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The client's portal administrators, who are told by email. */
export async function selectActivePortalAdministrators(db: Kysely<Database>, clientId: string) {
  return db
    .selectFrom('manager_memberships')
    .innerJoin('users', 'users.id', 'manager_memberships.user_id')
    .select(['users.id as userId', 'users.email'])
    .where('manager_memberships.client_id', '=', clientId)
    .where('manager_memberships.is_portal_admin', '=', true)
    .where('users.closed_at', 'is', null)
    .orderBy('users.email')
    .execute();
}
