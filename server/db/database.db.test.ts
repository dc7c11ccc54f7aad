import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runModuleScript } from '../test/module-script.ts';
import { createTestDatabase, isOnPostgres, type TestDatabase } from '../test/test-database.ts';

/**
 * In a process of its own: a transaction's connection is ended by the server between two of its
 * statements (what a primary's death does, before a failover); the transaction must fail, the
 * pool answer the next query, and the process live on (it used to die of an unheard 'error').
 */
const scenario = (url: string) => `
  import { sql } from 'kysely';
  const { openDatabase } = await import(${JSON.stringify(pathToFileURL(`${import.meta.dirname}/database.ts`).href)});
  const { db, close } = await openDatabase({ kind: 'postgres', url: ${JSON.stringify(url)}, maxConnections: 2 });
  const outcome = await db.transaction().execute(async (trx) => {
    const { rows } = await sql\`select pg_backend_pid() as pid\`.execute(trx);
    await sql\`select pg_terminate_backend(\${rows[0].pid})\`.execute(db);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await sql\`select 1\`.execute(trx);
  }).then(() => 'committed', () => 'failed');
  const { rows } = await sql\`select 1 as one\`.execute(db);
  console.log(JSON.stringify({ outcome, next: rows[0].one }));
  await close();
`;

describe.runIf(isOnPostgres())('PostgreSQL connections', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase({ maxConnections: 1 });
  });
  afterAll(async () => database.close());

  it('a transaction whose connection the server ends fails alone: the process lives on and the pool answers', async () => {
    const { exitCode, stdout: output, stderr: errors } = await runModuleScript(scenario(database.url!));
    expect({ exitCode, errors: errors.split('\n')[0] }).toEqual({ exitCode: 0, errors: '' });
    expect(JSON.parse(output)).toEqual({ outcome: 'failed', next: 1 });
  });
});
