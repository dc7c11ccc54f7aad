import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { residentDwellingOf } from './resident-dwelling.queries.ts';

/** Who lives where and since when (the privacy boundary, a resident's dwelling), as the other modules ask for it. */

export { findEarliestMoveInDay, findResidentPrivacyBoundary, selectActiveResidentBoundaries } from './privacy-boundary.queries.ts';
export { toResidentDwelling } from './resident-dwelling.queries.ts';

/**
 * Builder for composition: the subquery reading an active resident's dwelling and privacy
 * boundary, for a caller to embed in its own statement (the session lookup reads it with the
 * session, in one round trip). `userIdColumn` is the enclosing statement's column holding the
 * account's id; toResidentDwelling maps its row.
 */
export function residentDwellingQuery(db: Kysely<Database>, userIdColumn: string) {
  return residentDwellingOf(db, userIdColumn);
}
