import type { DatabaseHandle } from '../../db/database.ts';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import {
  attachProvenPartition,
  checkPartitionBounds,
  deleteArchivedMonths,
  detachPartition,
  isStandaloneTable,
  selectArchivedPartitionMonths,
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

export type RestoreOutcome =
  | { outcome: 'restored'; name: string; months: string[] }
  | { outcome: 'not_archived' }
  /** The month's table is not in the database (dropped after its dump): restore the dump first. */
  | { outcome: 'table_missing'; name: string; months: string[] };

/**
 * Attaches an archived month's table again as the partition it was, with every month it held
 * (the legacy partition spans several), and forgets them as archived: ingest and a consumption
 * rebuild accept them again. The table is the one `archive` left, under its name, or the same
 * restored from its dump. Its bounds are proven by a validated CHECK first, so the attach itself
 * does not scan under its lock; the attach and the forgetting are one transaction.
 */
export async function restoreArchivedMonth(database: DatabaseHandle, month: string): Promise<RestoreOutcome> {
  const { db } = database;
  const archived = await selectArchivedPartitionMonths(db, `${month}-01`);
  if (!archived) return { outcome: 'not_archived' };
  const months = archived.months.map((start) => start.slice(0, 7));
  const name = archived.partitionName;
  if (!(await isStandaloneTable(db, name))) return { outcome: 'table_missing', name, months };
  const last = new Date(`${archived.months.at(-1)!}T00:00:00Z`);
  const partition = { name, from: new Date(`${archived.months[0]!}T00:00:00Z`), to: new Date(Date.UTC(last.getUTCFullYear(), last.getUTCMonth() + 1, 1)) };
  const proof = await checkPartitionBounds(db, partition);
  await db.transaction().execute(async (trx) => {
    await attachProvenPartition(trx, partition, proof);
    await deleteArchivedMonths(trx, name);
  });
  forgetKnownReadingMonths();
  return { outcome: 'restored', name, months };
}

/** The archived months, `YYYY-MM`, oldest first. */
export async function listArchivedReadingMonths(db: Kysely<Database>): Promise<string[]> {
  return (await selectArchivedMonths(db)).map((month: MonthStart) => month.slice(0, 7));
}

function* monthStartsBetween(from: Date, to: Date): Generator<number> {
  for (let year = from.getUTCFullYear(), month = from.getUTCMonth(); Date.UTC(year, month, 1) < to.getTime(); month += 1) yield Date.UTC(year, month, 1);
}
