import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { useTestApp } from '../../test/test-app.ts';
import { getDailyConsumption, getMonthlyConsumption, refreshQueuedConsumption } from '../consumption/consumption.service.ts';
import { importReadingsCsv } from '../ingest/readings-import.service.ts';
import { INVENTORY_COLUMNS } from './inventory-csv.ts';
import { importInventoryCsv } from './inventory-import.service.ts';

const header = INVENTORY_COLUMNS.join(';');
const residenceFields = 'Syndic Horizon;syndic;CTR-INV-1;resident_portal|remote_reading;61000001;Le Parc;3 RUE DES LILAS;69003;LYON;Europe/Paris';

function line(dwellingCode: string, device: string): string {
  return `${residenceFields};${dwellingCode};A-${dwellingCode.slice(-3)};01;02;03;${device}`;
}

describe('inventory CSV import', () => {
  const harness = useTestApp();
  const importText = (text: string) => importInventoryCsv(harness().context, { text, origin: 'inventory.csv' });

  it('creates the whole portfolio, and importing the same file again changes nothing', async () => {
    const file = [
      header,
      line('10000001', 'cold_water;600000001;a1b2c3d4;ISTA;Cuisine;non;2025-01-01;;'),
      line('10000001', 'hot_water;600000002;;ISTA;Cuisine;non;01/01/2025;;'),
      line('10000002', ';;;;;;;;'),
    ].join('\n');
    const first = await importText(file);
    expect(first).toMatchObject({
      outcome: 'imported',
      rowsRead: 3,
      created: { clients: 1, contracts: 1, residences: 1, dwellings: 2, devices: 2 },
    });
    const { db } = harness().context;
    const devicesBefore = await db.selectFrom('devices').innerJoin('dwellings', 'dwellings.id', 'devices.dwelling_id').select(['serial_number', 'radio_id', 'dwellings.reference', 'installed_on']).orderBy('serial_number').execute();
    expect(devicesBefore.map((device) => [device.serial_number, device.radio_id, device.installed_on])).toEqual([
      ['600000001', 'a1b2c3d4', '2025-01-01'],
      ['600000002', null, '2025-01-01'],
    ]);

    const second = await importText(file);
    expect(second).toMatchObject({ outcome: 'imported', created: { clients: 0, contracts: 0, residences: 0, dwellings: 0, devices: 0 } });
    const devicesAfter = await db.selectFrom('devices').innerJoin('dwellings', 'dwellings.id', 'devices.dwelling_id').select(['serial_number', 'radio_id', 'dwellings.reference', 'installed_on']).orderBy('serial_number').execute();
    expect(devicesAfter).toEqual(devicesBefore);
    expect(await db.selectFrom('clients').select('name').where('name', '=', 'Syndic Horizon').execute()).toHaveLength(1);
  });

  it('refuses a file with bad lines whole, with each line and reason, and writes nothing', async () => {
    const file = [
      header,
      line('20000001', 'cold_water;600000011;;ISTA;;non;2025-01-01;;'),
      line('2000002', 'cold_water;600000012;;ISTA;;non;2025-01-01;;'),
      line('20000003', 'gas;600000013;;ISTA;;non;2025-01-01;;'),
      line('20000004', 'cold_water;600000014;;ISTA;;non;2025-13-01;;'),
      line('20000005', 'cold_water;600000011;;ISTA;;non;2025-01-01;;'),
    ].join('\n');
    const report = await importText(file);
    expect(report.outcome).toBe('refused');
    expect(report.errors).toEqual([
      { line: 3, problem: 'invalid_value', column: 'dwelling_code', value: '2000002' },
      { line: 4, problem: 'invalid_value', column: 'device_kind', value: 'gas' },
      { line: 5, problem: 'invalid_date', column: 'installed_on', value: '2025-13-01' },
      { line: 6, problem: 'duplicate_device', value: 'line 2' },
    ]);
    const { db } = harness().context;
    expect(await db.selectFrom('dwellings').select('id').where('dwelling_code', '=', '20000001').execute()).toEqual([]);
  });

  it('refuses the file when the database disagrees with a line, and rolls back the lines before it', async () => {
    const file = [
      header,
      line('30000001', 'cold_water;600000021;;ISTA;;non;2025-01-01;;'),
      line('30000002', 'cold_water;600000022;;ISTA;;non;2025-01-01;;600000099'),
    ].join('\n');
    const report = await importText(file);
    expect(report.errors).toEqual([{ line: 3, problem: 'replaced_device_not_found', value: '600000099' }]);
    expect(await harness().context.db.selectFrom('devices').select('id').where('serial_number', '=', '600000021').execute()).toEqual([]);
  });

  it('keeps a dwelling consumption continuous across a device replaced on a day', async () => {
    const context = harness().context;
    await importText([header, line('40000001', 'cold_water;600000031;;ISTA;;non;2025-01-01;;')].join('\n'));
    const readings = ['serial_number;read_at;index'];
    for (let day = 1; day <= 10; day += 1) readings.push(`600000031;2025-03-${String(day).padStart(2, '0')}T11:00:00Z;${100 + day}`);
    await importReadingsCsv(context, { lines: readings, origin: 'old.csv' }, {});

    const replacement = await importText(
      [header, line('40000001', 'cold_water;600000032;;ISTA;;non;2025-03-10;;600000031')].join('\n'),
    );
    expect(replacement.outcome).toBe('imported');
    const replaced = await context.db.selectFrom('devices').select('removed_on').where('serial_number', '=', '600000031').executeTakeFirstOrThrow();
    expect(replaced.removed_on).toBe('2025-03-10');

    const newReadings = ['serial_number;read_at;index'];
    for (let day = 10; day <= 20; day += 1) newReadings.push(`600000032;2025-03-${day}T11:00:00Z;${(day - 10) * 2}`);
    await importReadingsCsv(context, { lines: newReadings, origin: 'new.csv' }, {});
    await refreshQueuedConsumption(context);

    const dwelling = await context.db.selectFrom('dwellings').select('id').where('dwelling_code', '=', '40000001').executeTakeFirstOrThrow();
    const daily = await getDailyConsumption(context.db, dwelling.id, 'cold_water', '2025-03-01', '2025-03-31');
    expect(daily.map((day) => [day.period, day.consumption])).toEqual([
      ['2025-03-01', '0.5'],
      ...Array.from({ length: 8 }, (_, index) => [`2025-03-0${index + 2}`, '1']),
      ['2025-03-10', '1.5'],
      ...Array.from({ length: 9 }, (_, index) => [`2025-03-${11 + index}`, '2']),
      ['2025-03-20', '1'],
    ]);
    const monthly = await getMonthlyConsumption(context.db, dwelling.id, 'cold_water', '2025-03-01', '2025-03-01');
    expect(monthly).toEqual([{ period: '2025-03-01', unit: 'm3', consumption: '29', isEstimated: false }]);
  });

  it('the template in templates/ imports as it is', async () => {
    const template = readFileSync(new URL('../../../templates/inventory.csv', import.meta.url), 'utf8');
    expect(await importText(template)).toMatchObject({ outcome: 'imported', created: { devices: 3 } });
  });

  it('sets a device’s own maximum plausible rate from the optional max_rate_per_hour column, and refuses one that is not a positive number', async () => {
    const withRate = `${header};max_rate_per_hour`;
    const report = await importText(
      [withRate, line('50000001', 'cold_water;600000051;;ISTA;;non;2025-01-01;;;7,9'), line('50000001', 'hot_water;600000052;;ISTA;;non;2025-01-01;;;')].join('\n'),
    );
    expect(report).toMatchObject({ outcome: 'imported' });
    const { db } = harness().context;
    const rates = await db.selectFrom('devices').select(['serial_number', 'max_rate_per_hour']).where('serial_number', 'in', ['600000051', '600000052']).orderBy('serial_number').execute();
    expect(rates.map((row) => [row.serial_number, row.max_rate_per_hour === null ? null : Number(row.max_rate_per_hour)])).toEqual([
      ['600000051', 7.9],
      ['600000052', null],
    ]);
    const refused = await importText([withRate, line('50000002', 'cold_water;600000053;;ISTA;;non;2025-01-01;;;0'), line('50000002', 'cold_water;600000054;;ISTA;;non;2025-01-01;;;-3')].join('\n'));
    expect(refused.errors).toEqual([
      { line: 2, problem: 'invalid_value', column: 'max_rate_per_hour', value: '0' },
      { line: 3, problem: 'invalid_value', column: 'max_rate_per_hour', value: '-3' },
    ]);
  });
});
