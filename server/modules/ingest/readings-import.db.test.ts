import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { buildDevice, buildResidence } from '../../test/factories.ts';
import { useTestApp } from '../../test/test-app.ts';
import { getDeviceDailyConsumption } from '../consumption/consumption.service.ts';
import { importReadingsCsv } from './readings-import.service.ts';

describe('readings CSV import', () => {
  const harness = useTestApp();
  const importText = (text: string, options = {}) =>
    importReadingsCsv(harness().context, { lines: text.split('\n'), origin: 'test.csv' }, options);

  async function storedReadings(deviceId: string) {
    return harness()
      .context.db.selectFrom('readings')
      .select(['read_at', 'index_value', 'is_estimated', 'source'])
      .where('device_id', '=', deviceId)
      .orderBy('read_at')
      .execute();
  }

  it('stores readings of the documented format once, and a second import changes nothing', async () => {
    const device = await buildDevice(harness().context.db, { serial_number: '100200300', kind: 'cold_water' });
    const file = [
      'serial_number,read_at,index',
      '100200300,2026-01-10T23:00:00Z,12.5',
      '100200300,2026-01-11T23:00:00Z,13.75',
      '100200300,2026-01-12T23:00:00Z,14',
    ].join('\n');
    const first = await importText(file);
    expect(first).toMatchObject({ outcome: 'imported', rowsRead: 3, rowsStored: 3, rowsDuplicate: 0, rowsConflicting: 0 });
    expect((await storedReadings(device.id)).map((row) => row.index_value)).toEqual(['12.5', '13.75', '14']);
    expect(await getDeviceDailyConsumption(harness().context.db, device.id, '2026-01-01', '2026-01-31')).toEqual([
      { period: '2026-01-11', unit: 'm3', consumption: '1.25', isEstimated: false },
      { period: '2026-01-12', unit: 'm3', consumption: '0.25', isEstimated: false },
    ]);

    const second = await importText(file);
    expect(second).toMatchObject({ outcome: 'imported', rowsStored: 0, rowsDuplicate: 3 });
    expect(await storedReadings(device.id)).toHaveLength(3);
  });

  it("reads a utility's export as it is: mapped columns, litres, dd/MM/yyyy in the residence zone, scientific notation", async () => {
    const residence = await buildResidence(harness().context.db, { time_zone: 'Europe/Madrid' });
    const device = await buildDevice(harness().context.db, {
      residence_id: residence.id,
      serial_number: '1f8730a9-aaaa-4895-9215-6e247087ea00',
      manufacturer: 'UTILITY',
      installed_on: '2016-01-01',
    });
    const file = [
      'user key;datetime;meter reading;diff',
      `${device.serial_number};01/03/2016 00:28:55;68321;10`,
      `${device.serial_number};01/03/2016 01:19:43;68330;9`,
      `${device.serial_number};03/08/2016 08:52:19;4e+05;5`,
    ].join('\r\n');
    const report = await importText(file, { serialColumn: 'user key', readAtColumn: 'datetime', indexColumn: 'meter reading', unit: 'l' });
    expect(report).toMatchObject({ outcome: 'imported', rowsStored: 3 });
    const rows = await storedReadings(device.id);
    expect(rows.map((row) => [row.read_at.toISOString(), row.index_value])).toEqual([
      ['2016-02-29T23:28:55.000Z', '68.321'],
      ['2016-03-01T00:19:43.000Z', '68.33'],
      ['2016-08-03T06:52:19.000Z', '400'],
    ]);
  });

  it('refuses the whole file on a bad line, naming each line and reason, and writes nothing', async () => {
    const device = await buildDevice(harness().context.db, { serial_number: '100200301' });
    const file = [
      'serial_number;read_at;index',
      '100200301;2026-01-10T10:00:00Z;1',
      '100200301;2026-02-30T10:00:00Z;2',
      '100200301;2026-01-12T10:00:00Z;douze',
      '100200301;2026-01-13T10:00:00Z',
      '999999999;2026-01-14T10:00:00Z;3',
      '100200301;2026-01-15T10:00:00Z;-4',
    ].join('\n');
    const report = await importText(file);
    expect(report.outcome).toBe('refused');
    expect(report.errors).toEqual([
      { line: 3, problem: 'invalid_moment', value: '2026-02-30T10:00:00Z' },
      { line: 4, problem: 'invalid_index', value: 'douze' },
      { line: 5, problem: 'wrong_field_count', value: '2' },
      { line: 6, problem: 'unknown_device', value: '999999999' },
      { line: 7, problem: 'negative_index', value: '-4' },
    ]);
    expect(await storedReadings(device.id)).toEqual([]);
    const batch = await harness().context.db.selectFrom('import_batches').selectAll().where('id', '=', report.batchId).executeTakeFirstOrThrow();
    expect(batch).toMatchObject({ outcome: 'refused', rows_read: 6, rows_stored: 0, rows_refused: 5 });
  });

  it('keeps out and reports another index at a stored moment', async () => {
    const residence = await buildResidence(harness().context.db, { time_zone: 'Europe/Paris' });
    const device = await buildDevice(harness().context.db, { residence_id: residence.id, serial_number: '100200302' });
    const file = ['serial_number;read_at;index', '100200302;25/10/2026 01:30:00;10', '100200302;25/10/2026 03:30:00;13', '100200302;25/10/2026 03:30:00;13'].join('\n');
    const report = await importText(file);
    expect(report).toMatchObject({ outcome: 'imported', rowsStored: 2, rowsDuplicate: 1, rowsConflicting: 0 });

    const later = await importText(['serial_number;read_at;index', '100200302;2026-10-25T02:30:00Z;14'].join('\n'));
    expect(later.conflicts).toEqual([
      { refs: [2], serialNumber: '100200302', readAt: '2026-10-25T02:30:00.000Z', storedIndex: '13', refusedIndexes: ['14'] },
    ]);
    expect((await storedReadings(device.id)).map((row) => row.index_value)).toEqual(['10', '13']);
  });

  it('refuses readings outside the installation period of the device', async () => {
    await buildDevice(harness().context.db, { serial_number: '100200303', installed_on: '2026-01-01', removed_on: '2026-02-01' });
    const report = await importText(
      ['serial_number,read_at,index', '100200303,2025-12-31T10:00:00Z,1', '100200303,2026-02-02T10:00:00Z,2'].join('\n'),
    );
    expect(report.errors.map((error) => error.problem)).toEqual(['before_installation', 'after_removal']);
  });

  it('leaves nothing half-imported when the transaction fails after the readings are written', async () => {
    const { db } = harness().context;
    const device = await buildDevice(db, { serial_number: '100200304' });
    await sql`create function refuse_batches() returns trigger language plpgsql as $$ begin raise exception 'simulated crash'; end $$`.execute(db);
    await sql`create trigger refuse_batches before insert on import_batches for each row when (new.outcome = 'imported') execute function refuse_batches()`.execute(db);
    const lines = ['serial_number,read_at,index'];
    for (let hour = 0; hour < 500; hour += 1) lines.push(`100200304,${new Date(Date.UTC(2026, 0, 1, hour)).toISOString()},${hour}`);
    await expect(importText(lines.join('\n'))).rejects.toThrow(/simulated crash/);
    await sql`drop trigger refuse_batches on import_batches`.execute(db);
    expect(await storedReadings(device.id)).toEqual([]);
    expect(await db.selectFrom('consumption_refresh_queue').selectAll().where('device_id', '=', device.id).execute()).toEqual([]);
  });
});
