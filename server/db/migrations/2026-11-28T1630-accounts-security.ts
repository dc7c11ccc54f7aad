import type { Kysely } from 'kysely';
import { executeStatements } from '../execute-statements.ts';

/**
 * What login, password reset and the staff second factor need to remember between requests.
 * Secrets are never stored as given: session ids, reset codes and recovery codes as keyed
 * hashes; the TOTP secret encrypted (it must be read back to check codes).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, [
    // A staff member who has given the password but not yet the second factor holds a
    // 'password_only' session: it opens nothing but the second-factor routes.
    `alter table sessions add column assurance text not null default 'full'
      check (assurance in ('full', 'password_only'))`,
    `create index sessions_expires_idx on sessions (expires_at)`,

    // One row per throttled key: an account ('account:<role>:<email>') or a client address.
    `create table login_throttles (
      throttle_key text primary key,
      failure_count integer not null check (failure_count >= 0),
      last_failure_at timestamptz not null,
      locked_until timestamptz
    )`,

    // One live code per user: a new request replaces the row, so an older code stops working.
    `create table password_reset_codes (
      user_id uuid primary key references users(id),
      code_id uuid not null,
      code_hash bytea not null,
      created_at timestamptz not null,
      expires_at timestamptz not null,
      failed_attempts integer not null default 0 check (failed_attempts between 0 and 5),
      consumed_at timestamptz,
      sends_in_window integer not null default 1 check (sends_in_window >= 1),
      window_started_at timestamptz not null
    )`,

    `create table staff_second_factors (
      user_id uuid primary key references staff_members(user_id),
      secret_ciphertext text not null,
      created_at timestamptz not null,
      confirmed_at timestamptz,
      last_used_step bigint
    )`,
    `create table staff_recovery_codes (
      user_id uuid not null references staff_members(user_id),
      code_hash bytea not null,
      used_at timestamptz,
      primary key (user_id, code_hash)
    )`,
  ]);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are append-only: restore from a backup instead of rolling back.');
}
