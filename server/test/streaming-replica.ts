import { execFile, execFileSync } from 'node:child_process';
import { appendFile, chown, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { findFreePort } from './free-port.ts';

const run = promisify(execFile);

/**
 * A PostgreSQL primary and its streaming replica, both throwaway clusters in a temporary folder
 * on free ports: the shared test server is left alone (its pg_hba admits no replication, and a
 * base backup of it would copy every other test's databases).
 */
export interface StreamingPair {
  primaryUrl: string;
  replicaUrl: string;
  /** Makes the replica: a base backup of the primary as it is now (`pg_basebackup -R`), started. */
  startReplica(): Promise<void>;
  stopReplica(): Promise<void>;
  close(): Promise<void>;
}

/** The PostgreSQL server binaries (`pg_config --bindir`), or why there are none. */
export function postgresBinaries(): { bindir: string } | { missing: string } {
  try {
    const bindir = execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim();
    execFileSync(path.join(bindir, 'initdb'), ['--version']);
    return { bindir };
  } catch (error) {
    return { missing: `no PostgreSQL server binaries (pg_config --bindir, initdb): ${(error as Error).message}` };
  }
}

export async function startStreamingPair(bindir: string): Promise<StreamingPair> {
  // PostgreSQL refuses to run as root: then the clusters belong to, and run as, `postgres`.
  const asRoot = process.getuid?.() === 0;
  const folder = await mkdtemp(path.join(os.tmpdir(), 'portal-replica-'));
  if (asRoot) {
    const [uid, gid] = ['-u', '-g'].map((flag) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' })));
    await chown(folder, uid!, gid!);
  }
  const pg = (tool: string, args: string[]) =>
    asRoot ? run('runuser', ['-u', 'postgres', '--', path.join(bindir, tool), ...args]) : run(path.join(bindir, tool), args);
  const primaryDir = path.join(folder, 'primary');
  const replicaDir = path.join(folder, 'replica');
  const [primaryPort, replicaPort] = [await findFreePort(), await findFreePort()];
  // Written last in postgresql.conf, so they win (the replica's copy of the primary's included).
  // No autovacuum: a primary the test leaves idle must write nothing of its own.
  const settings = (port: number) =>
    `\nport = ${port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '${folder}'\nwal_level = replica\nmax_wal_senders = 4\nfsync = off\nautovacuum = off\n`;
  const start = (dir: string) => pg('pg_ctl', ['-D', dir, '-l', `${dir}.log`, '-w', '-t', '30', 'start']);
  const stop = (dir: string) => pg('pg_ctl', ['-D', dir, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
  let replicaRunning = false;

  // initdb's pg_hba admits replication from 127.0.0.1 under --auth=trust.
  await pg('initdb', ['-D', primaryDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--no-sync', '--no-instructions']);
  await appendFile(path.join(primaryDir, 'postgresql.conf'), settings(primaryPort));
  await start(primaryDir);

  return {
    primaryUrl: `postgres://postgres@127.0.0.1:${primaryPort}/postgres`,
    replicaUrl: `postgres://postgres@127.0.0.1:${replicaPort}/postgres`,
    startReplica: async () => {
      await pg('pg_basebackup', ['-h', '127.0.0.1', '-p', String(primaryPort), '-U', 'postgres', '-D', replicaDir, '-R', '-X', 'stream', '--checkpoint=fast', '--no-sync']);
      await appendFile(path.join(replicaDir, 'postgresql.conf'), settings(replicaPort));
      await start(replicaDir);
      replicaRunning = true;
    },
    stopReplica: async () => {
      if (replicaRunning) await stop(replicaDir);
      replicaRunning = false;
    },
    close: async () => {
      if (replicaRunning) await stop(replicaDir);
      await stop(primaryDir);
      await rm(folder, { recursive: true, force: true });
    },
  };
}
