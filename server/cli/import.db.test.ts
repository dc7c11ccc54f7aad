import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../app-context.ts';
import { createAppContext } from '../modules.ts';
import { systemClock } from '../clock.ts';
import { openDatabase, type DatabaseHandle } from '../db/database.ts';
import { alertDetectionJobs } from '../modules/alerts/alert-detection.jobs.ts';
import { INVENTORY_COLUMNS } from '../modules/inventory/inventory-csv.ts';
import { testConfig } from '../test/test-config.ts';
import { createTestDatabase, isOnPostgres, type TestDatabase } from '../test/test-database.ts';

const IMPORT_SCRIPT = fileURLToPath(new URL('./import.ts', import.meta.url));
const HOUR = 3_600_000;

/**
 * `npm run import` as an operator runs it: a process of its own against the database the
 * environment names (a PostgreSQL test database, or a PGlite data folder), which must exit by
 * itself once the readings are stored, their consumption computed and alert detection queued
 * for their residence. The server's workers run that job later; here the test runs it.
 */
describe('the import command', () => {
  let folder: string;
  let testDatabase: TestDatabase | undefined;
  let environment: Record<string, string>;

  beforeAll(async () => {
    folder = await mkdtemp(path.join(os.tmpdir(), 'import-cli-'));
    if (isOnPostgres()) {
      testDatabase = await createTestDatabase();
      environment = { DATABASE_URL: testDatabase.url! };
    } else {
      environment = { DATA_DIR: path.join(folder, 'data') };
    }
  });
  afterAll(async () => {
    await testDatabase?.close();
    await rm(folder, { recursive: true, force: true });
  });

  function runImport(...args: string[]): Promise<{ code: number | null; output: string }> {
    const child = spawn(process.execPath, ['--import', 'tsx', IMPORT_SCRIPT, ...args], {
      env: { PATH: process.env.PATH, NODE_ENV: 'test', LOG_LEVEL: 'silent', DEMO_DATA: 'false', ...environment },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
  }

  /** The command's database, opened once the command has exited (a PGlite folder takes one process at a time). */
  async function openCommandDatabase(): Promise<{ context: AppContext; close(): Promise<void> }> {
    const database: DatabaseHandle = testDatabase ?? (await openDatabase({ kind: 'pglite', dataDir: path.join(environment.DATA_DIR!, 'pglite') }));
    const context = createAppContext({ config: testConfig(), database, clock: systemClock }, { maintenance: false });
    return {
      context,
      close: async () => {
        await context.jobs.stop();
        context.mailer.close();
        if (!testDatabase) await database.close();
      },
    };
  }

  it('imports readings, computes their consumption, queues alert detection for their residence and exits', { timeout: 180_000 }, async () => {
    const inventoryFile = path.join(folder, 'inventory.csv');
    const device = { kind: 'cold_water', serial: '900100200', installedOn: '2024-01-15' };
    await writeFile(
      inventoryFile,
      [
        INVENTORY_COLUMNS.join(';'),
        ['Cabinet Essai', 'syndic', 'CTR-CLI-1', 'resident_portal', '59000001', 'Les Essais', '1 RUE DU TEST', '75001', 'PARIS', 'Europe/Paris',
          '01010001', '5151 0001', '', '', '', device.kind, device.serial, '', 'ISTA', 'Cuisine', 'non', device.installedOn, '', ''].join(';'),
      ].join('\n'),
    );
    const inventory = await runImport('inventory', inventoryFile);
    expect(inventory.output).toContain('Inventory imported');
    expect(inventory.code).toBe(0);

    // 60 hourly readings up to an hour ago, 2 litres each hour: a leak by continuous flow.
    const lastHour = Math.floor(Date.now() / HOUR) * HOUR - HOUR;
    const readingsFile = path.join(folder, 'readings.csv');
    const lines = ['serial_number,read_at,index'];
    for (let hour = 60; hour >= 0; hour -= 1) lines.push(`${device.serial},${new Date(lastHour - hour * HOUR).toISOString()},${(100 + (60 - hour) * 0.002).toFixed(3)}`);
    await writeFile(readingsFile, lines.join('\n') + '\n');
    const readings = await runImport('readings', readingsFile);
    expect(readings.output).toContain('Readings imported');
    expect(readings.code).toBe(0);

    const opened = await openCommandDatabase();
    try {
      const { db } = opened.context;
      const meter = await db.selectFrom('devices').select(['id', 'residence_id']).where('serial_number', '=', device.serial).executeTakeFirstOrThrow();
      const { rows: waiting } = await sql<{ residence_id: string }>`select data->>'residenceId' as residence_id from pgboss.job
        where name = 'alerts.detect-after-ingest' and state = 'created'`.execute(db);
      expect(waiting).toEqual([{ residence_id: meter.residence_id }]);
      const days = await db.selectFrom('daily_consumption').select(db.fn.sum<string>('consumption').as('total')).where('device_id', '=', meter.id).executeTakeFirstOrThrow();
      expect(Number(days.total)).toBeCloseTo(0.12, 9);

      expect(await opened.context.jobs.runWaiting(opened.context, alertDetectionJobs)).toBe(1);
      const episodes = await db.selectFrom('alert_episodes').select(['kind', 'source', 'closed_at']).where('device_id', '=', meter.id).execute();
      expect(episodes).toEqual([{ kind: 'leak', source: 'readings', closed_at: null }]);
    } finally {
      await opened.close();
    }
  });
});
