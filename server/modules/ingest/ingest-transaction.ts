import { Kysely, PostgresDialect } from 'kysely';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { DatabaseHandle } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';

/**
 * A transaction that can also stream `COPY … FROM STDIN` on PostgreSQL: Kysely runs on one
 * dedicated pool connection, and COPY goes through that same connection, so the rows copied
 * and every other statement commit or vanish together (a killed import leaves nothing).
 * On PGlite there is no COPY stream; `copy` is absent and callers insert instead.
 */
export type CopyRows = (statement: string, lines: Iterable<string>) => Promise<void>;

export async function runIngestTransaction<T>(
  database: DatabaseHandle,
  work: (trx: Kysely<Database>, copy: CopyRows | undefined) => Promise<T>,
): Promise<T> {
  if (!database.pool) return database.db.transaction().execute((trx) => work(trx, undefined));
  const client = await database.pool.connect();
  const onDedicatedClient = new Kysely<Database>({
    dialect: new PostgresDialect({
      pool: { connect: async () => ({ query: client.query.bind(client), release: () => {} }), end: async () => {} },
    }),
    // The handle's plugins (none in production; the SQL snapshot test's recorder) see these statements too.
    plugins: [...database.db.getExecutor().plugins],
  });
  let isBroken = false;
  try {
    return await onDedicatedClient.transaction().execute((trx) => work(trx, (statement, lines) => copyLines(client, statement, lines)));
  } catch (error) {
    isBroken = true;
    throw error;
  } finally {
    client.release(isBroken);
  }
}

async function copyLines(client: pg.PoolClient, statement: string, lines: Iterable<string>): Promise<void> {
  const stream = client.query(copyFrom(statement));
  const finished = new Promise<void>((resolve, reject) => {
    stream.on('finish', resolve);
    stream.on('error', reject);
  });
  let buffer = '';
  for (const line of lines) {
    buffer += line;
    if (buffer.length >= 256 * 1024) {
      if (!stream.write(buffer)) await Promise.race([new Promise((resolve) => stream.once('drain', resolve)), finished]);
      buffer = '';
    }
  }
  stream.end(buffer);
  await finished;
}
