import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildApp } from '../app.ts';
import { FixedClock } from '../clock.ts';
import { BackupError, loadBackup, writeBackup, type DatabaseLocation } from '../db/backup.ts';
import { openDatabase, type DatabaseHandle } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { createAppContext } from '../modules.ts';
import { queueConsumptionRefresh, refreshQueuedConsumption } from '../modules/consumption/consumption.service.ts';
import { buildDevice, buildDwelling, buildResidence, buildResident } from '../test/factories.ts';
import { runOnServer, withDatabaseName } from '../test/global-setup.ts';
import { givePassword, signInAs, TEST_PASSWORD } from '../test/login-as.ts';
import { createTestApp, TEST_NOW, type TestApp } from '../test/test-app.ts';
import { testConfig } from '../test/test-config.ts';
import { replayErasures } from './replay-erasures.ts';
import { insertReadings } from '../test/readings.ts';

/**
 * `npm run backup` and `npm run restore` on the engine the suite runs on: a seeded database is
 * backed up and restored into an empty one (same row counts, same dashboard for a resident);
 * an account erased after the backup stays erased once the backup is restored.
 */
const workDir = mkdtempSync(join(tmpdir(), 'portal-backup-test-'));
const erasureLogPath = join(workDir, 'erasure-log.jsonl');
const environment = { ERASURE_LOG_PATH: erasureLogPath };
const templateUrl = inject('templateDatabaseUrl');
const createdDatabases: string[] = [];

/** A fresh, empty target: a new PostgreSQL database with no schema at all, or a new folder. */
async function emptyTarget(): Promise<DatabaseLocation> {
  if (templateUrl) {
    const name = `portal_restore_${randomBytes(6).toString('hex')}`;
    await runOnServer(templateUrl, `create database ${name}`);
    createdDatabases.push(name);
    return { kind: 'postgres', url: withDatabaseName(templateUrl, name) };
  }
  return { kind: 'pglite', dataDir: join(mkdtempSync(join(workDir, 'target-')), 'pglite') };
}

/** The source as `npm run backup` finds it: the test's PostgreSQL database, or (PGlite) its in-memory content put in a folder. */
async function sourceLocation(source: TestApp): Promise<DatabaseLocation> {
  if (source.database.url) return { kind: 'postgres', url: source.database.url };
  const dataDir = join(mkdtempSync(join(workDir, 'source-')), 'pglite');
  const copy = await openDatabase({ kind: 'pglite', dataDir, loadDataDir: await source.database.pglite!.dumpDataDir('gzip') });
  await copy.close();
  return { kind: 'pglite', dataDir };
}

/** A portal node on a restored database, as `npm run start` would open it. */
async function openPortal(location: DatabaseLocation): Promise<TestApp & { handle: DatabaseHandle }> {
  const handle = await openDatabase(location);
  await migrateToLatest(handle.db);
  const clock = new FixedClock(TEST_NOW);
  const context = createAppContext({ config: testConfig(environment), database: handle, clock }, { maintenance: false });
  const app = await buildApp(context, { logger: false });
  await app.ready();
  return {
    app,
    context,
    database: handle,
    handle,
    clock,
    close: async () => {
      await app.close();
      await context.jobs.stop();
      context.mailer.close();
      await handle.close();
    },
  };
}

async function rowCounts(database: DatabaseHandle): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of await database.db.introspection.getTables()) {
    if (table.schema !== 'public' || table.isView) continue;
    const row = await database.db
      .selectFrom(table.name as 'users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    counts[table.name] = Number(row.n);
  }
  return counts;
}

async function dashboardOf(portal: TestApp, userId: string) {
  const headers = await signInAs(portal, { id: userId, role: 'resident' });
  const response = await portal.app.inject({ method: 'GET', url: '/api/resident/consumption', headers });
  expect(response.statusCode).toBe(200);
  return response.json();
}

describe('backup and restore', () => {
  let source: TestApp;
  let staying: string;
  let leaving: string;
  let backupFile: string;

  beforeAll(async () => {
    source = await createTestApp({ environment });
    const { db } = source.context;
    const residence = await buildResidence(db);
    const residents: string[] = [];
    for (const email of ['reste@example.test', 'part@example.test']) {
      const dwelling = await buildDwelling(db, { residence_id: residence.id });
      const device = await buildDevice(db, { dwelling_id: dwelling.id, kind: 'cold_water' });
      const readings = Array.from({ length: 120 }, (_, day) => ({
        residence_id: residence.id,
        device_id: device.id,
        read_at: new Date(Date.UTC(2025, 10, 1 + day, 5)),
        index_value: ((day * 95) / 1000).toFixed(3),
        source: 'csv' as const,
      }));
      await insertReadings(db, readings);
      await queueConsumptionRefresh(db, [{ deviceId: device.id, changedFrom: readings[0]!.read_at }], source.clock.now());
      const resident = await buildResident(db, { dwelling_id: dwelling.id, user: { email }, profile: { moved_in_on: '2025-01-01', last_name: 'Martin' } });
      residents.push(resident.user.id);
    }
    await refreshQueuedConsumption(source.context);
    [staying, leaving] = residents as [string, string];
    backupFile = join(workDir, 'portal.backup');
    await writeBackup(await sourceLocation(source), backupFile, source.clock.now());
  }, 240_000);

  afterAll(async () => {
    await source?.close();
    for (const name of createdDatabases) await runOnServer(templateUrl!, `drop database if exists ${name} with (force)`);
  });

  it('restores into an empty database: the same row counts and the same dashboard for a resident', { timeout: 240_000 }, async () => {
    const header = readFileSync(backupFile).subarray(0, 400).toString('utf8').split('\n');
    expect(header[0]).toBe('RESIDENT-PORTAL-BACKUP 1');
    expect(JSON.parse(header[1]!)).toMatchObject({ engine: templateUrl ? 'postgres' : 'pglite', counts: { users: 2, residences: 1 } });

    const target = await emptyTarget();
    await loadBackup(backupFile, target, { force: false, now: new Date() });
    const restored = await openPortal(target);
    try {
      expect(await rowCounts(restored.handle)).toEqual(await rowCounts(source.database));
      expect((await rowCounts(restored.handle)).daily_consumption ?? 1).toBeGreaterThan(0);
      expect(await dashboardOf(restored, staying)).toEqual(await dashboardOf(source, staying));
    } finally {
      await restored.close();
    }
    // The target now holds accounts: restoring again is refused unless forced.
    await expect(loadBackup(backupFile, target, { force: false, now: new Date() })).rejects.toThrow(/not empty \(2 account\(s\), 1 residence\(s\)\)\. Pass --force/);
    await loadBackup(backupFile, target, { force: true, now: new Date() });
  });

  it('an account erased after the backup stays erased once the backup is restored: restore replays the erasure log', { timeout: 240_000 }, async () => {
    await givePassword(source, leaving);
    const headers = await signInAs(source, { id: leaving, role: 'resident' });
    const deleted = await source.app.inject({ method: 'DELETE', url: '/api/resident/account', headers, payload: { currentPassword: TEST_PASSWORD } });
    expect(deleted.statusCode).toBe(204);
    const logged = readFileSync(erasureLogPath, 'utf8');
    expect(logged).toContain(leaving);
    expect(logged).not.toMatch(/example\.test|Martin/);

    const target = await emptyTarget();
    await loadBackup(backupFile, target, { force: false, now: new Date() });
    const restored = await openPortal(target);
    try {
      const before = await restored.context.db.selectFrom('users').select(['email', 'closed_at']).where('id', '=', leaving).executeTakeFirstOrThrow();
      expect(before).toEqual({ email: 'part@example.test', closed_at: null });

      const replay = await replayErasures(restored.context);
      expect(replay.replayed.map((entry) => entry.userId)).toEqual([leaving]);
      const after = await restored.context.db
        .selectFrom('users')
        .innerJoin('resident_profiles', 'resident_profiles.user_id', 'users.id')
        .select(['users.email', 'users.password_hash', 'resident_profiles.last_name'])
        .where('users.id', '=', leaving)
        .executeTakeFirstOrThrow();
      expect(after).toEqual({ email: `closed-${leaving}@closed.invalid`, password_hash: null, last_name: '-' });
      // The other resident is untouched, and a second replay finds nothing left to erase.
      expect((await dashboardOf(restored, staying)).dwelling).toBeDefined();
      expect((await replayErasures(restored.context)).replayed).toEqual([]);
    } finally {
      await restored.close();
    }
  });

  it('refuses a file that is not a backup, and a backup of the other engine', async () => {
    const target = await emptyTarget();
    const notABackup = join(workDir, 'not-a-backup');
    writeFileSync(notABackup, 'hello\n');
    await expect(loadBackup(notABackup, target, { force: false, now: new Date() })).rejects.toThrow(BackupError);
    const otherEngine = join(workDir, 'other-engine.backup');
    const [, json] = readFileSync(backupFile).subarray(0, 400).toString('utf8').split('\n');
    const header = { ...JSON.parse(json!), engine: templateUrl ? 'pglite' : 'postgres' };
    writeFileSync(otherEngine, `RESIDENT-PORTAL-BACKUP 1\n${JSON.stringify(header)}\n`);
    await expect(loadBackup(otherEngine, target, { force: false, now: new Date() })).rejects.toThrow(/restore it with the configuration it was taken with/);
  });
});
