import type { Kysely } from 'kysely';
import { executeStatements } from '../execute-statements.ts';

/**
 * When detection handed an opened episode to the notices (`scheduleEpisodeNotices`). Null on an
 * open episode means not yet: the next detection pass does it, so a crash between recording an
 * episode and scheduling its notices loses nothing.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, [
    `alter table alert_episodes add column notices_scheduled_at timestamptz`,
    `create index alert_episodes_unscheduled_idx on alert_episodes (opened_at) where closed_at is null and notices_scheduled_at is null`,
  ]);
}

export async function down(): Promise<void> {
  throw new Error('Migrations are append-only: restore from a backup instead of rolling back.');
}
