import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { listArchivedReadingMonths } from '../modules/ingest/reading-archive.service.ts';

/**
 * Why `npm run consumption -- rebuild` must not run, or undefined: a rebuild recomputes every
 * day from the stored readings, so months whose readings were detached would lose their
 * consumption.
 */
export async function consumptionRebuildRefusal(db: Kysely<Database>): Promise<string | undefined> {
  const archived = await listArchivedReadingMonths(db);
  if (archived.length === 0) return undefined;
  return (
    `Refused: the readings of ${archived.join(', ')} are detached (archived); a rebuild would recompute their consumption ` +
    'from readings that are no longer there. Nothing was rebuilt.'
  );
}
