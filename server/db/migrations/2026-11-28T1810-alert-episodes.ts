import type { Kysely } from 'kysely';
import { executeStatements } from '../execute-statements.ts';

/**
 * Alert episodes (issue 7): a leak on a water meter, or a dwelling's over-consumption of a
 * fluid, from the moment the condition began in the data (`started_at`) to the last moment it
 * held (`last_seen_at`). `opened_at` and `closed_at` are when detection recorded its start and
 * its end; an episode found already over (history) is recorded closed. At most one episode per
 * dwelling, device (none for over-consumption), kind and fluid is open at a time.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, [
    `create table alert_episodes (
      id uuid primary key default gen_random_uuid(),
      residence_id uuid not null references residences(id),
      dwelling_id uuid not null references dwellings(id),
      device_id uuid references devices(id),
      kind text not null check (kind in ('leak', 'overconsumption')),
      fluid text not null check (fluid in ('hot_water', 'cold_water', 'heating')),
      source text not null check (source in ('meter_flag', 'readings', 'daily_rule', 'monthly_rule')),
      started_at timestamptz not null,
      last_seen_at timestamptz not null,
      opened_at timestamptz not null,
      closed_at timestamptz,
      details jsonb not null default '{}',
      check (last_seen_at >= started_at),
      check (closed_at is null or closed_at >= opened_at),
      check ((kind = 'leak') = (device_id is not null))
    )`,
    `create unique index alert_episodes_one_open on alert_episodes (dwelling_id, coalesce(device_id, '00000000-0000-0000-0000-000000000000'::uuid), kind, fluid) where closed_at is null`,
    `create index alert_episodes_dwelling_idx on alert_episodes (dwelling_id, started_at desc)`,
    `create index alert_episodes_residence_idx on alert_episodes (residence_id, kind) where closed_at is null`,
  ]);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are append-only: restore from a backup instead of rolling back.');
}
