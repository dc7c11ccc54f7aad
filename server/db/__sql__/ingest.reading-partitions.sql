-- The SQL compiled by server/modules/ingest/reading-partitions.queries.ts in the flows of server/db/sql-snapshots.db.test.ts.
-- Generated: a changed query changes this file; update it with `npx vitest run server/db/sql-snapshots.db.test.ts -u` and review the diff.
-- `…` stands for as many list items or rows as the data has.
-- Exported functions that issued the statements below: createMonthPartition, lockReadingMonths, selectMonthCoverage
-- Exported functions that issued no statement of their own here (not run, or they build a fragment of another statement): attachProvenPartition, checkPartitionBounds, deleteArchivedMonths, detachPartition, insertArchivedMonths, isStandaloneTable, selectArchivedMonths, selectArchivedPartitionMonths, selectPartitionsBefore, selectPartitionsPendingDetach

-- createMonthPartition
alter table readings attach partition "readings_y2026m01"
    for values from ('2026-01-01T00:00:00.000Z') to ('2026-02-01T00:00:00.000Z');

-- createMonthPartition
alter table readings attach partition "readings_y2026m03"
    for values from ('2026-03-01T00:00:00.000Z') to ('2026-04-01T00:00:00.000Z');

-- createMonthPartition
alter table readings attach partition "readings_y2026m10"
    for values from ('2026-10-01T00:00:00.000Z') to ('2026-11-01T00:00:00.000Z');

-- createMonthPartition
create table "readings_y2026m01" (like readings including defaults including constraints);

-- createMonthPartition
create table "readings_y2026m03" (like readings including defaults including constraints);

-- createMonthPartition
create table "readings_y2026m10" (like readings including defaults including constraints);

-- lockReadingMonths
select pg_advisory_xact_lock(hashtextextended('readings-month:' || month, 0))
    from unnest($1::text[]) as wanted(month)
    order by month;

-- selectMonthCoverage
with attached as (
  select partition.relname as name, bound[1]::timestamptz as from_at, bound[2]::timestamptz as to_at
  from pg_inherits
  join pg_class partition on partition.oid = pg_inherits.inhrelid
  cross join lateral regexp_match(pg_get_expr(partition.relpartbound, partition.oid), 'FROM [(]''([^'']+)''[)] TO [(]''([^'']+)''[)]') as bound
  where pg_inherits.inhparent = 'readings'::regclass and not pg_inherits.inhdetachpending
)
    select to_char(wanted.month, 'YYYY-MM-DD') as month,
      exists (
        select 1 from attached
        where attached.from_at <= wanted.month::timestamp at time zone 'UTC'
          and attached.to_at >= (wanted.month + interval '1 month') at time zone 'UTC'
      ) as "isCovered",
      exists (select 1 from readings_archived_months archived where archived.month = wanted.month) as "isArchived"
    from unnest($1::date[]) as wanted(month);
