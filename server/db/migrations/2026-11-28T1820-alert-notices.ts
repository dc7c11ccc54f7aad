import type { Kysely } from 'kysely';
import { executeStatements } from '../execute-statements.ts';

/**
 * Alert delivery (issue 7): one notice per alert episode and channel, the record of its
 * delivery. `message_id` is stable per episode and channel; it is the email's Message-ID and
 * the SMS provider's client reference, so a resend after a crash carries the same id.
 * `status` goes pending → sending (committed before the provider call) → sent (committed
 * after it), or failed (retried) or skipped (the resident's options when the job ran).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, [
    `create table alert_notices (
      id uuid primary key default gen_random_uuid(),
      episode_id uuid not null references alert_episodes(id),
      residence_id uuid not null references residences(id),
      channel text not null check (channel in ('email', 'sms')),
      message_id text not null unique check (length(message_id) between 1 and 100),
      recipient text,
      status text not null default 'pending' check (status in ('pending', 'sending', 'sent', 'failed', 'skipped')),
      attempts integer not null default 0 check (attempts >= 0),
      last_error text,
      retryable boolean not null default true,
      skip_reason text check (skip_reason is null or skip_reason in ('no_resident', 'option_off', 'no_mobile')),
      provider text,
      provider_message_id text,
      created_at timestamptz not null,
      sending_at timestamptz,
      sent_at timestamptz,
      unique (episode_id, channel),
      check ((status = 'sent') = (sent_at is not null)),
      check ((status = 'skipped') = (skip_reason is not null))
    )`,
    `create index alert_notices_unfinished_idx on alert_notices (status, created_at) where status in ('pending', 'sending', 'failed')`,
    `create index alert_notices_residence_idx on alert_notices (residence_id, created_at desc)`,
  ]);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are append-only: restore from a backup instead of rolling back.');
}
