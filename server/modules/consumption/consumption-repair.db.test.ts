import { sql } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { buildDevice, buildResidence } from '../../test/factories.ts';
import { useTestApp } from '../../test/test-app.ts';
import { isOnPostgres } from '../../test/test-database.ts';
import { importReadingsCsv } from '../ingest/readings-import.service.ts';
import { rebuildConsumption } from './consumption-rebuild.ts';
import { queueConsumptionRefresh, refreshQueuedConsumption } from './consumption.service.ts';

/** Consumption that a crash or a lost pass left missing is completed, never left behind. */
describe('consumption repair', () => {
  const harness = useTestApp();
  const db = () => harness().context.db;
  const hourlyFile = (serial: string, hours: number, from = Date.UTC(2026, 0, 5)) =>
    ['serial_number,read_at,index', ...Array.from({ length: hours }, (_, hour) => `${serial},${new Date(from + hour * 3_600_000).toISOString()},${(10 + hour * 0.01).toFixed(2)}`)];
  const dayCount = async (deviceId: string) => (await db().selectFrom('daily_consumption').select('day').where('device_id', '=', deviceId).execute()).length;

  it('importing the same file again computes the consumption an interrupted import left missing', async () => {
    const device = await buildDevice(db(), { serial_number: '500100001' });
    const lines = hourlyFile('500100001', 72);
    await importReadingsCsv(harness().context, { lines, origin: 'a.csv' }, {});
    expect(await dayCount(device.id)).toBe(3);
    // What a process killed after the readings committed, and before their consumption did, leaves.
    await db().deleteFrom('daily_consumption').where('device_id', '=', device.id).execute();
    await db().deleteFrom('consumption_refresh_queue').where('device_id', '=', device.id).execute();

    const again = await importReadingsCsv(harness().context, { lines, origin: 'a.csv' }, {});
    expect(again).toMatchObject({ rowsStored: 0, rowsDuplicate: 72 });
    expect(await dayCount(device.id)).toBe(3);
  });

  it('rebuilds a residence from its readings and reports what it changed', async () => {
    const residence = await buildResidence(db(), { building_code: '55500011' });
    const device = await buildDevice(db(), { residence_id: residence.id, serial_number: '500100002' });
    await importReadingsCsv(harness().context, { lines: hourlyFile('500100002', 72), origin: 'b.csv' }, {});
    await db().deleteFrom('daily_consumption').where('device_id', '=', device.id).where('day', '=', '2026-01-06').execute();
    await db().updateTable('daily_consumption').set({ consumption: '99' }).where('device_id', '=', device.id).where('day', '=', '2026-01-07').execute();

    const report = await rebuildConsumption(harness().context, { buildingCode: '55500011' });
    expect(report).toMatchObject({ devices: 1, devicesChanged: 1, daysAdded: 1, daysRemoved: 0, daysChanged: 1 });
    expect(await dayCount(device.id)).toBe(3);
    const again = await rebuildConsumption(harness().context, { buildingCode: '55500011' });
    expect(again).toMatchObject({ devicesChanged: 0, daysAdded: 0, daysRemoved: 0, daysChanged: 0 });
  });

  describe.runIf(isOnPostgres())('claims (PostgreSQL)', () => {
    it('skips a device a live pass holds, and takes it over the moment that pass dies', async () => {
      const device = await buildDevice(db(), { serial_number: '500100003' });
      const file = hourlyFile('500100003', 48);
      await importReadingsCsv(harness().context, { lines: file, origin: 'c.csv' }, {});
      await db().deleteFrom('daily_consumption').where('device_id', '=', device.id).execute();
      await queueConsumptionRefresh(db(), [{ deviceId: device.id, changedFrom: new Date(0) }], new Date());

      // Another process claims the device and stops answering, its transaction open.
      const claimant = new pg.Client({ connectionString: harness().database.url });
      claimant.on('error', () => {});
      await claimant.connect();
      await claimant.query('begin');
      await claimant.query('select pg_advisory_xact_lock(15001, hashtext($1))', [device.id]);
      const whileHeld = await refreshQueuedConsumption(harness().context, { onlyDeviceIds: [device.id] });
      expect(whileHeld.devicesRefreshed).toBe(0);
      expect(await dayCount(device.id)).toBe(0);

      const { rows } = await claimant.query<{ pid: number }>('select pg_backend_pid() as pid');
      const diedAt = performance.now();
      await sql`select pg_terminate_backend(${rows[0]!.pid})`.execute(db());
      let taken = await refreshQueuedConsumption(harness().context, { onlyDeviceIds: [device.id] });
      while (taken.devicesRefreshed === 0 && performance.now() - diedAt < 5000) taken = await refreshQueuedConsumption(harness().context, { onlyDeviceIds: [device.id] });
      expect(taken.devicesRefreshed).toBe(1);
      expect(await dayCount(device.id)).toBe(2);
    });
  });
});
