/**
 * The consumption fault test, too heavy for the regular suite: `npm run fault:consumption`.
 *
 * On a scratch PostgreSQL database per run (FAULT_DATABASE_URL names the server, default the
 * local one), it imports a generated inventory, then kills `npm run import -- readings` with
 * SIGKILL at KILLS points spread over the whole import (checking, storing, computing
 * consumption). After each kill the same file is imported again, as an operator would, and the
 * repair is timed; then `npm run consumption -- rebuild` must find nothing to change, and the
 * daily consumption must equal the one of an import that was never interrupted.
 * Prints one line per kill and a summary; exit code 1 when any kill left a difference.
 */
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const SERVER_URL = process.env.FAULT_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const KILLS = Number(process.env.FAULT_KILLS ?? 20);
const DEVICES = 40;
const DAYS = 60;
const BUILDING_CODE = '99000001';
const run = promisify(execFile);
const workDir = mkdtempSync(path.join(tmpdir(), 'consumption-fault-'));
const cli = (script: string) => path.join(import.meta.dirname, '..', 'server', 'cli', script);
const tsx = path.join(import.meta.dirname, '..', 'node_modules', '.bin', 'tsx');

function databaseUrl(name: string): string {
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function onServer<T extends pg.QueryResultRow>(url: string, statement: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(statement)).rows;
  } finally {
    await client.end();
  }
}

/** Hourly readings with a realistic mix: quiet nights, daily use, one device with a spike. */
function writeReadingsFile(): string {
  const lines = ['serial_number,read_at,index'];
  const start = Date.UTC(2026, 2, 1);
  for (let device = 0; device < DEVICES; device += 1) {
    let index = 100 + device;
    for (let hour = 0; hour < DAYS * 24; hour += 1) {
      index += (hour % 24) > 6 && (hour % 24) < 23 ? ((device * 7 + hour * 13) % 11) / 1000 : 0;
      lines.push(`${700000000 + device},${new Date(start + hour * 3_600_000).toISOString()},${index.toFixed(3)}`);
    }
  }
  const file = path.join(workDir, 'readings.csv');
  writeFileSync(file, lines.join('\n'));
  return file;
}

async function importCli(url: string, ...args: string[]): Promise<void> {
  await run(tsx, [cli('import.ts'), ...args], { env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'warn' }, maxBuffer: 1 << 26 });
}

async function consumptionSnapshot(url: string): Promise<string> {
  const rows = await onServer<{ line: string }>(
    url,
    `select string_agg(device_id || ' ' || day || ' ' || consumption::text || ' ' || is_estimated, E'\\n' order by device_id, day) as line from daily_consumption`,
  );
  return rows[0]?.line ?? '';
}

async function state(url: string) {
  const [row] = await onServer<{ readings: string; days: string; marks: string }>(
    url,
    `select (select count(*) from readings) as readings, (select count(*) from daily_consumption) as days,
            (select count(*) from consumption_refresh_queue) as marks`,
  );
  return { readings: Number(row!.readings), days: Number(row!.days), marks: Number(row!.marks) };
}

/**
 * Runs `import readings` in its own process group, watching when its readings commit; with a
 * kill point, kills the whole group with SIGKILL that long after its start or after that commit.
 */
async function spawnImport(
  url: string,
  onCommit: () => void,
  killPoint?: { afterStartMs?: number; afterCommitMs?: number },
): Promise<{ totalMs: number; committedAfterMs: number; signal: NodeJS.Signals | null; killAfterMs?: number }> {
  const started = performance.now();
  const child = spawn(tsx, [cli('import.ts'), 'readings', readingsFile], { env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'warn' }, stdio: 'ignore', detached: true });
  let finished = false;
  let killAfterMs: number | undefined;
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => {
    finished = true;
    resolve(signal);
  }));
  const killNow = () => {
    killAfterMs = performance.now() - started;
    try {
      // tsx runs the CLI in a child process: the whole group dies at once.
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // It had already finished.
    }
  };
  if (killPoint?.afterStartMs !== undefined) setTimeout(killNow, killPoint.afterStartMs);
  let committedAfterMs = Number.NaN;
  const watcher = new pg.Client({ connectionString: url });
  await watcher.connect();
  while (!finished) {
    const { rows } = await watcher.query<{ committed: boolean }>('select exists (select from readings) as committed');
    if (rows[0]!.committed) {
      committedAfterMs = performance.now() - started;
      onCommit();
      if (killPoint?.afterCommitMs !== undefined) setTimeout(killNow, killPoint.afterCommitMs);
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  await watcher.end();
  const signal = await exited;
  return { totalMs: performance.now() - started, committedAfterMs, signal, killAfterMs };
}

const readingsFile = writeReadingsFile();
const inventoryFile = path.join(workDir, 'inventory.csv');
const { stdout: inventory } = await run(tsx, [cli('import.ts'), 'inventory-template', readingsFile, '--building-code', BUILDING_CODE], {
  maxBuffer: 1 << 26,
});
writeFileSync(inventoryFile, inventory);

const suffix = randomBytes(4).toString('hex');
const template = `consumption_fault_${suffix}`;
const created: string[] = [template];
await onServer(SERVER_URL, `create database ${template}`);
let failures = 0;
try {
  await importCli(databaseUrl(template), 'inventory', inventoryFile);
  const reference = `${template}_reference`;
  await onServer(SERVER_URL, `create database ${reference} template ${template}`);
  created.push(reference);
  const referenceRun = await spawnImport(databaseUrl(reference), () => {});
  const importMs = referenceRun.totalMs;
  const consumptionMs = referenceRun.totalMs - referenceRun.committedAfterMs;
  const expected = await consumptionSnapshot(databaseUrl(reference));
  const full = await state(databaseUrl(reference));
  console.log(
    `Uninterrupted import: ${full.readings} readings, ${full.days} daily rows, ${(importMs / 1000).toFixed(1)} s ` +
      `(readings committed after ${(referenceRun.committedAfterMs / 1000).toFixed(1)} s, then ${(consumptionMs / 1000).toFixed(1)} s of consumption)`,
  );

  const repairs: number[] = [];
  // A third of the kills spread over the whole import, the others over its consumption phase.
  const spread = Math.ceil(KILLS / 3);
  for (let kill = 1; kill <= KILLS; kill += 1) {
    const name = `${template}_kill${kill}`;
    await onServer(SERVER_URL, `create database ${name} template ${template}`);
    created.push(name);
    const url = databaseUrl(name);
    const killPoint =
      kill <= spread
        ? { afterStartMs: Math.round((importMs * kill) / (spread + 1)) }
        : { afterCommitMs: Math.round((consumptionMs * (kill - spread)) / (KILLS - spread + 1)) };
    const { signal, killAfterMs } = await spawnImport(url, () => {}, killPoint);
    const killedState = await state(url);
    const phase = killedState.readings === 0 ? 'before readings committed' : killedState.days < full.days ? 'consumption phase' : 'after consumption';
    const repairStarted = performance.now();
    await importCli(url, 'readings', readingsFile);
    const repairMs = performance.now() - repairStarted;
    repairs.push(repairMs);
    const { stdout: rebuild } = await run(tsx, [cli('consumption.ts'), 'rebuild'], { env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'warn' } });
    const rebuildChanged = /devices changed\s*│\s*(\d+)/.exec(rebuild)?.[1];
    const isEqual = (await consumptionSnapshot(url)) === expected && rebuildChanged === '0';
    if (!isEqual) failures += 1;
    console.log(
      `kill ${String(kill).padStart(2)} at ${((killAfterMs ?? 0) / 1000).toFixed(1).padStart(5)} s (${signal ?? 'finished first'}, ${phase}: ` +
        `${killedState.readings} readings, ${killedState.days} daily rows, ${killedState.marks} marks left) → ` +
        `repaired by importing again in ${(repairMs / 1000).toFixed(1)} s; rebuild changed ${rebuildChanged ?? '?'} devices; ${isEqual ? 'equal to the uninterrupted import' : 'DIFFERENT'}`,
    );
    await onServer(SERVER_URL, `drop database ${name} with (force)`);
    created.pop();
  }
  repairs.sort((a, b) => a - b);
  console.log(`${KILLS} kills, ${KILLS - failures} equal to a full rebuild; repair by importing again: median ${(repairs[Math.floor(repairs.length / 2)]! / 1000).toFixed(1)} s, max ${(repairs.at(-1)! / 1000).toFixed(1)} s`);
} finally {
  for (const name of created.reverse()) await onServer(SERVER_URL, `drop database if exists ${name} with (force)`);
  rmSync(workDir, { recursive: true, force: true });
}
process.exit(failures > 0 ? 1 : 0);
