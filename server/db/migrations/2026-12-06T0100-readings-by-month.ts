import { sql, type Kysely } from 'kysely';
import { executeStatements } from '../execute-statements.ts';

/**
 * Readings partitioned by month of `read_at` (issue 21), partitions made on demand by ingest
 * (server/modules/ingest/reading-partitions.service.ts). The primary key keeps `residence_id`
 * first, so it stays valid on a table distributed by residence.
 *
 * The rows in place are not copied: the old table becomes one partition, `readings_legacy`,
 * covering whole UTC months from its first reading to its last. Its CHECK constraint is added
 * NOT VALID then validated, so that the attach finds the range proven and does not scan again;
 * the one read of the table happens under the lock the rename took (Kysely runs the pending
 * migrations in one transaction), with no write and no index rebuilt. An empty database gets
 * no legacy partition. No DEFAULT partition: creating a month would then have to scan it.
 *
 * `readings_archived_months`: the months whose partition was detached (`npm run readings --
 * archive`), so that ingest refuses them and a consumption rebuild knows its readings are not all
 * there.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const { rows } = await sql<{ from_at: string | null; to_at: string | null }>`
    select to_char(date_trunc('month', min(read_at) at time zone 'UTC'), 'YYYY-MM-DD"T00:00:00Z"') as from_at,
           to_char(date_trunc('month', max(read_at) at time zone 'UTC') + interval '1 month', 'YYYY-MM-DD"T00:00:00Z"') as to_at
    from readings
  `.execute(db);
  const range = rows[0]?.from_at && rows[0].to_at ? { from: rows[0].from_at, to: rows[0].to_at } : undefined;

  await executeStatements(db, [
    `alter table readings rename to readings_legacy`,
    `alter index readings_pkey rename to readings_legacy_pkey`,
    `alter table readings_legacy rename constraint readings_residence_id_fkey to readings_legacy_residence_id_fkey`,
    `alter table readings_legacy rename constraint readings_device_id_fkey to readings_legacy_device_id_fkey`,
    `create table readings (
      residence_id uuid not null,
      device_id uuid not null,
      read_at timestamptz not null,
      index_value numeric not null,
      is_estimated boolean not null default false,
      source text not null,
      received_at timestamptz not null default now(),
      constraint readings_index_value_check check (index_value >= 0),
      constraint readings_source_check check (source in ('demo', 'csv', 'wmbusmeters', 'manual')),
      constraint readings_pkey primary key (residence_id, device_id, read_at),
      constraint readings_residence_id_fkey foreign key (residence_id) references residences(id),
      constraint readings_device_id_fkey foreign key (device_id) references devices(id)
    ) partition by range (read_at)`,
    ...(range
      ? [
          `alter table readings_legacy add constraint readings_legacy_read_at_range
             check (read_at >= '${range.from}' and read_at < '${range.to}') not valid`,
          `alter table readings_legacy validate constraint readings_legacy_read_at_range`,
          `alter table readings attach partition readings_legacy for values from ('${range.from}') to ('${range.to}')`,
        ]
      : [`drop table readings_legacy`]),
    `create table readings_archived_months (
      month date primary key check (extract(day from month) = 1),
      partition_name text not null,
      archived_at timestamptz not null
    )`,
  ]);
}
