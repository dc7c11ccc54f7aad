import type { Kysely } from 'kysely';
import { executeStatements } from '../execute-statements.ts';

/**
 * The server side of the sign-up (SPEC §3): an attempt holds the current step so that no
 * step can be skipped or replayed; codes are stored only as keyed hashes with their try
 * counter; every dwelling look-up is logged and counted per client address; requests to
 * customer service (« Contacter l'assistance ») wait in their own table for the back office.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, [
    `create table signup_attempts (
      id uuid primary key default gen_random_uuid(),
      token_hash bytea not null unique,
      step text not null check (step in ('attest', 'profile', 'options', 'personal_info', 'verify_email', 'completed', 'abandoned')),
      residence_id uuid not null references residences(id),
      dwelling_id uuid not null references dwellings(id),
      identified_by text not null check (identified_by in ('serial_number', 'dwelling_reference')),
      is_owner boolean,
      moved_in_on date,
      council_member text check (council_member is null or council_member in ('yes', 'no', 'no_answer')),
      notify_leak_by_email boolean,
      notify_leak_by_sms boolean,
      notify_overconsumption boolean,
      manager_may_see_daily boolean,
      civility text check (civility is null or civility in ('madame', 'monsieur')),
      last_name text check (last_name is null or length(last_name) between 1 and 100),
      first_name text check (first_name is null or length(first_name) between 1 and 100),
      mobile_e164 text check (mobile_e164 is null or mobile_e164 ~ '^\\+[1-9][0-9]{6,14}$'),
      email text check (email is null or length(email) <= 254),
      password_hash text,
      privacy_consent_at timestamptz,
      privacy_policy_version text,
      newsletter_consent_at timestamptz,
      newsletter_policy_version text,
      user_id uuid references users(id),
      client_address text not null default '',
      created_at timestamptz not null,
      updated_at timestamptz not null,
      expires_at timestamptz not null,
      check ((step = 'completed') = (user_id is not null))
    )`,
    `create index signup_attempts_dwelling_idx on signup_attempts (dwelling_id)`,
    `create index signup_attempts_expires_idx on signup_attempts (expires_at)`,

    `create table signup_codes (
      id uuid primary key default gen_random_uuid(),
      attempt_id uuid not null references signup_attempts(id),
      email text not null check (length(email) <= 254),
      code_hash bytea not null,
      -- The address already has an account: the mailbox got a notice instead of a code, and no code can succeed.
      is_address_in_use boolean not null,
      failed_tries integer not null default 0 check (failed_tries between 0 and 5),
      created_at timestamptz not null,
      expires_at timestamptz not null,
      consumed_at timestamptz,
      cancelled_at timestamptz,
      check (consumed_at is null or cancelled_at is null)
    )`,
    `create index signup_codes_attempt_idx on signup_codes (attempt_id, created_at desc)`,
    // At most one code is live per attempt: a new one cancels the previous in the same transaction.
    `create unique index signup_codes_one_live_per_attempt on signup_codes (attempt_id) where consumed_at is null and cancelled_at is null`,
    `create index signup_codes_email_idx on signup_codes (lower(email), created_at desc)`,

    `create table signup_lookups (
      id bigint generated always as identity primary key,
      occurred_at timestamptz not null,
      client_address text not null,
      method text not null check (method in ('serial_number', 'building_code', 'dwelling_reference')),
      outcome text not null check (length(outcome) between 1 and 60),
      -- A keyed hash of what was typed: scans show up as many distinct digests, without storing the values.
      input_digest bytea not null
    )`,
    `create index signup_lookups_client_idx on signup_lookups (client_address, occurred_at desc)`,

    `create table assistance_requests (
      id uuid primary key default gen_random_uuid(),
      created_at timestamptz not null,
      name text not null check (length(name) between 1 and 200),
      email text not null check (length(email) between 3 and 254),
      phone text check (phone is null or phone ~ '^\\+[1-9][0-9]{6,14}$'),
      message text not null check (length(message) between 1 and 4000),
      serial_number text check (serial_number is null or length(serial_number) <= 40),
      building_code text check (building_code is null or building_code ~ '^[0-9]{8}$'),
      dwelling_reference text check (dwelling_reference is null or length(dwelling_reference) <= 20),
      page text not null default '' check (length(page) <= 100),
      client_address text not null default '',
      status text not null default 'new' check (status in ('new', 'in_progress', 'closed')),
      handled_at timestamptz,
      handled_by_user_id uuid references users(id)
    )`,
    `create index assistance_requests_status_idx on assistance_requests (status, created_at desc)`,
    `create index assistance_requests_client_idx on assistance_requests (client_address, created_at desc)`,
  ]);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are append-only: restore from a backup instead of rolling back.');
}
