import type { Kysely } from 'kysely';
import { executeStatements } from '../execute-statements.ts';

/**
 * The operator back office (SPEC §6): replies to assistance requests (and their « answered »
 * status), upload previews (what a CSV would change, checked before it is applied), and the
 * indexes its searches need on a large portfolio: prefix searches on codes, serial numbers and
 * addresses, and the audit trail searched by action and target.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, [
    `alter table assistance_requests drop constraint assistance_requests_status_check`,
    `alter table assistance_requests add constraint assistance_requests_status_check
      check (status in ('new', 'in_progress', 'answered', 'closed'))`,

    `create table assistance_replies (
      id uuid primary key default gen_random_uuid(),
      request_id uuid not null references assistance_requests(id),
      staff_user_id uuid not null references users(id),
      created_at timestamptz not null,
      body_text text not null check (length(body_text) between 1 and 8000),
      outbox_message_id uuid references outbox_messages(id)
    )`,
    `create index assistance_replies_request_idx on assistance_replies (request_id, created_at)`,

    // A previewed upload: the file's digest, what it would change, who previewed it. Applying
    // sends the same file again with the preview's id; a different file is refused.
    `create table staff_upload_previews (
      id uuid primary key default gen_random_uuid(),
      kind text not null check (kind in ('inventory_csv', 'readings_csv')),
      file_digest bytea not null,
      options jsonb not null default '{}',
      is_clean boolean not null,
      summary jsonb not null default '{}',
      created_by_user_id uuid not null references users(id),
      created_at timestamptz not null,
      expires_at timestamptz not null,
      applied_at timestamptz
    )`,

    `create index residences_building_code_prefix_idx on residences (building_code text_pattern_ops)`,
    `create index residences_street_prefix_idx on residences (lower(street) text_pattern_ops)`,
    `create index residences_city_prefix_idx on residences (lower(city) text_pattern_ops)`,
    `create index dwellings_code_prefix_idx on dwellings (dwelling_code text_pattern_ops)`,
    `create index dwellings_client_number_idx on dwellings (lower(client_number) text_pattern_ops)`,
    `create index devices_serial_prefix_idx on devices (serial_number text_pattern_ops)`,
    `create index users_email_prefix_idx on users (lower(email) text_pattern_ops)`,
    `create index outbox_messages_created_idx on outbox_messages (created_at desc)`,
    `create index audit_events_action_idx on audit_events (action, occurred_at desc)`,
    `create index audit_events_target_idx on audit_events (target_type, target_id, occurred_at desc)`,
  ]);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are append-only: restore from a backup instead of rolling back.');
}
