import type { Kysely } from 'kysely';
import { executeStatements } from '../execute-statements.ts';

/**
 * Spikes and dips the index took back are left out of billing (consumption/daily-consumption.ts):
 * each day says why it is estimated, each dwelling-month how many of its days replace an
 * excursion (residence averages leave those months out), and every excursion is kept for staff.
 * Quarantine also keeps messages whose radio id belongs to a device of another kind.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, [
    `alter table daily_consumption add column estimate_reason text
       check (estimate_reason in ('spike', 'gap', 'estimated_reading'))`,
    `update daily_consumption set estimate_reason = 'gap' where is_estimated`,
    `alter table daily_consumption add constraint daily_consumption_estimate_reason_present
       check ((estimate_reason is null) = (not is_estimated))`,
    `alter table monthly_dwelling_consumption add column spike_days integer not null default 0`,
    `create table consumption_excursions (
      residence_id uuid not null references residences(id),
      device_id uuid not null references devices(id),
      kind text not null check (kind in ('spike', 'dip')),
      started_at timestamptz not null,
      ended_at timestamptz not null,
      reading_count integer not null,
      extreme_index numeric not null,
      not_billed numeric not null check (not_billed >= 0),
      detected_at timestamptz not null,
      primary key (device_id, started_at)
    )`,
    `create index consumption_excursions_residence_idx on consumption_excursions (residence_id, started_at)`,
    // A message whose radio id belongs to a device of another kind waits in quarantine, saying so.
    `alter table ingest_quarantine drop constraint ingest_quarantine_reason_check`,
    `alter table ingest_quarantine add constraint ingest_quarantine_reason_check check (reason in ('unknown_device', 'device_of_another_kind'))`,
  ]);
}
