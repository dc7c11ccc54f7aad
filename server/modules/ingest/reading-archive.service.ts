import type { DatabaseHandle } from '../../db/database.ts';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import {
  detachPartition,
  insertArchivedMonths,
  selectArchivedMonths,
  selectPartitionsBefore,
  selectPartitionsPendingDetach,
  type MonthStart,
} from './reading-partitions.queries.ts';
import { forgetKnownReadingMonths, utcMonthsOf } from './reading-partitions.service.ts';

export interface ArchivedPartition {
  /** The table left behind, outside `readings`: dump it, then drop it, or keep it. */
  name: string;
  /** `YYYY-MM`, UTC. */
  months: string[];
}

/**
 * Detaches every partition of `readings` lying wholly before the month (`YYYY-MM`, UTC), and
 * records its months in `readings_archived_months` first: from then on ingest refuses them and a
 * consumption rebuild knows their readings are not all there. The legacy partition goes only as
 * a whole, once the month is past its end. On PostgreSQL the detach is CONCURRENTLY (queries on
 * other months go on); one a previous run left half done is finished first. The tables stay in
 * the database under their names: dumping and dropping them is the operator's
 * (docs/SCALING.md#archiving-old-months).
 */
export async function archiveReadingsBefore(database: DatabaseHandle, before: string, archivedAt: Date): Promise<ArchivedPartition[]> {
  const { db } = database;
  for (const name of await selectPartitionsPendingDetach(db)) await detachPartition(db, name, 'finalize');
  const archived: ArchivedPartition[] = [];
  for (const partition of await selectPartitionsBefore(db, new Date(`${before}-01T00:00:00Z`))) {
    const months = utcMonthsOf(monthStartsBetween(partition.fromAt, partition.toAt)).map((month) => ({ month, partitionName: partition.name }));
    if (database.pool) {
      // Not in one transaction: DETACH … CONCURRENTLY cannot run in one. Recorded first, so a failed detach errs on the refusing side.
      await insertArchivedMonths(db, months, archivedAt);
      await detachPartition(db, partition.name, 'concurrently');
    } else {
      await db.transaction().execute(async (trx) => {
        await insertArchivedMonths(trx, months, archivedAt);
        await detachPartition(trx, partition.name, 'locking');
      });
    }
    archived.push({ name: partition.name, months: months.map(({ month }) => month.slice(0, 7)) });
  }
  forgetKnownReadingMonths();
  return archived;
}

/** The archived months, `YYYY-MM`, oldest first. */
export async function listArchivedReadingMonths(db: Kysely<Database>): Promise<string[]> {
  return (await selectArchivedMonths(db)).map((month: MonthStart) => month.slice(0, 7));
}

function* monthStartsBetween(from: Date, to: Date): Generator<number> {
  for (let year = from.getUTCFullYear(), month = from.getUTCMonth(); Date.UTC(year, month, 1) < to.getTime(); month += 1) yield Date.UTC(year, month, 1);
}
