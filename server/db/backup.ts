import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream, createWriteStream, existsSync, readdirSync, renameSync } from 'node:fs';
import { mkdtemp, open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { sql, type Kysely } from 'kysely';
import { openDatabase, type DatabaseHandle } from './database.ts';
import { migrations } from './migrations/index.ts';

/**
 * Backup files (`npm run backup` / `npm run restore`, server/cli/). A file is one line
 * `RESIDENT-PORTAL-BACKUP 1`, one line of JSON describing it (`BackupHeader`), then the payload:
 * PGlite's data folder as a gzipped tarball (`dumpDataDir`) or a `pg_dump --format=custom`
 * archive. The header lets restore refuse a file of the other engine or of a newer schema
 * before it touches anything.
 */
const MAGIC = 'RESIDENT-PORTAL-BACKUP 1';

export interface BackupHeader {
  engine: 'pglite' | 'postgres';
  payload: 'pglite-data-dir.tar.gz' | 'pg_dump-custom';
  createdAt: string;
  /** The last migration applied to the database backed up. */
  lastMigration: string | null;
  /** Rows of `users` and `residences` when taken: shown by restore, so the operator sees what comes back. */
  counts: { users: number; residences: number };
}

export type DatabaseLocation = { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string };

export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupError';
  }
}

async function lastAppliedMigration(db: Kysely<any>): Promise<string | null> {
  const table = await sql<{ name: string | null }>`select to_regclass('public.kysely_migration')::text as name`.execute(db);
  if (!table.rows[0]?.name) return null;
  const row = await sql<{ name: string }>`select name from kysely_migration order by name desc limit 1`.execute(db);
  return row.rows[0]?.name ?? null;
}

/** Rows in `users` and `residences` (0 when the schema is not there): what "an empty database" means for restore. */
async function countCoreRows(db: Kysely<any>): Promise<{ users: number; residences: number }> {
  const tables = await sql<{ users: string | null; residences: string | null }>`
    select to_regclass('public.users')::text as users, to_regclass('public.residences')::text as residences`.execute(db);
  const present = tables.rows[0];
  const count = async (table: 'users' | 'residences') =>
    present?.[table] ? Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(db)).rows[0]?.n ?? 0) : 0;
  return { users: await count('users'), residences: await count('residences') };
}

/**
 * pg_dump and pg_restore get the password through a passfile readable only by this user,
 * removed after, never on their command line (visible to `ps`).
 */
async function withClientToolUrl<T>(url: string, run: (toolUrl: string) => Promise<T>): Promise<T> {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  if (!password) return run(url);
  parsed.password = '';
  const folder = await mkdtemp(path.join(tmpdir(), 'portal-pgpass-'));
  const passfile = path.join(folder, 'pgpass');
  try {
    await writeFile(passfile, `*:*:*:*:${password.replace(/[\\:]/g, (character) => `\\${character}`)}\n`, { mode: 0o600 });
    parsed.searchParams.set('passfile', passfile);
    return await run(parsed.toString());
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

async function runClientTool(tool: 'pg_dump' | 'pg_restore', args: string[], io: { stdin?: NodeJS.ReadableStream; stdout?: NodeJS.WritableStream }): Promise<void> {
  const child = spawn(tool, args, { stdio: [io.stdin ? 'pipe' : 'ignore', io.stdout ? 'pipe' : 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = once(child, 'close') as Promise<[number | null]>;
  const spawned = new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'ENOENT' ? new BackupError(`${tool} was not found on PATH: install the PostgreSQL client tools (the server's major version or newer).`) : error),
    );
  });
  await spawned;
  const streams: Array<Promise<void>> = [];
  if (io.stdin && child.stdin) streams.push(pipeline(io.stdin, child.stdin));
  if (io.stdout && child.stdout) streams.push(pipeline(child.stdout, io.stdout));
  await Promise.all(streams);
  const [code] = await exited;
  if (code !== 0) throw new BackupError(`${tool} failed (exit code ${code}):\n${stderr.trim()}`);
}

/** Writes a backup of the database at `location` to `file` (through `file.partial`, renamed at the end, so a failed run leaves no file that looks whole). */
export async function writeBackup(location: DatabaseLocation, file: string, now: Date): Promise<BackupHeader> {
  const partial = `${file}.partial`;
  const database = await openDatabase(location);
  try {
    const header: BackupHeader = {
      engine: location.kind,
      payload: location.kind === 'pglite' ? 'pglite-data-dir.tar.gz' : 'pg_dump-custom',
      createdAt: now.toISOString(),
      lastMigration: await lastAppliedMigration(database.db),
      counts: await countCoreRows(database.db),
    };
    const preamble = `${MAGIC}\n${JSON.stringify(header)}\n`;
    if (location.kind === 'pglite') {
      const tarball = await database.pglite!.dumpDataDir('gzip');
      await writeFile(partial, Buffer.concat([Buffer.from(preamble), Buffer.from(await tarball.arrayBuffer())]), { mode: 0o600 });
    } else {
      await writeFile(partial, preamble, { mode: 0o600 });
      await withClientToolUrl(location.url, (url) =>
        runClientTool('pg_dump', ['--format=custom', '--no-owner', '--no-acl', `--dbname=${url}`], { stdout: createWriteStream(partial, { flags: 'a' }) }),
      );
    }
    await rename(partial, file);
    return header;
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  } finally {
    await database.close();
  }
}

/** The header of a backup file and where its payload starts; refuses a file that is not one. */
export async function readBackupHeader(file: string): Promise<{ header: BackupHeader; payloadOffset: number }> {
  const handle = await open(file, 'r').catch((error: NodeJS.ErrnoException) => {
    throw error.code === 'ENOENT' ? new BackupError(`${file}: no such file.`) : error;
  });
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const text = buffer.subarray(0, bytesRead);
    const first = text.indexOf(0x0a);
    const second = first < 0 ? -1 : text.indexOf(0x0a, first + 1);
    if (first < 0 || second < 0 || text.subarray(0, first).toString('utf8') !== MAGIC) {
      throw new BackupError(`${file} is not a backup made by \`npm run backup\` (it does not start with "${MAGIC}").`);
    }
    const header = JSON.parse(text.subarray(first + 1, second).toString('utf8')) as BackupHeader;
    return { header, payloadOffset: second + 1 };
  } finally {
    await handle.close();
  }
}

/** Why this backup cannot be restored to `location` by this version of the portal, or null. */
function incompatibility(header: BackupHeader, location: DatabaseLocation): string | null {
  if (header.engine !== location.kind) {
    const engines = { pglite: 'embedded PGlite', postgres: 'PostgreSQL' };
    return `This backup is of ${engines[header.engine]} and the configuration points to ${engines[location.kind]} (${location.kind === 'postgres' ? 'DATABASE_URL is set' : 'DATABASE_URL is unset'}): restore it with the configuration it was taken with.`;
  }
  if (header.lastMigration !== null && !(header.lastMigration in migrations)) {
    return `This backup's schema is at migration ${header.lastMigration}, which this version of the portal does not know: it was taken by a newer version. Restore it with that version.`;
  }
  return null;
}

/**
 * Replaces the database at `location` with the backup's content. Refuses when the target holds
 * accounts or residences unless `force`; a replaced PGlite folder is moved aside to
 * `<folder>.before-restore-<time>`, never deleted. The caller migrates and replays erasures after.
 */
export async function loadBackup(file: string, location: DatabaseLocation, options: { force: boolean; now: Date }): Promise<{ movedAside?: string }> {
  const { header, payloadOffset } = await readBackupHeader(file);
  const problem = incompatibility(header, location);
  if (problem) throw new BackupError(problem);

  if (location.kind === 'pglite') {
    let movedAside: string | undefined;
    if (existsSync(location.dataDir) && readdirSync(location.dataDir).length > 0) {
      // Opening it takes the folder's lock: refused while a server holds it.
      const current = await openDatabase(location);
      const counts = await countCoreRows(current.db).finally(() => current.close());
      refuseUnlessEmptyOrForced(counts, options.force);
      movedAside = `${location.dataDir.replace(/\/$/, '')}.before-restore-${options.now.toISOString().replace(/[:.]/g, '-')}`;
      renameSync(location.dataDir, movedAside);
    }
    const payload = (await readFile(file)).subarray(payloadOffset);
    const loaded = await openDatabase({ ...location, loadDataDir: new Blob([payload]) });
    await loaded.close();
    return movedAside ? { movedAside } : {};
  }

  const current = await openDatabase(location);
  try {
    refuseUnlessEmptyOrForced(await countCoreRows(current.db), options.force);
    await emptyDatabase(current);
  } finally {
    await current.close();
  }
  await withClientToolUrl(location.url, (url) =>
    runClientTool('pg_restore', ['--no-owner', '--no-acl', '--exit-on-error', '--single-transaction', `--dbname=${url}`], {
      stdin: createReadStream(file, { start: payloadOffset }),
    }),
  );
  return {};
}

function refuseUnlessEmptyOrForced(counts: { users: number; residences: number }, force: boolean): void {
  if (force || (counts.users === 0 && counts.residences === 0)) return;
  throw new BackupError(
    `The target database is not empty (${counts.users} account(s), ${counts.residences} residence(s)). Pass --force to replace its whole content with the backup.`,
  );
}

/** Drops every schema of the target (tables, the job queue's `pgboss`), then recreates an empty `public`. */
async function emptyDatabase(database: DatabaseHandle): Promise<void> {
  const schemas = await sql<{ nspname: string }>`
    select nspname from pg_namespace where nspname not like 'pg\_%' and nspname <> 'information_schema'`.execute(database.db);
  for (const { nspname } of schemas.rows) await sql`drop schema ${sql.id(nspname)} cascade`.execute(database.db);
  await sql`create schema public`.execute(database.db);
}
