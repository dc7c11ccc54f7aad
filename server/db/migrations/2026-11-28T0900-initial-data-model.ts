import type { Kysely } from 'kysely';
import { executeStatements } from '../execute-statements.ts';

/**
 * The data model of SPEC §2. The seed's rules are constraints here, not only code:
 * one active resident account per dwelling, and one active account per email address
 * (case-insensitive) and role. Large tables carry residence_id so that they can be
 * distributed by residence later (docs/SCALING.md).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, [
    `create table clients (
      id uuid primary key default gen_random_uuid(),
      name text not null check (length(name) between 1 and 200),
      kind text not null check (kind in ('syndic', 'bailleur')),
      created_at timestamptz not null default now()
    )`,

    `create table contracts (
      id uuid primary key default gen_random_uuid(),
      client_id uuid not null references clients(id),
      reference text not null unique check (length(reference) between 1 and 50),
      booked_options text[] not null default '{}' check (booked_options <@ array['resident_portal', 'remote_reading']::text[]),
      starts_on date not null,
      ends_on date,
      created_at timestamptz not null default now(),
      check (ends_on is null or ends_on >= starts_on)
    )`,
    `create index contracts_client_idx on contracts (client_id)`,

    `create table residences (
      id uuid primary key default gen_random_uuid(),
      client_id uuid not null references clients(id),
      contract_id uuid not null references contracts(id),
      building_code text not null unique check (building_code ~ '^[0-9]{8}$'),
      name text check (name is null or length(name) between 1 and 200),
      street text not null check (length(street) between 1 and 200),
      postal_code text not null check (postal_code ~ '^[0-9A-Z -]{3,10}$'),
      city text not null check (length(city) between 1 and 100),
      time_zone text not null default 'Europe/Paris',
      published_at timestamptz,
      created_at timestamptz not null default now()
    )`,
    `create index residences_client_idx on residences (client_id)`,
    `create index residences_contract_idx on residences (contract_id)`,

    `create table dwellings (
      id uuid primary key default gen_random_uuid(),
      residence_id uuid not null references residences(id),
      client_number text not null check (length(client_number) between 1 and 30),
      building text not null default '' check (length(building) <= 10),
      staircase text not null default '' check (length(staircase) <= 10),
      floor text not null default '' check (length(floor) <= 10),
      dwelling_code text not null check (dwelling_code ~ '^[0-9]{8}$'),
      reference text not null unique check (reference ~ '^[A-Z0-9]{10}$'),
      created_at timestamptz not null default now(),
      unique (residence_id, dwelling_code)
    )`,

    `create table devices (
      id uuid primary key default gen_random_uuid(),
      residence_id uuid not null references residences(id),
      dwelling_id uuid not null references dwellings(id),
      kind text not null check (kind in ('hot_water', 'cold_water', 'heat_cost_allocator', 'heat_meter')),
      unit text not null check (unit in ('m3', 'units', 'kWh')),
      serial_number text not null check (serial_number ~ '^[0-9A-Za-z-]{1,40}$'),
      radio_id text check (radio_id is null or radio_id ~ '^[0-9A-Fa-f]{8}$'),
      manufacturer text not null check (length(manufacturer) between 1 and 40),
      location text not null default '' check (length(location) <= 100),
      is_in_common_area boolean not null default false,
      installed_on date not null,
      removed_on date,
      replaces_device_id uuid references devices(id),
      created_at timestamptz not null default now(),
      check (removed_on is null or removed_on >= installed_on),
      check ((kind in ('hot_water', 'cold_water') and unit = 'm3')
          or (kind = 'heat_cost_allocator' and unit = 'units')
          or (kind = 'heat_meter' and unit = 'kWh')),
      unique (manufacturer, serial_number)
    )`,
    `create index devices_serial_idx on devices (serial_number)`,
    `create index devices_radio_idx on devices (radio_id) where radio_id is not null`,
    `create index devices_dwelling_idx on devices (dwelling_id)`,

    `create table readings (
      residence_id uuid not null references residences(id),
      device_id uuid not null references devices(id),
      read_at timestamptz not null,
      index_value numeric not null check (index_value >= 0),
      is_estimated boolean not null default false,
      source text not null check (source in ('demo', 'csv', 'wmbusmeters', 'manual')),
      received_at timestamptz not null default now(),
      primary key (residence_id, device_id, read_at)
    )`,

    `create table users (
      id uuid primary key default gen_random_uuid(),
      role text not null check (role in ('resident', 'manager', 'staff')),
      email text not null check (email ~ '^[^@[:space:]]+@[^@[:space:]]+$' and length(email) <= 254),
      password_hash text,
      dwelling_id uuid references dwellings(id),
      locale text not null default 'fr' check (locale in ('fr', 'en')),
      created_at timestamptz not null default now(),
      closed_at timestamptz,
      check ((role = 'resident') = (dwelling_id is not null))
    )`,
    // An address serves one active account per role; once closed it can serve again.
    `create unique index users_active_email_unique on users (role, lower(email)) where closed_at is null`,
    // A dwelling has at most one active resident account.
    `create unique index users_active_dwelling_unique on users (dwelling_id) where closed_at is null`,

    `create table resident_profiles (
      user_id uuid primary key references users(id),
      residence_id uuid not null references residences(id),
      civility text not null check (civility in ('madame', 'monsieur')),
      last_name text not null check (length(last_name) between 1 and 100),
      first_name text not null check (length(first_name) between 1 and 100),
      mobile_e164 text check (mobile_e164 is null or mobile_e164 ~ '^\\+[1-9][0-9]{6,14}$'),
      is_owner boolean not null default false,
      council_member text not null default 'no_answer' check (council_member in ('yes', 'no', 'no_answer')),
      notify_leak_by_email boolean not null default false,
      notify_leak_by_sms boolean not null default false,
      notify_overconsumption boolean not null default false,
      manager_may_see_daily boolean not null default false,
      privacy_consent_at timestamptz not null,
      privacy_policy_version text not null,
      newsletter_consent_at timestamptz,
      newsletter_policy_version text,
      moved_in_on date not null,
      moved_out_on date,
      check (moved_out_on is null or moved_out_on >= moved_in_on),
      check ((newsletter_consent_at is null) = (newsletter_policy_version is null))
    )`,
    `create index resident_profiles_residence_idx on resident_profiles (residence_id)`,

    `create table manager_memberships (
      user_id uuid primary key references users(id),
      client_id uuid not null references clients(id),
      first_name text not null default '',
      last_name text not null default '',
      is_portal_admin boolean not null default false,
      sees_all_residences boolean not null default false
    )`,
    `create index manager_memberships_client_idx on manager_memberships (client_id)`,

    `create table manager_residence_access (
      user_id uuid not null references manager_memberships(user_id),
      residence_id uuid not null references residences(id),
      granted_at timestamptz not null default now(),
      primary key (user_id, residence_id)
    )`,
    `create index manager_residence_access_residence_idx on manager_residence_access (residence_id)`,

    `create table staff_members (
      user_id uuid primary key references users(id),
      staff_role text not null check (staff_role in ('support', 'data', 'admin')),
      display_name text not null default ''
    )`,

    `create table occupant_changes (
      id uuid primary key default gen_random_uuid(),
      residence_id uuid not null references residences(id),
      dwelling_id uuid not null references dwellings(id),
      changed_on date not null,
      recorded_by_user_id uuid references users(id),
      note text not null default '' check (length(note) <= 500),
      created_at timestamptz not null default now()
    )`,
    `create index occupant_changes_dwelling_idx on occupant_changes (dwelling_id, changed_on desc)`,

    `create table sessions (
      id_hash bytea primary key,
      user_id uuid not null references users(id),
      created_at timestamptz not null,
      last_seen_at timestamptz not null,
      expires_at timestamptz not null,
      client_address text not null default '',
      user_agent text not null default ''
    )`,
    `create index sessions_user_idx on sessions (user_id)`,

    `create table outbox_messages (
      id uuid primary key default gen_random_uuid(),
      message_key text not null unique,
      channel text not null check (channel in ('email', 'sms')),
      recipient text not null,
      subject text not null default '',
      body_text text not null,
      body_html text,
      status text not null default 'pending' check (status in ('pending', 'sending', 'sent', 'failed', 'outbox')),
      attempts integer not null default 0,
      last_error text,
      residence_id uuid references residences(id),
      created_at timestamptz not null default now(),
      sent_at timestamptz
    )`,
    `create index outbox_messages_status_idx on outbox_messages (status, created_at)`,
    `create index outbox_messages_recipient_idx on outbox_messages (lower(recipient), created_at desc)`,

    `create table audit_events (
      id bigint generated always as identity primary key,
      occurred_at timestamptz not null,
      actor_user_id uuid references users(id),
      actor_role text check (actor_role is null or actor_role in ('resident', 'manager', 'staff', 'system')),
      action text not null check (action ~ '^[a-z_]+(\\.[a-z_]+)+$'),
      target_type text,
      target_id text,
      client_address text,
      details jsonb not null default '{}'
    )`,
    `create index audit_events_occurred_idx on audit_events (occurred_at desc)`,
    `create index audit_events_actor_idx on audit_events (actor_user_id, occurred_at desc)`,
    // The audit trail is append-only, enforced by the database itself.
    `create function audit_events_refuse_change() returns trigger language plpgsql as $$
      begin
        raise exception 'audit_events is append-only';
      end
    $$`,
    `create trigger audit_events_append_only before update or delete on audit_events
      for each row execute function audit_events_refuse_change()`,
  ]);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are append-only: restore from a backup instead of rolling back.');
}
