import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, type Dialect, type Driver } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import pg from 'pg';
import { preparingPool } from './prepared-statements.ts';
import type { Database } from './schema.ts';

export type DatabaseTarget =
  | { kind: 'postgres'; url: string; maxConnections?: number; connectionTimeoutMs?: number }
  /** A PGlite folder; `loadDataDir` (a `dumpDataDir` tarball) fills a new, empty one (restore). */
  | { kind: 'pglite'; dataDir: string; loadDataDir?: Blob }
  /** An in-memory PGlite, optionally started from a dump (the test harness's migrated template). */
  | { kind: 'pglite-memory'; loadDataDir?: Blob };

export interface DatabaseHandle {
  db: Kysely<Database>;
  kind: 'postgres' | 'pglite';
  /** Present on PostgreSQL: the pool, for COPY streams and LISTEN. */
  pool?: pg.Pool;
  /** Present on PGlite: the single in-process connection. */
  pglite?: PGlite;
  /** The connections now: in use, requests waiting for one, and the most there can be (PGlite: one). For the metrics. */
  connections(): { inUse: number; waiting: number; max: number };
  close(): Promise<void>;
}

const OID = { int8: 20, date: 1082, numeric: 1700 } as const;

/**
 * Both drivers read values the same way: `date` as YYYY-MM-DD text (a calendar day has no
 * time zone), `numeric` as text (no decimal lost), `bigint` as a JavaScript number (counts).
 */
const readDateAsText = (value: string) => value;
const readNumericAsText = (value: string) => value;
const readBigintAsNumber = (value: string) => Number(value);

pg.types.setTypeParser(OID.date, readDateAsText);
pg.types.setTypeParser(OID.numeric, readNumericAsText);
pg.types.setTypeParser(OID.int8, readBigintAsNumber);

const pgliteParsers = {
  [OID.date]: readDateAsText,
  [OID.numeric]: readNumericAsText,
  [OID.int8]: readBigintAsNumber,
};

export async function openDatabase(target: DatabaseTarget): Promise<DatabaseHandle> {
  if (target.kind === 'postgres') {
    const pool = new pg.Pool({ connectionString: target.url, max: target.maxConnections ?? 10, connectionTimeoutMillis: target.connectionTimeoutMs ?? 0 });
    // An idle pooled connection closed by the server (a restart, an administrator) is dropped
    // from the pool and replaced at the next checkout; without a listener it would end the process.
    pool.on('error', (error) => console.warn(`database: an idle connection was closed (${error.message})`));
    // The pool listens only while a connection is idle. One checked out between two statements
    // of a transaction, when its server dies (a primary killed before a failover), would emit an
    // error nobody hears and end the process: its own listener keeps it alive. The error is not
    // lost: the transaction's next statement fails, and the pool drops the connection at release.
    pool.on('connect', (client) => client.on('error', () => {}));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: preparingPool(pool) }) });
    const max = target.maxConnections ?? 10;
    const connections = () => ({ inUse: pool.totalCount - pool.idleCount, waiting: pool.waitingCount, max });
    return { db, kind: 'postgres', pool, connections, close: () => db.destroy() };
  }
  if (target.kind === 'pglite') mkdirSync(target.dataDir, { recursive: true });
  const releaseLock = target.kind === 'pglite' ? lockDataDir(target.dataDir) : () => {};
  try {
    const pglite = await PGlite.create({
      ...(target.kind === 'pglite' ? { dataDir: target.dataDir } : {}),
      ...(target.loadDataDir ? { loadDataDir: target.loadDataDir } : {}),
      parsers: pgliteParsers,
    });
    const { dialect, connections } = observedPgliteDialect(new PGliteDialect(pglite));
    const db = new Kysely<Database>({ dialect });
    // Destroying Kysely closes the PGlite instance too (kysely-pglite-dialect ≥ 1.3).
    return { db, kind: 'pglite', pglite, connections, close: () => db.destroy().finally(releaseLock) };
  } catch (error) {
    releaseLock();
    throw error;
  }
}

/**
 * PGlite has one connection, which the dialect's driver lends to one caller at a time and
 * queues the others for: its `connection` and `queue` fields (kysely-pglite-dialect 1.x) say
 * whether it is lent and how many wait. Read, never written; database.db.test.ts checks them.
 */
function observedPgliteDialect(inner: PGliteDialect): { dialect: Dialect; connections: DatabaseHandle['connections'] } {
  let driver: (Driver & { connection?: unknown; queue?: unknown[] }) | undefined;
  const dialect: Dialect = {
    createAdapter: () => inner.createAdapter(),
    createDriver: () => (driver = inner.createDriver()),
    createIntrospector: (db) => inner.createIntrospector(db),
    createQueryCompiler: () => inner.createQueryCompiler(),
  };
  return { dialect, connections: () => ({ inUse: driver?.connection === undefined ? 0 : 1, waiting: driver?.queue?.length ?? 0, max: 1 }) };
}

export class DataDirInUseError extends Error {
  constructor(dataDir: string, pid: number) {
    super(`The PGlite folder ${dataDir} is in use by process ${pid} (a running portal, or another command): stop it first. PGlite admits one process at a time.`);
    this.name = 'DataDirInUseError';
  }
}

/**
 * PGlite has no lock of its own, and two processes on one folder corrupt it: every opening
 * takes `<folder>.lock` (the holder's pid) and drops it on close. A lock whose process is gone
 * (a crash, a kill) is taken over; so is one naming this very process (a container restarted
 * with the same pid).
 */
function lockDataDir(dataDir: string): () => void {
  const lockPath = `${dataDir.replace(/\/$/, '')}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lockPath, `${process.pid}\n`, { flag: 'wx' });
      return () => rmSync(lockPath, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number.parseInt(readFileSync(lockPath, 'utf8'), 10);
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isAlive(holder)) throw new DataDirInUseError(dataDir, holder);
      rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`Could not take the lock ${lockPath}.`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
