import type { Kysely } from 'kysely';
import { executeStatements } from '../execute-statements.ts';

/**
 * `residences.consumption_version` goes up each time the engine rewrites a residence's monthly
 * totals and averages (every refresh after ingest, every rebuild). Everything a resident's
 * dashboard shows is computed from those rows, so a dashboard computed at one version can be
 * served again until the version moves, on any node.
 *
 * `users_dwelling_idx`: the privacy boundary, read on every resident request, looks up the
 * dwelling's other accounts, closed ones included (the unique index covers active ones only).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, [
    `alter table residences add column consumption_version bigint not null default 0`,
    `create index users_dwelling_idx on users (dwelling_id)`,
  ]);
}
