import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Transaction } from '@electric-sql/pglite';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { DatabaseHandle } from '../db/database.ts';

/**
 * The demo loader's SQL: one transaction on one connection, in which tables are filled with
 * COPY (PGlite reads the data from its /dev/blob device, PostgreSQL from the COPY stream).
 */
export interface BulkLoadSession {
  /** False once any residence exists: the demo only goes into an empty database. */
  isPortfolioEmpty(): Promise<boolean>;
  copy(table: string, columns: readonly string[], data: string | Uint8Array): Promise<void>;
  /**
   * For the rest of the transaction, stops checking foreign keys row by row (as pg_restore
   * --disable-triggers does), when the role may and no other trigger would be skipped.
   * Returns whether it did; the caller then checks the references in one query.
   */
  skipRowByRowForeignKeyChecks(): Promise<boolean>;
  /** Readings whose device is missing or belongs to another residence. */
  countReadingsWithoutTheirDevice(): Promise<number>;
}

type RunQuery = <T>(text: string, parameters?: unknown[]) => Promise<T[]>;

/** Any number of loaders (app nodes starting together) queue on this lock; the first fills, the others find data. */
const DEMO_LOAD_LOCK = 'select pg_advisory_xact_lock(hashtext($1))';
const PORTFOLIO_IS_EMPTY = 'select not exists (select 1 from residences) as "isEmpty"';

function copyStatement(table: string, columns: readonly string[], data: string | Uint8Array, source: string): string {
  const format = typeof data === 'string' ? '' : ' with (format binary)';
  return `copy ${table} (${columns.join(', ')}) from ${source}${format}`;
}

export async function inBulkLoadTransaction<T>(
  database: DatabaseHandle,
  work: (session: BulkLoadSession) => Promise<T>,
): Promise<T> {
  if (database.pglite) {
    return database.pglite.transaction((transaction) => work(pgliteSession(transaction)));
  }
  if (!database.pool) throw new Error('The database handle has neither a PGlite instance nor a pool');
  const client = await database.pool.connect();
  try {
    await client.query('begin');
    const result = await work(postgresSession(client));
    await client.query('commit');
    return result;
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** What both drivers share: everything but the way COPY data travels. */
function sessionOver(run: RunQuery, copy: BulkLoadSession['copy']): BulkLoadSession {
  return {
    copy,
    async isPortfolioEmpty() {
      await run(DEMO_LOAD_LOCK, ['demo-data-load']);
      const [row] = await run<{ isEmpty: boolean }>(PORTFOLIO_IS_EMPTY);
      return row?.isEmpty === true;
    },
    async skipRowByRowForeignKeyChecks() {
      const [row] = await run<{ mayDisable: boolean }>(
        `select current_setting('is_superuser') = 'on'
           and not exists (select 1 from pg_trigger where tgrelid = 'readings'::regclass and not tgisinternal) as "mayDisable"`,
      );
      if (!row?.mayDisable) return false;
      await run('set local session_replication_role = replica');
      return true;
    },
    async countReadingsWithoutTheirDevice() {
      const [row] = await run<{ count: number }>(
        `select count(*)::int as count from readings
          where not exists (select 1 from devices where devices.id = readings.device_id and devices.residence_id = readings.residence_id)`,
      );
      return row?.count ?? 0;
    },
  };
}

function pgliteSession(transaction: Transaction): BulkLoadSession {
  return sessionOver(
    async <T>(text: string, parameters?: unknown[]) => (await transaction.query<T>(text, parameters)).rows,
    async (table, columns, data) => {
      await transaction.query(copyStatement(table, columns, data, `'/dev/blob'`), [], { blob: new Blob([data]) });
    },
  );
}

function postgresSession(client: pg.PoolClient): BulkLoadSession {
  return sessionOver(
    async <T>(text: string, parameters?: unknown[]) => (await client.query(text, parameters)).rows as T[],
    async (table, columns, data) => {
      const stream = client.query(copyFrom(copyStatement(table, columns, data, 'stdin')));
      await pipeline(Readable.from([typeof data === 'string' ? Buffer.from(data) : data]), stream);
    },
  );
}

/** Outside any transaction: lets a started portal skip building the plan when data is there. */
export async function hasAnyResidence(database: DatabaseHandle): Promise<boolean> {
  const row = await database.db.selectFrom('residences').select('id').limit(1).executeTakeFirst();
  return row !== undefined;
}
