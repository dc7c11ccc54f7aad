import type { Kysely } from 'kysely';
import { executeStatements } from '../execute-statements.ts';

/**
 * Meter data in (issue 5): data-source tokens, import batches, the wmbusmeters telegrams
 * (raw message and status flags), the quarantine of messages for unknown devices, reading
 * anomalies, and the consumption tables the engine maintains after each ingest batch
 * (per device and day, per dwelling and month, per residence and month) so that reading a
 * history never scans the readings.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, [
    // wmbusmeters prints radio ids in lower case; devices may have been registered in either.
    `create index devices_radio_lower_idx on devices (lower(radio_id)) where radio_id is not null`,

    `create table data_sources (
      id uuid primary key default gen_random_uuid(),
      name text not null unique check (length(name) between 1 and 100),
      token_hash bytea not null unique,
      created_at timestamptz not null default now(),
      revoked_at timestamptz
    )`,

    `create table import_batches (
      id uuid primary key default gen_random_uuid(),
      kind text not null check (kind in ('inventory_csv', 'readings_csv', 'wmbusmeters')),
      origin text not null default '' check (length(origin) <= 300),
      data_source_id uuid references data_sources(id),
      started_at timestamptz not null,
      finished_at timestamptz not null,
      outcome text not null check (outcome in ('imported', 'refused')),
      rows_read integer not null default 0,
      rows_stored integer not null default 0,
      rows_duplicate integer not null default 0,
      rows_conflicting integer not null default 0,
      rows_refused integer not null default 0,
      report jsonb not null default '{}'
    )`,
    `create index import_batches_started_idx on import_batches (started_at desc)`,

    `create table device_telegrams (
      residence_id uuid not null references residences(id),
      device_id uuid not null references devices(id),
      read_at timestamptz not null,
      driver text not null,
      status_flags text[] not null default '{}',
      alarm_kinds text[] not null default '{}' check (alarm_kinds <@ array['leak', 'burst', 'tamper', 'dry', 'reverse_flow', 'battery', 'error']::text[]),
      raw_message jsonb not null,
      received_at timestamptz not null default now(),
      primary key (device_id, read_at)
    )`,
    `create index device_telegrams_alarm_idx on device_telegrams (residence_id, read_at desc) where alarm_kinds <> '{}'`,

    `create table ingest_quarantine (
      id bigint generated always as identity primary key,
      received_at timestamptz not null,
      data_source_id uuid references data_sources(id),
      driver text not null default '',
      radio_id text not null default '',
      printed_serial text not null default '',
      reason text not null check (reason in ('unknown_device')),
      raw_message jsonb not null,
      replayed_at timestamptz
    )`,
    // The same telegram received twice (two gateways, a retry) is kept once.
    `create unique index ingest_quarantine_message_unique on ingest_quarantine (md5(raw_message::text))`,
    `create index ingest_quarantine_pending_idx on ingest_quarantine (radio_id) where replayed_at is null`,
    `create index ingest_quarantine_pending_serial_idx on ingest_quarantine (printed_serial) where replayed_at is null`,

    `create table reading_anomalies (
      residence_id uuid not null references residences(id),
      device_id uuid not null references devices(id),
      kind text not null check (kind in ('index_decrease', 'conflicting_duplicate')),
      read_at timestamptz not null,
      previous_index numeric,
      index_value numeric not null,
      detected_at timestamptz not null,
      primary key (device_id, kind, read_at)
    )`,

    // Devices whose readings changed since their consumption was computed, and from when.
    // Ingest marks them in its own transaction; the refresher claims marks for a while
    // (claimed_at), computes, then removes each mark unless a new change bumped its version.
    `create table consumption_refresh_queue (
      device_id uuid primary key references devices(id),
      changed_from timestamptz not null,
      queued_at timestamptz not null,
      version integer not null default 0,
      claimed_at timestamptz
    )`,

    `create table daily_consumption (
      residence_id uuid not null references residences(id),
      dwelling_id uuid not null references dwellings(id),
      device_id uuid not null references devices(id),
      fluid text not null check (fluid in ('hot_water', 'cold_water', 'heating')),
      unit text not null check (unit in ('m3', 'units', 'kWh')),
      day date not null,
      consumption numeric not null check (consumption >= 0),
      is_estimated boolean not null,
      primary key (device_id, day)
    )`,
    `create index daily_consumption_dwelling_idx on daily_consumption (dwelling_id, fluid, day)`,

    `create table monthly_dwelling_consumption (
      residence_id uuid not null references residences(id),
      dwelling_id uuid not null references dwellings(id),
      fluid text not null check (fluid in ('hot_water', 'cold_water', 'heating')),
      unit text not null check (unit in ('m3', 'units', 'kWh')),
      month date not null check (extract(day from month) = 1),
      consumption numeric not null check (consumption >= 0),
      days_covered integer not null,
      estimated_days integer not null,
      primary key (dwelling_id, fluid, unit, month)
    )`,
    `create index monthly_dwelling_consumption_residence_idx on monthly_dwelling_consumption (residence_id, fluid, unit, month)`,

    `create table monthly_residence_average (
      residence_id uuid not null references residences(id),
      fluid text not null check (fluid in ('hot_water', 'cold_water', 'heating')),
      unit text not null check (unit in ('m3', 'units', 'kWh')),
      month date not null check (extract(day from month) = 1),
      average_consumption numeric not null,
      dwelling_count integer not null check (dwelling_count > 0),
      primary key (residence_id, fluid, unit, month)
    )`,
  ]);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are append-only: restore from a backup instead of rolling back.');
}
