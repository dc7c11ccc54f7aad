import type { Kysely } from 'kysely';
import { executeStatements } from '../execute-statements.ts';

/**
 * No staff role may read a live one-time code (issue 14). The outbox keeps each email with
 * its secret masked; what delivery still needs is sealed (secret-box, keyed by
 * SESSION_SECRET, which the database does not hold) and dropped once delivered or expired.
 * Codes already stored in clear are masked here.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, [
    'alter table outbox_messages add column sealed_content text',
    'alter table outbox_messages add column secret_expires_at timestamptz',
    `update outbox_messages
        set body_text = regexp_replace(body_text, '\\m[0-9]{6}\\M', '••••••', 'g'),
            body_html = regexp_replace(body_html, '\\m[0-9]{6}\\M', '••••••', 'g')
      where split_part(message_key, ':', 1) in ('password-reset', 'signup-code', 'email-change-code', 'account-invitation')`,
    'create index outbox_messages_sealed_expiry on outbox_messages (secret_expires_at) where sealed_content is not null',
  ]);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, [
    'drop index outbox_messages_sealed_expiry',
    'alter table outbox_messages drop column secret_expires_at',
    'alter table outbox_messages drop column sealed_content',
  ]);
}
