import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../http/errors.ts';
import { createMonthPartition, lockReadingMonths, selectMonthCoverage, type MonthStart } from './reading-partitions.queries.ts';

/**
 * `readings` is partitioned by month of `read_at`, in UTC: a partition's bounds are constants,
 * and residences do not share one time zone, so no local month could bound them. Local days and
 * months (the consumption engine's, the screens') are untouched: a local month's readings merely
 * span two partitions at its edges. Partitions are made when a writer first needs them, by
 * `ensureReadingPartitions` in the writer's own transaction, so that a file of 2016 finds its
 * months as today's gateways find theirs.
 */

/** Months this process saw attached and committed: the hot path then costs no round trip. */
const knownMonths = new Set<MonthStart>();

/**
 * Transactions that created a partition: what they see attached is not committed yet, so it is
 * not remembered (a rolled-back import, a file's preview, would leave a month remembered that
 * does not exist).
 */
const creatingTransactions = new WeakSet<object>();

/**
 * Makes sure every UTC month of the given instants has a partition, creating the missing ones
 * in the caller's transaction (or in one of its own, committed at once). Two writers creating the
 * same month wait on an advisory lock until the first commits. Refuses (`readings_month_archived`)
 * instants whose month was archived.
 */
export async function ensureReadingPartitions(db: Kysely<Database>, instants: Iterable<number>): Promise<void> {
  const wanted = utcMonthsOf(instants).filter((month) => !knownMonths.has(month));
  if (wanted.length === 0) return;
  if (db.isTransaction) {
    for (const month of await createMissingMonths(db, wanted)) knownMonths.add(month);
    return;
  }
  await db.transaction().execute((trx) => createMissingMonths(trx, wanted));
  for (const month of wanted) knownMonths.add(month);
}

/**
 * The same for every UTC month from the one holding `from` to the one holding `to`: what a
 * set-based insert over a span of days (a bench's generator) needs before it runs.
 */
export async function ensureReadingPartitionsBetween(db: Kysely<Database>, from: number, to: number): Promise<void> {
  const monthStarts = [from];
  const first = new Date(from);
  for (let month = first.getUTCMonth() + 1; ; month += 1) {
    const start = Date.UTC(first.getUTCFullYear(), month, 1);
    if (start > to) break;
    monthStarts.push(start);
  }
  await ensureReadingPartitions(db, monthStarts);
}

/** Returns the months that may be remembered once this transaction commits… or now, for those seen committed. */
async function createMissingMonths(trx: Kysely<Database>, months: readonly MonthStart[]): Promise<MonthStart[]> {
  const coverage = await selectMonthCoverage(trx, months);
  const archived = coverage.filter((month) => month.isArchived).map((month) => month.month.slice(0, 7));
  if (archived.length > 0) throw new AppError('readings_month_archived', { months: archived });
  const missing = coverage.filter((month) => !month.isCovered).map((month) => month.month);
  if (missing.length > 0) {
    await lockReadingMonths(trx, missing);
    // Another writer may have made some while this one waited for the lock.
    for (const month of await selectMonthCoverage(trx, missing)) {
      if (month.isArchived) throw new AppError('readings_month_archived', { months: [month.month.slice(0, 7)] });
      if (month.isCovered) continue;
      await createMonthPartition(trx, monthPartition(month.month));
      creatingTransactions.add(trx);
    }
  }
  return creatingTransactions.has(trx) ? [] : months.filter((month) => coverage.some((seen) => seen.month === month && seen.isCovered));
}

/**
 * Forgets what this process remembered: after an archive here, or when an insert found no
 * partition where one was remembered (another node archived it, a backup was restored).
 */
export function forgetKnownReadingMonths(): void {
  knownMonths.clear();
}

/** True for the error PostgreSQL raises when a row has no partition to go to. */
export function isMissingReadingPartition(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { code?: unknown }).code === '23514' &&
    /no partition of relation "readings"/.test(String((error as { message?: unknown }).message))
  );
}

/** The partition's name and bounds: `readings_y2016m01`, from 2016-01-01T00:00Z to 2016-02-01T00:00Z. */
function monthPartition(month: MonthStart): { name: string; from: Date; to: Date } {
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  return {
    name: `readings_y${year}m${String(monthNumber).padStart(2, '0')}`,
    from: new Date(Date.UTC(year, monthNumber - 1, 1)),
    to: new Date(Date.UTC(year, monthNumber, 1)),
  };
}

/** The UTC months of the instants, `YYYY-MM-01`; one Date per change of month, so a file's sorted rows cost little. */
export function utcMonthsOf(instants: Iterable<number>): MonthStart[] {
  const months = new Set<MonthStart>();
  let from = Infinity;
  let to = -Infinity;
  for (const at of instants) {
    if (at >= from && at < to) continue;
    const date = new Date(at);
    from = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
    to = Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
    months.add(new Date(from).toISOString().slice(0, 10));
  }
  return [...months].sort();
}
