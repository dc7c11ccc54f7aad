import { Migrator, sql, type Kysely, type MigrationResult } from 'kysely';
import { migrations } from './migrations/index.ts';

class MigrationError extends Error {
  constructor(migrationName: string | undefined, cause: unknown) {
    super(`Migration ${migrationName ?? '(unknown)'} failed: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
    this.name = 'MigrationError';
  }
}

/** The migrations of this code the database has not run (readiness, and a warm start's shortcut). */
export async function pendingMigrations(db: Kysely<any>): Promise<string[]> {
  const table = await sql<{ found: boolean }>`select to_regclass('kysely_migration') is not null as found`.execute(db);
  if (!table.rows[0]?.found) return Object.keys(migrations);
  const rows = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
  const applied = new Set(rows.rows.map((row) => row.name));
  return Object.keys(migrations).filter((name) => !applied.has(name));
}

/**
 * Brings the schema to the latest migration. Safe on several nodes at once: Kysely takes a lock.
 * A warm start, where nothing is to run, skips the Migrator.
 */
export async function migrateToLatest(db: Kysely<any>): Promise<MigrationResult[]> {
  // One query, where the Migrator takes a lock and runs a dozen.
  if ((await pendingMigrations(db)).length === 0) return [];
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error) throw new MigrationError(results.find((result) => result.status === 'Error')?.migrationName, error);
  return results;
}
