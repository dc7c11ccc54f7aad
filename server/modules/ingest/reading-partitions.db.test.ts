import { randomBytes } from 'node:crypto';
import { Migrator, sql, type Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { buildApp } from '../../app.ts';
import { FixedClock } from '../../clock.ts';
import { consumptionRebuildRefusal } from '../../cli/rebuild-refusal.ts';
import { openDatabase, type DatabaseHandle } from '../../db/database.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { migrations } from '../../db/migrations/index.ts';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../http/errors.ts';
import { createAppContext } from '../../modules.ts';
import { buildDevice, buildDwelling, buildResident } from '../../test/factories.ts';
import { runOnServer, withDatabaseName } from '../../test/global-setup.ts';
import { insertReadings } from '../../test/readings.ts';
import { signInAs } from '../../test/login-as.ts';
import { TEST_NOW, useTestApp, type TestApp } from '../../test/test-app.ts';
import { testConfig } from '../../test/test-config.ts';
import { queueConsumptionRefresh, refreshQueuedConsumption } from '../consumption/consumption.service.ts';
import { rebuildConsumption } from '../consumption/consumption-rebuild.ts';
import { archiveReadingsBefore, listArchivedReadingMonths, restoreArchivedMonth } from './reading-archive.service.ts';
import { ensureReadingPartitionsBetween } from './reading-partitions.service.ts';
import { previewReadingsCsv, importReadingsCsv } from './readings-import.service.ts';

const LEVEL_BEFORE = '2026-12-05T0700-api-tokens';
const HOUR = 3_600_000;

/** The partitions attached to `readings`, with their bounds in UTC. */
async function attachedPartitions(db: Kysely<Database>): Promise<Array<{ name: string; bound: string }>> {
  const { rows } = await sql<{ name: string; bound: string }>`
    select partition.relname as name, pg_get_expr(partition.relpartbound, partition.oid) as bound
    from pg_inherits join pg_class partition on partition.oid = pg_inherits.inhrelid
    where pg_inherits.inhparent = 'readings'::regclass order by partition.relname
  `.execute(db);
  return rows;
}

/** An empty database brought up to the migration before the partitioning. */
async function openDatabaseBeforePartitioning(): Promise<DatabaseHandle> {
  const templateUrl = inject('templateDatabaseUrl');
  let database: DatabaseHandle;
  if (templateUrl) {
    const name = `portal_test_${randomBytes(6).toString('hex')}`;
    await runOnServer(templateUrl, `create database ${name}`);
    const handle = await openDatabase({ kind: 'postgres', url: withDatabaseName(templateUrl, name) });
    database = {
      ...handle,
      close: async () => {
        await handle.close();
        await runOnServer(templateUrl, `drop database if exists ${name} with (force)`);
      },
    };
  } else {
    database = await openDatabase({ kind: 'pglite-memory' });
  }
  const { error } = await new Migrator({ db: database.db, provider: { getMigrations: async () => migrations } }).migrateTo(LEVEL_BEFORE);
  if (error) throw error;
  return database;
}

describe('readings partitioned by month', () => {
  it("migrates a database with readings in place: the old table attached as one partition, rows and a resident's answers unchanged", async () => {
    const database = await openDatabaseBeforePartitioning();
    const clock = new FixedClock(TEST_NOW);
    const context = createAppContext({ config: testConfig(), database, clock }, { maintenance: false });
    const app = await buildApp(context, { logger: false });
    await app.ready();
    try {
      const { db } = database;
      const dwelling = await buildDwelling(db);
      const device = await buildDevice(db, { dwelling_id: dwelling.id, kind: 'cold_water' });
      const { user } = await buildResident(db, { dwelling_id: dwelling.id, profile: { moved_in_on: '2025-10-01' } });
      // Daily from mid-November (Paris midnight is still October 31st in UTC for the first one), hourly over the last two days.
      const daily = Array.from({ length: 120 }, (_, day) => Date.UTC(2025, 9, 31, 23) + day * 24 * HOUR);
      const hourly = Array.from({ length: 48 }, (_, hour) => Date.parse('2026-03-14T00:00:00Z') + hour * HOUR + 30 * 60_000);
      const instants = [...daily, ...hourly].sort((a, b) => a - b);
      await db
        .insertInto('readings')
        .values(instants.map((at, position) => ({ residence_id: device.residence_id, device_id: device.id, read_at: new Date(at), index_value: (position * 0.0375).toFixed(4), source: 'csv' as const })))
        .execute();
      await queueConsumptionRefresh(db, [{ deviceId: device.id, changedFrom: new Date(instants[0]!) }], clock.now());
      await refreshQueuedConsumption(context);
      const headers = await signInAs({ app, context, database, clock, close: async () => {} } satisfies TestApp, user);
      const answers = async () =>
        Promise.all(
          ['/api/resident/consumption/daily?fluid=cold_water&from=2025-10-01&to=2026-03-16', '/api/resident/consumption/hourly?fluid=cold_water&day=2026-03-14'].map(
            async (url) => (await app.inject({ method: 'GET', url, headers })).json(),
          ),
        );
      const rows = () => db.selectFrom('readings').selectAll().orderBy('read_at').execute();
      const [rowsBefore, answersBefore] = [await rows(), await answers()];
      expect(answersBefore[0].days.length).toBeGreaterThan(100);
      expect(answersBefore[1].hours.length).toBeGreaterThan(20);

      await migrateToLatest(db);

      expect((await attachedPartitions(db)).map((partition) => partition.name)).toEqual(['readings_legacy']);
      const { rows: legacy } = await sql<{ from_utc: string; to_utc: string }>`
        select to_char(lower_bound at time zone 'UTC', 'YYYY-MM-DD HH24:MI') as from_utc, to_char(upper_bound at time zone 'UTC', 'YYYY-MM-DD HH24:MI') as to_utc
        from (select (regexp_match(pg_get_expr(relpartbound, oid), '[(]''([^'']+)''[)] TO'))[1]::timestamptz as lower_bound,
                     (regexp_match(pg_get_expr(relpartbound, oid), 'TO [(]''([^'']+)''[)]'))[1]::timestamptz as upper_bound
              from pg_class where relname = 'readings_legacy') bounds
      `.execute(db);
      expect(legacy).toEqual([{ from_utc: '2025-10-01 00:00', to_utc: '2026-04-01 00:00' }]);
      expect(await rows()).toEqual(rowsBefore);
      expect(await answers()).toEqual(answersBefore);
      expect(await rebuildConsumption(context)).toMatchObject({ devices: 1, devicesChanged: 0 });

      // A month past the legacy range gets its own partition from the next import; one inside it does not.
      const imported = await importReadingsCsv(
        context,
        { lines: ['serial_number,read_at,index', `${device.serial_number},2026-03-16T05:00:00Z,6.3`, `${device.serial_number},2026-04-02T05:00:00Z,6.5`], origin: 'april.csv' },
        {},
      );
      expect(imported).toMatchObject({ outcome: 'imported', rowsStored: 2 });
      expect((await attachedPartitions(db)).map((partition) => partition.name)).toEqual(['readings_legacy', 'readings_y2026m04']);
    } finally {
      await app.close();
      await context.jobs.stop();
      context.mailer.close();
      await database.close();
    }
  });

  describe('on demand, then archived', () => {
    const harness = useTestApp();
    const importLines = (lines: string[], origin = 'old.csv') => importReadingsCsv(harness().context, { lines: ['serial_number,read_at,index', ...lines], origin }, {});

    it('imports an old file into months that have no partition yet, after a preview of the same months rolled back', async () => {
      const device = await buildDevice(harness().context.db, { serial_number: '201600001', kind: 'cold_water', installed_on: '2016-01-01' });
      const lines = ['201600001,2016-02-29T23:30:00Z,10', '201600001,2016-03-01T00:30:00Z,10.5', '201600001,2016-03-02T00:30:00Z,11'];
      const preview = await previewReadingsCsv(harness().context, ['serial_number,read_at,index', ...lines], {});
      expect(preview).toMatchObject({ newReadings: 3 });
      // The template, migrated empty, has no legacy partition; the preview's partitions were rolled back.
      expect(await attachedPartitions(harness().context.db)).toEqual([]);
      expect((await sql<{ name: string | null }>`select to_regclass('readings_legacy')::text as name`.execute(harness().context.db)).rows).toEqual([{ name: null }]);

      expect(await importLines(lines)).toMatchObject({ outcome: 'imported', rowsStored: 3 });
      expect((await attachedPartitions(harness().context.db)).map((partition) => partition.name)).toEqual(['readings_y2016m02', 'readings_y2016m03']);
      const stored = await harness().context.db.selectFrom('readings').select('index_value').where('device_id', '=', device.id).orderBy('read_at').execute();
      expect(stored.map((row) => row.index_value)).toEqual(['10', '10.5', '11']);
    });

    it('lets concurrent imports create the same month once', async () => {
      const devices = await Promise.all(
        Array.from({ length: 6 }, (_, position) => buildDevice(harness().context.db, { serial_number: `20150600${position}`, kind: 'cold_water', installed_on: '2015-01-01' })),
      );
      const reports = await Promise.all(
        devices.map((device, position) =>
          importLines([`${device.serial_number},2015-06-0${position + 1}T08:00:00Z,1`, `${device.serial_number},2015-06-0${position + 2}T08:00:00Z,2`], `june-${position}.csv`),
        ),
      );
      expect(reports.map((report) => report.rowsStored)).toEqual([2, 2, 2, 2, 2, 2]);
      expect((await attachedPartitions(harness().context.db)).filter((partition) => partition.name === 'readings_y2015m06')).toHaveLength(1);
    });

    it('archives the months before a cutoff: ingest and a consumption rebuild then refuse them, later months go on', async () => {
      const { context } = harness();
      await buildDevice(context.db, { serial_number: '202600001', kind: 'cold_water' });
      expect(await importLines(['202600001,2026-03-01T08:00:00Z,1', '202600001,2026-03-02T08:00:00Z,2'])).toMatchObject({ rowsStored: 2 });
      // Found committed, 2016-02 is now remembered by this process.
      expect(await importLines(['201600001,2016-02-29T23:30:00Z,10'])).toMatchObject({ rowsDuplicate: 1 });
      expect(await consumptionRebuildRefusal(context.db)).toBeUndefined();

      const archived = await archiveReadingsBefore(context.database, '2016-03', new Date(TEST_NOW));
      expect(archived).toEqual([
        { name: 'readings_y2015m06', months: ['2015-06'] },
        { name: 'readings_y2016m02', months: ['2016-02'] },
      ]);
      expect(await listArchivedReadingMonths(context.db)).toEqual(['2015-06', '2016-02']);
      expect((await attachedPartitions(context.db)).map((partition) => partition.name)).toEqual(['readings_y2016m03', 'readings_y2026m03']);
      expect(await consumptionRebuildRefusal(context.db)).toMatch(/^Refused: the readings of 2015-06, 2016-02 are detached/);

      // The archive made this process forget 2016-02: refused by name, not failed by PostgreSQL.
      const refused = await importLines(['201600001,2016-02-28T23:30:00Z,9']).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(AppError);
      expect(refused).toMatchObject({ code: 'readings_month_archived', details: { months: ['2016-02'] } });
      expect(await importLines(['202600001,2026-03-03T08:00:00Z,3'])).toMatchObject({ rowsStored: 1 });
      const left = await context.db.selectFrom('readings').select((eb) => eb.fn.countAll<string>().as('count')).executeTakeFirstOrThrow();
      expect(Number(left.count)).toBe(2 + 3);
      // A second run finds nothing more to detach.
      expect(await archiveReadingsBefore(context.database, '2016-03', new Date(TEST_NOW))).toEqual([]);
    });
  });

  describe('archived, then restored', () => {
    const harness = useTestApp();

    it("attaches an archived month's table again: rows, a resident's answers and the rebuild come back; a missing table or rows outside the month are refused", async () => {
      const testApp = harness();
      const { context } = testApp;
      const { db } = context;
      const dwelling = await buildDwelling(db);
      const device = await buildDevice(db, { dwelling_id: dwelling.id, kind: 'cold_water', serial_number: '202509001', installed_on: '2025-08-01' });
      const { user } = await buildResident(db, { dwelling_id: dwelling.id, profile: { moved_in_on: '2025-08-01' } });
      // Daily at Paris midnight from September 1st (August 31st, 22:00 in UTC: the August partition), hourly on September 14th.
      const daily = Array.from({ length: 60 }, (_, day) => Date.UTC(2025, 7, 31, 22) + day * 24 * HOUR);
      const hourly = Array.from({ length: 24 }, (_, hour) => Date.parse('2025-09-13T22:00:00Z') + hour * HOUR + 30 * 60_000);
      const instants = [...daily, ...hourly].sort((a, b) => a - b);
      await insertReadings(
        db,
        instants.map((at, position) => ({ residence_id: device.residence_id, device_id: device.id, read_at: new Date(at), index_value: (position * 0.04).toFixed(3), source: 'csv' as const })),
      );
      await queueConsumptionRefresh(db, [{ deviceId: device.id, changedFrom: new Date(instants[0]!) }], context.clock.now());
      await refreshQueuedConsumption(context);
      const headers = await signInAs(testApp, user);
      const hourlyAnswer = async () => (await testApp.app.inject({ method: 'GET', url: '/api/resident/consumption/hourly?fluid=cold_water&day=2025-09-14', headers })).json();
      const rows = () => db.selectFrom('readings').selectAll().where('device_id', '=', device.id).orderBy('read_at').execute();
      const [rowsBefore, answerBefore] = [await rows(), await hourlyAnswer()];
      expect(answerBefore.hours.length).toBe(24);
      const importLines = (lines: string[]) => importReadingsCsv(context, { lines: ['serial_number,read_at,index', ...lines], origin: 'restore.csv' }, {});

      expect(await archiveReadingsBefore(context.database, '2025-10', new Date(TEST_NOW))).toEqual([
        { name: 'readings_y2025m08', months: ['2025-08'] },
        { name: 'readings_y2025m09', months: ['2025-09'] },
      ]);
      expect(await hourlyAnswer()).not.toEqual(answerBefore);
      expect(await consumptionRebuildRefusal(db)).toMatch(/^Refused: the readings of 2025-08, 2025-09 are detached/);

      expect(await restoreArchivedMonth(context.database, '2025-10')).toEqual({ outcome: 'not_archived' });
      // Dropped after its dump: refused, nothing changed; restored from the dump under its name: accepted.
      await sql`alter table readings_y2025m08 rename to readings_y2025m08_dump`.execute(db);
      expect(await restoreArchivedMonth(context.database, '2025-08')).toEqual({ outcome: 'table_missing', name: 'readings_y2025m08', months: ['2025-08'] });
      await sql`alter table readings_y2025m08_dump rename to readings_y2025m08`.execute(db);
      // A row outside the month (written while detached, past the CHECK that PostgreSQL's DETACH … CONCURRENTLY leaves) fails the bounds check before any attach.
      await sql`alter table readings_y2025m09 drop constraint if exists readings_y2025m09_read_at_check`.execute(db);
      await sql`insert into readings_y2025m09 (residence_id, device_id, read_at, index_value, source) values (${device.residence_id}, ${device.id}, '2025-10-20T12:00:00Z', 9, 'csv')`.execute(db);
      await expect(restoreArchivedMonth(context.database, '2025-09')).rejects.toThrow(/readings_y2025m09_restore_bounds/);
      expect(await listArchivedReadingMonths(db)).toEqual(['2025-08', '2025-09']);
      await sql`delete from readings_y2025m09 where read_at = '2025-10-20T12:00:00Z'`.execute(db);

      // Refused while archived, accepted once restored.
      await expect(importLines(['202509001,2025-09-14T10:45:00Z,0.5'])).rejects.toMatchObject({ code: 'readings_month_archived' });
      expect(await restoreArchivedMonth(context.database, '2025-09')).toEqual({ outcome: 'restored', name: 'readings_y2025m09', months: ['2025-09'] });
      expect(await listArchivedReadingMonths(db)).toEqual(['2025-08']);
      expect(await consumptionRebuildRefusal(db)).toMatch(/^Refused: the readings of 2025-08 are detached/);
      expect(await restoreArchivedMonth(context.database, '2025-08')).toMatchObject({ outcome: 'restored', name: 'readings_y2025m08' });

      expect(await listArchivedReadingMonths(db)).toEqual([]);
      expect((await attachedPartitions(db)).map((partition) => partition.name)).toEqual(expect.arrayContaining(['readings_y2025m08', 'readings_y2025m09']));
      const { rows: leftChecks } = await sql`select conname from pg_constraint where conname like '%restore_bounds'`.execute(db);
      expect(leftChecks).toEqual([]);
      expect(await rows()).toEqual(rowsBefore);
      expect(await hourlyAnswer()).toEqual(answerBefore);
      expect(await consumptionRebuildRefusal(db)).toBeUndefined();
      expect(await rebuildConsumption(context)).toMatchObject({ devicesChanged: 0 });
      expect(await importLines(['202509001,2025-09-14T10:45:00Z,0.5'])).toMatchObject({ outcome: 'imported', rowsStored: 1 });
    });

    it('makes the partitions of every month between two instants, both ends included', async () => {
      const { db } = harness().context;
      await ensureReadingPartitionsBetween(db, Date.parse('2019-11-30T23:00:00Z'), Date.parse('2020-02-01T00:00:00Z'));
      const made = (await attachedPartitions(db)).map((partition) => partition.name).filter((name) => /^readings_y(2019|2020)/.test(name));
      expect(made).toEqual(['readings_y2019m11', 'readings_y2019m12', 'readings_y2020m01', 'readings_y2020m02']);
    });
  });
});
