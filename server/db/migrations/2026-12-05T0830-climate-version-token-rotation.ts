import type { Kysely } from 'kysely';
import { executeStatements } from '../execute-statements.ts';

/**
 * Two follow-ups of issue 23:
 * - `weather_stations.degree_days_version` goes up each time an import writes the station's
 *   degree days, so a cached heating comparison keyed by it is never stale (like
 *   `residences.consumption_version` for the dashboard);
 * - a personal access token whose keyed hash was made under a SESSION_SECRET no node accepts any
 *   more is revoked as `secret_rotation`, so its holder sees why it stopped working.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, [
    `alter table weather_stations add column degree_days_version bigint not null default 0`,
    `alter table api_tokens drop constraint api_tokens_revoked_reason_check`,
    `alter table api_tokens add constraint api_tokens_revoked_reason_check
      check (revoked_reason in ('resident', 'move_out', 'closure', 'deletion', 'secret_rotation'))`,
  ]);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, [
    `alter table api_tokens drop constraint api_tokens_revoked_reason_check`,
    `alter table api_tokens add constraint api_tokens_revoked_reason_check check (revoked_reason in ('resident', 'move_out', 'closure', 'deletion'))`,
    `alter table weather_stations drop column degree_days_version`,
  ]);
}
