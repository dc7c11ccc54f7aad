import { sql, type Kysely } from 'kysely';
import type { Database } from '../../server/db/schema.ts';

/**
 * When `readings` is partitioned by month (`partition by range (read_at)`, one partition
 * `readings_yYYYYmMM` per UTC month), creates the partitions the benches' set-based inserts need
 * between two moments, before they insert: a bulk insert into a month without a partition would
 * fail. On the plain table it does nothing. The ingest module creates its own partitions on
 * demand; the benches write around it, so they make theirs.
 */
export async function ensureReadingPartitions(db: Kysely<Database>, from: number | Date, to: number | Date): Promise<void> {
  const partitioned = await sql`select 1 from pg_partitioned_table where partrelid = to_regclass('readings')`.execute(db);
  if (partitioned.rows.length === 0) return;
  for (const month of utcMonthsBetween(from, to)) {
    await sql`
      create table if not exists ${sql.id(`readings_y${month.year}m${String(month.month).padStart(2, '0')}`)}
      partition of readings for values from (${sql.lit(month.start)}) to (${sql.lit(month.end)})
    `.execute(db);
  }
}

/** Each UTC month from the one holding `from` to the one holding `to`, with its bounds as ISO text. */
function utcMonthsBetween(from: number | Date, to: number | Date): Array<{ year: number; month: number; start: string; end: string }> {
  const first = new Date(from);
  const last = new Date(to);
  const months = [];
  for (let year = first.getUTCFullYear(), month = first.getUTCMonth(); year < last.getUTCFullYear() || (year === last.getUTCFullYear() && month <= last.getUTCMonth()); ) {
    const next = month === 11 ? { year: year + 1, month: 0 } : { year, month: month + 1 };
    months.push({ year, month: month + 1, start: monthStart(year, month), end: monthStart(next.year, next.month) });
    ({ year, month } = next);
  }
  return months;
}

function monthStart(year: number, monthIndex: number): string {
  return `${String(year).padStart(4, '0')}-${String(monthIndex + 1).padStart(2, '0')}-01T00:00:00Z`;
}
