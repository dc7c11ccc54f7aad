import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOnServer, withDatabaseName } from '../test/global-setup.ts';
import { runModuleScript } from '../test/module-script.ts';
import { createTestDatabase, isOnPostgres, type TestDatabase } from '../test/test-database.ts';

const moduleUrl = (file: string) => JSON.stringify(pathToFileURL(`${import.meta.dirname}/${file}`).href);
const databaseName = (url: string) => new URL(url).pathname.slice(1);

/**
 * In a process of its own: a worker's job fails just as its database stops taking connections
 * (a primary killed, before the failover), so pg-boss's unawaited call that marks it failed is
 * refused. The node must log it and live on (it used to die of the unhandled rejection).
 */
const scenario = (url: string) => `
  import pg from 'pg';
  import { z } from 'zod';
  const { openDatabase } = await import(${moduleUrl('../db/database.ts')});
  const { createJobQueue } = await import(${moduleUrl('job-queue.ts')});
  const { defineJob } = await import(${moduleUrl('job-definition.ts')});
  const database = await openDatabase({ kind: 'postgres', url: ${JSON.stringify(url)}, maxConnections: 2 });
  const queue = createJobQueue(database, { maintenance: false });
  let ran = false;
  const outage = defineJob({
    name: 'test-outage',
    payload: z.object({}),
    async handle() {
      ran = true;
      const admin = new pg.Client({ connectionString: ${JSON.stringify(withDatabaseName(url, 'postgres'))} });
      await admin.connect();
      await admin.query('alter database "${databaseName(url)}" allow_connections false');
      await admin.query("select pg_terminate_backend(pid) from pg_stat_activity where datname = '${databaseName(url)}'");
      await admin.end();
      throw new Error('the job fails as the database goes away');
    },
  });
  // The worker counts failures in the context's metrics, all it reads of the context.
  await queue.work({ metrics: { counter: () => ({ inc() {} }) } }, [outage]);
  await queue.send(outage, {});
  const deadline = Date.now() + 20000;
  while (!ran && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  await new Promise((resolve) => setTimeout(resolve, 3000));
  console.log(JSON.stringify({ ran }));
  process.exit(0);
`;

describe.runIf(isOnPostgres())('the job queue when the database goes away', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase({ maxConnections: 1 });
  });
  afterAll(async () => {
    await runOnServer(withDatabaseName(database.url!, 'postgres'), `alter database "${databaseName(database.url!)}" allow_connections true`);
    await database.close();
  });

  it('a job failing as the database stops taking connections leaves the node running', async () => {
    const { exitCode, stdout: output, stderr: errors } = await runModuleScript(scenario(database.url!));
    expect({ exitCode, loggedTheRefusal: errors.includes('job queue: could not fail a job') }).toEqual({ exitCode: 0, loggedTheRefusal: true });
    expect(JSON.parse(output.trim().split('\n').at(-1)!)).toEqual({ ran: true });
  }, 60_000);
});
