import type { Kysely } from 'kysely';
import { executeStatements } from '../execute-statements.ts';

/**
 * A look-up budget per residence (issue 14): each sign-up look-up that finds a serial number
 * or a dwelling reference notes its residence, so the hits on one residence are counted
 * across all client addresses; staff may lift the budget of a residence for a while (a
 * flyer day).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, [
    'alter table signup_lookups add column residence_id uuid references residences (id) on delete cascade',
    'create index signup_lookups_residence_idx on signup_lookups (residence_id, occurred_at desc) where residence_id is not null',
    'create index signup_lookups_occurred_idx on signup_lookups (occurred_at desc)',
    `create table signup_lookup_budget_lifts (
      residence_id uuid primary key references residences (id) on delete cascade,
      lifted_until timestamptz not null,
      lifted_by_user_id uuid references users (id) on delete set null,
      created_at timestamptz not null
    )`,
  ]);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, [
    'drop table signup_lookup_budget_lifts',
    'drop index signup_lookups_occurred_idx',
    'drop index signup_lookups_residence_idx',
    'alter table signup_lookups drop column residence_id',
  ]);
}
