import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase, type DatabaseHandle } from '../db/database.ts';
import { findFreePort } from './free-port.ts';
import { createTestDatabase, isOnPostgres, type TestDatabase } from './test-database.ts';

const MAIN = fileURLToPath(new URL('../main.ts', import.meta.url));

export interface ServerProcess {
  port: number;
  child: ChildProcess;
  exited: Promise<number | null>;
  /** Everything it printed so far (its log lines are JSON). */
  output(): string;
}

export interface ServerDatabase {
  /** What startServerProcess needs to reach it: DATABASE_URL (PostgreSQL) or DATA_DIR (a PGlite folder). */
  environment: Record<string, string>;
  /** The server's database, while no server runs on it (a PGlite folder takes one process at a time). */
  use<T>(work: (database: DatabaseHandle) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * A database for server processes to run on: a fresh copy of the migrated template under
 * TEST_DATABASE_URL, else an empty PGlite folder of its own (`prefix` names it); either way,
 * `migrateToLatest` in `use` makes it ready.
 */
export async function createServerDatabase(prefix: string): Promise<ServerDatabase> {
  const folder = await mkdtemp(path.join(os.tmpdir(), prefix));
  const testDatabase: TestDatabase | undefined = isOnPostgres() ? await createTestDatabase() : undefined;
  return {
    environment: testDatabase ? { DATABASE_URL: testDatabase.url! } : { DATA_DIR: folder },
    async use(work) {
      if (testDatabase) return work(testDatabase);
      const database = await openDatabase({ kind: 'pglite', dataDir: path.join(folder, 'pglite') });
      try {
        return await work(database);
      } finally {
        await database.close();
      }
    },
    async close() {
      await testDatabase?.close();
      await rm(folder, { recursive: true, force: true });
    },
  };
}

/**
 * The real entry point (server/main.ts) in a process of its own, on a free port, without demo
 * data; resolves once it says it is running. `environment` adds to or overrides the defaults
 * (a database, MQTT_URL…).
 */
export async function startServerProcess(environment: Record<string, string>): Promise<ServerProcess> {
  const port = await findFreePort();
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      DEMO_DATA: 'false',
      PORT: String(port),
      HOST: '127.0.0.1',
      ...environment,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let hasExited = false;
  void exited.then(() => (hasExited = true));
  await waitFor(
    () => {
      if (hasExited) throw new Error(`the server exited during start-up:\n${output}`);
      return output.includes('is running');
    },
    120_000,
    () => `the server did not start:\n${output}`,
  );
  return { port, child, exited, output: () => output };
}

export async function waitFor(condition: () => boolean, timeoutMs: number, describe: () => string): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(describe());
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
