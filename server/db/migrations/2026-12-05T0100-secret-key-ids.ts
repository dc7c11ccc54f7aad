import type { Kysely } from 'kysely';
import { executeStatements } from '../execute-statements.ts';

/**
 * Every table holding a hash keyed by SESSION_SECRET, or a value sealed under it, records which
 * secret did (`key_id`, a short non-secret fingerprint): a rotation can then count what still
 * depends on the retiring secret, and re-key a gateway token at its next use. Existing rows keep
 * a null key_id (unknown): they are looked up under every accepted secret, as before.
 */
const TABLES = [
  'sessions',
  'password_reset_codes',
  'staff_recovery_codes',
  'staff_second_factors',
  'data_sources',
  'outbox_messages',
  'signup_attempts',
  'signup_codes',
  'email_change_codes',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(
    db,
    TABLES.map((table) => `alter table ${table} add column key_id text check (key_id ~ '^[0-9a-f]{16}$')`),
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await executeStatements(
    db,
    TABLES.map((table) => `alter table ${table} drop column key_id`),
  );
}
