import type { Insertable, Kysely } from 'kysely';
import type { AuditEventsTable, Database } from '../../db/schema.ts';

export async function insertAuditEvent(db: Kysely<Database>, event: Insertable<AuditEventsTable>): Promise<void> {
  await db.insertInto('audit_events').values(event).execute();
}
