import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { inject } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../db/database.ts';
import { runOnServer, withDatabaseName } from './global-setup.ts';

export interface TestDatabase extends DatabaseHandle {
  /** Connection string of this test's own PostgreSQL database (absent on PGlite). */
  url?: string;
}

/**
 * A fresh, migrated database for one test file: a copy of the run's template. On PostgreSQL
 * it is dropped on close.
 */
export async function createTestDatabase(options: { maxConnections?: number } = {}): Promise<TestDatabase> {
  const templateUrl = inject('templateDatabaseUrl');
  if (templateUrl) {
    const templateName = new URL(templateUrl).pathname.slice(1);
    const name = `portal_test_${randomBytes(6).toString('hex')}`;
    await runOnServer(templateUrl, `create database ${name} template ${templateName}`);
    const url = withDatabaseName(templateUrl, name);
    const handle = await openDatabase({ kind: 'postgres', url, maxConnections: options.maxConnections ?? 60 });
    // The database is dropped WITH FORCE as soon as pool.end() resolves, which can be before every
    // socket has closed: the server's goodbye (57P01) on such a socket must not fail the test file.
    handle.pool?.removeAllListeners('error').on('error', () => {});
    handle.pool?.on('connect', (client) => client.on('error', () => {}));
    return {
      ...handle,
      url,
      close: async () => {
        await handle.close();
        await runOnServer(templateUrl, `drop database if exists ${name} with (force)`);
      },
    };
  }
  const dumpPath = inject('pgliteTemplatePath');
  if (!dumpPath) throw new Error('The test database template is missing: run the tests through vitest.config.ts.');
  return openDatabase({ kind: 'pglite-memory', loadDataDir: new Blob([await readFile(dumpPath)]) });
}

/** True when the suite runs on a real PostgreSQL server, where concurrency tests prove something. */
export function isOnPostgres(): boolean {
  return inject('templateDatabaseUrl') !== null;
}
