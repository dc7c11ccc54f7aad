import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

/** The SQL of the monthly partitions of `readings` (server/db/migrations/2026-12-06T0100-readings-by-month.ts). */
type Db = Kysely<Database>;

/** A UTC month by its first day, `YYYY-MM-01`. */
export type MonthStart = string;

export interface MonthCoverage {
  month: MonthStart;
  /** An attached partition holds the whole month (its own, or the legacy one spanning several). */
  isCovered: boolean;
  /** Its partition was detached by the archive command. */
  isArchived: boolean;
}

/**
 * The partitions attached to `readings` with their bounds. The bounds are read back from the
 * catalog's text (`FOR VALUES FROM ('…') TO ('…')`, printed with an offset, so cast back exactly);
 * a partition being detached concurrently no longer counts.
 */
const ATTACHED_PARTITIONS = sql`
  select partition.relname as name, bound[1]::timestamptz as from_at, bound[2]::timestamptz as to_at
  from pg_inherits
  join pg_class partition on partition.oid = pg_inherits.inhrelid
  cross join lateral regexp_match(pg_get_expr(partition.relpartbound, partition.oid), 'FROM [(]''([^'']+)''[)] TO [(]''([^'']+)''[)]') as bound
  where pg_inherits.inhparent = 'readings'::regclass and not pg_inherits.inhdetachpending
`;

export async function selectMonthCoverage(db: Db, months: readonly MonthStart[]): Promise<MonthCoverage[]> {
  const result = await sql<MonthCoverage>`
    with attached as (${ATTACHED_PARTITIONS})
    select to_char(wanted.month, 'YYYY-MM-DD') as month,
      exists (
        select 1 from attached
        where attached.from_at <= wanted.month::timestamp at time zone 'UTC'
          and attached.to_at >= (wanted.month + interval '1 month') at time zone 'UTC'
      ) as "isCovered",
      exists (select 1 from readings_archived_months archived where archived.month = wanted.month) as "isArchived"
    from unnest(${[...months]}::date[]) as wanted(month)
  `.execute(db);
  return result.rows;
}

/** Serialises the creators of the same months until their transactions end; in one order, so two never wait on each other. */
export async function lockReadingMonths(db: Db, months: readonly MonthStart[]): Promise<void> {
  await sql`
    select pg_advisory_xact_lock(hashtextextended('readings-month:' || month, 0))
    from unnest(${[...months].sort()}::text[]) as wanted(month)
    order by month
  `.execute(db);
}

/**
 * Creates the month's partition apart, then attaches it: CREATE TABLE … PARTITION OF would lock
 * the whole of `readings` (ACCESS EXCLUSIVE) until the writing transaction ends, stopping every
 * reader; ATTACH only takes SHARE UPDATE EXCLUSIVE, which readers and writers do not wait for.
 * The attach adds the primary key's index and the foreign keys.
 */
export async function createMonthPartition(db: Db, month: { name: string; from: Date; to: Date }): Promise<void> {
  await sql`create table ${sql.id(month.name)} (like readings including defaults including constraints)`.execute(db);
  await attachPartition(db, month);
}

async function attachPartition(db: Db, month: { name: string; from: Date; to: Date }): Promise<void> {
  await sql`
    alter table readings attach partition ${sql.id(month.name)}
    for values from (${sql.lit(month.from.toISOString())}) to (${sql.lit(month.to.toISOString())})
  `.execute(db);
}

export interface AttachedPartition {
  name: string;
  fromAt: Date;
  toAt: Date;
}

/** Attached partitions lying wholly before the moment, oldest first. */
export async function selectPartitionsBefore(db: Db, before: Date): Promise<AttachedPartition[]> {
  const result = await sql<{ name: string; from_at: Date; to_at: Date }>`
    with attached as (${ATTACHED_PARTITIONS})
    select name, from_at, to_at from attached where to_at <= ${before.toISOString()}::timestamptz order by from_at
  `.execute(db);
  return result.rows.map((row) => ({ name: row.name, fromAt: row.from_at, toAt: row.to_at }));
}

/** Partitions left half detached by an interrupted `DETACH … CONCURRENTLY`. */
export async function selectPartitionsPendingDetach(db: Db): Promise<string[]> {
  const result = await sql<{ name: string }>`
    select partition.relname as name from pg_inherits join pg_class partition on partition.oid = pg_inherits.inhrelid
    where pg_inherits.inhparent = 'readings'::regclass and pg_inherits.inhdetachpending
  `.execute(db);
  return result.rows.map((row) => row.name);
}

/**
 * `concurrently` (PostgreSQL, outside any transaction): waits for the queries using the partition
 * instead of stopping every query on `readings` while it does.
 */
export async function detachPartition(db: Db, name: string, mode: 'concurrently' | 'locking' | 'finalize'): Promise<void> {
  const suffix = mode === 'concurrently' ? sql` concurrently` : mode === 'finalize' ? sql` finalize` : sql``;
  await sql`alter table readings detach partition ${sql.id(name)}${suffix}`.execute(db);
}

export async function insertArchivedMonths(db: Db, months: ReadonlyArray<{ month: MonthStart; partitionName: string }>, archivedAt: Date): Promise<void> {
  if (months.length === 0) return;
  await db
    .insertInto('readings_archived_months')
    .values(months.map((month) => ({ month: month.month, partition_name: month.partitionName, archived_at: archivedAt })))
    .onConflict((oc) => oc.column('month').doNothing())
    .execute();
}

export async function selectArchivedMonths(db: Db): Promise<MonthStart[]> {
  const rows = await db
    .selectFrom('readings_archived_months')
    .select(sql<string>`to_char(month, 'YYYY-MM-DD')`.as('month'))
    .orderBy('month')
    .execute();
  return rows.map((row) => row.month);
}

/** The archived months recorded with the same partition as the month (`YYYY-MM-01`), oldest first; empty when it is not archived. */
export async function selectArchivedPartitionMonths(db: Db, month: MonthStart): Promise<{ partitionName: string; months: MonthStart[] } | undefined> {
  const rows = await db
    .selectFrom('readings_archived_months')
    .select(['partition_name', sql<string>`to_char(month, 'YYYY-MM-DD')`.as('month')])
    .where('partition_name', '=', (eb) => eb.selectFrom('readings_archived_months').select('partition_name').where('month', '=', month))
    .orderBy('month')
    .execute();
  return rows.length === 0 ? undefined : { partitionName: rows[0]!.partition_name, months: rows.map((row) => row.month) };
}

/** Whether a table of that name exists and is not a partition of anything. */
export async function isStandaloneTable(db: Db, name: string): Promise<boolean> {
  const result = await sql`
    select 1 from pg_class where oid = to_regclass(quote_ident(${name})) and relkind = 'r' and not relispartition
  `.execute(db);
  return result.rows.length === 1;
}

/**
 * Proves a detached partition's rows lie within its bounds: a CHECK constraint added NOT VALID,
 * then validated (a scan that blocks no reader nor writer of the table), so that the attach
 * finds the range proven and does not scan under its lock (as the partitioning migration does).
 */
export async function checkPartitionBounds(db: Db, month: { name: string; from: Date; to: Date }): Promise<string> {
  const constraint = `${month.name}_restore_bounds`;
  await sql`alter table ${sql.id(month.name)} drop constraint if exists ${sql.id(constraint)}`.execute(db);
  await sql`
    alter table ${sql.id(month.name)} add constraint ${sql.id(constraint)}
    check (read_at >= ${sql.lit(month.from.toISOString())} and read_at < ${sql.lit(month.to.toISOString())}) not valid
  `.execute(db);
  await sql`alter table ${sql.id(month.name)} validate constraint ${sql.id(constraint)}`.execute(db);
  return constraint;
}

/** Attaches a table whose bounds were proven, then drops the proof: the partition's own constraint now holds. */
export async function attachProvenPartition(db: Db, month: { name: string; from: Date; to: Date }, constraint: string): Promise<void> {
  await attachPartition(db, month);
  await sql`alter table ${sql.id(month.name)} drop constraint ${sql.id(constraint)}`.execute(db);
}

export async function deleteArchivedMonths(db: Db, partitionName: string): Promise<void> {
  await db.deleteFrom('readings_archived_months').where('partition_name', '=', partitionName).execute();
}
