import type { Insertable, Kysely } from 'kysely';
import { jsonObjectFrom } from 'kysely/helpers/postgres';
import type { Database, SessionsTable } from '../../db/schema.ts';
import { preparedStatement } from '../../db/prepared-statements.ts';
import { residentDwellingQuery } from '../occupancy/occupancy.service.ts';
import { activeAccountProfiles } from './accounts.queries.ts';

export async function insertSession(db: Kysely<Database>, session: Insertable<SessionsTable>): Promise<void> {
  await db.insertInto('sessions').values(session).execute();
}

/**
 * The session and, in the same statement, its account's profile (null columns once the account
 * is closed) and, for a resident, the dwelling they may read: what every request needs, in one
 * round trip.
 */
const sessionWithAccount = preparedStatement('session-with-account', (db, idHash: Buffer) =>
  db
    .selectFrom('sessions')
    .leftJoin(activeAccountProfiles(db).as('account'), 'account.id', 'sessions.user_id')
    .select(['sessions.id_hash', 'sessions.user_id', 'sessions.created_at', 'sessions.last_seen_at', 'sessions.expires_at', 'sessions.assurance'])
    .selectAll('account')
    .select(jsonObjectFrom(residentDwellingQuery(db, 'sessions.user_id')).as('resident_dwelling'))
    .where('sessions.id_hash', '=', idHash),
);

export async function findSessionWithAccount(db: Kysely<Database>, idHash: Buffer) {
  const [row] = await sessionWithAccount(db, idHash);
  return row;
}

export async function touchSession(db: Kysely<Database>, idHash: Buffer, seenAt: Date): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: seenAt }).where('id_hash', '=', idHash).execute();
}

export async function deleteSession(db: Kysely<Database>, idHash: Buffer): Promise<void> {
  await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
}

export async function deleteSessionsOfUser(db: Kysely<Database>, userId: string): Promise<number> {
  const result = await db.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function deleteSessionsEndedBefore(db: Kysely<Database>, moment: Date): Promise<void> {
  await db.deleteFrom('sessions').where('expires_at', '<=', moment).execute();
}
