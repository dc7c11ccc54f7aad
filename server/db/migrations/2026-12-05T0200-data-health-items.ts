import type { Kysely } from 'kysely';
import { executeStatements } from '../execute-statements.ts';

/**
 * Implausible rates and lasting decreases (issue 15): a device may carry its own maximum
 * plausible rate (else its kind's, consumption/plausible-rates.ts); every excursion, stretch
 * of flow over that rate and lasting decrease the consumption refresh finds is a staff item
 * that staff mark real or glitch.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, [
    `alter table devices add column max_rate_per_hour numeric check (max_rate_per_hour > 0)`,
    `create table data_health_items (
      id uuid primary key default gen_random_uuid(),
      residence_id uuid not null references residences(id),
      device_id uuid not null references devices(id),
      kind text not null check (kind in ('excursion', 'over_limit_rate', 'lasting_decrease')),
      started_at timestamptz not null,
      ended_at timestamptz not null check (ended_at >= started_at),
      magnitude numeric not null,
      status text not null default 'open' check (status in ('open', 'real', 'glitch')),
      decided_by uuid references users(id),
      decided_at timestamptz,
      detected_at timestamptz not null,
      check ((status = 'open') = (decided_at is null)),
      unique (device_id, kind, started_at)
    )`,
    `create index data_health_items_residence_idx on data_health_items (residence_id, started_at desc)`,
  ]);
}
