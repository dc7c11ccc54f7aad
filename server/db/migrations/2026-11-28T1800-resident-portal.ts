import type { Kysely } from 'kysely';
import { executeStatements } from '../execute-statements.ts';

/**
 * Resident portal (issue 6): the codes that verify a new email address before it replaces
 * the account's.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, [
    `create table email_change_codes (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references users(id),
      new_email text not null check (length(new_email) between 3 and 254),
      code_hash bytea not null,
      failed_tries integer not null default 0 check (failed_tries between 0 and 5),
      created_at timestamptz not null,
      expires_at timestamptz not null,
      consumed_at timestamptz,
      cancelled_at timestamptz,
      check (consumed_at is null or cancelled_at is null)
    )`,
    `create index email_change_codes_user_idx on email_change_codes (user_id, created_at desc)`,
    // One live code per account: a new request cancels the previous code in the same transaction.
    `create unique index email_change_codes_one_live_per_user on email_change_codes (user_id) where consumed_at is null and cancelled_at is null`,
    `create index email_change_codes_email_idx on email_change_codes (lower(new_email), created_at desc)`,
  ]);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are append-only: restore from a backup instead of rolling back.');
}
