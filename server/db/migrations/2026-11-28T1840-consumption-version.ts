import type { Kysely } from 'kysely';
import { executeStatements } from '../execute-statements.ts';

/**
 * `residences.consumption_version` goes up each time the engine rewrites a residence's monthly
 * totals and averages (every refresh after ingest, every rebuild). Everything a resident's
 * dashboard shows is computed from those rows, so a dashboard computed at one version can be
 * served again until the version moves, on any node.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, [`alter table residences add column consumption_version bigint not null default 0`]);
}
