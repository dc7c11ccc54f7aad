import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

/** A dwelling's alert episodes still seen from `seenFrom` on, newest first. */
export function selectDwellingEpisodes(db: Kysely<Database>, dwellingId: string, seenFrom: Date, limit: number) {
  return db
    .selectFrom('alert_episodes')
    .select(['id', 'kind', 'fluid', 'source', 'started_at', 'last_seen_at', 'closed_at', 'details'])
    .where('dwelling_id', '=', dwellingId)
    .where('last_seen_at', '>=', seenFrom)
    .orderBy('started_at', 'desc')
    .limit(limit)
    .execute();
}
