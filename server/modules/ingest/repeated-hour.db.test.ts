import { describe, expect, it } from 'vitest';
import { buildDevice, buildResidence } from '../../test/factories.ts';
import { useTestApp } from '../../test/test-app.ts';
import { detectAlerts } from '../alerts/alert-detection.service.ts';
import { importReadingsCsv } from './readings-import.service.ts';

/** Europe/Paris, 2026-10-25: 02:00–02:59 is lived twice, first in summer time (UTC+2), then in winter time (UTC+1). */
const HOUR = 3_600_000;
const HEADER = 'serial_number;read_at;index';

describe('readings of the hour repeated when clocks go back', () => {
  const harness = useTestApp();
  const importLines = (lines: string[]) => importReadingsCsv(harness().context, { lines: [HEADER, ...lines], origin: 'test.csv' }, {});

  async function meter(serialNumber: string) {
    const residence = await buildResidence(harness().context.db, { time_zone: 'Europe/Paris' });
    return buildDevice(harness().context.db, { residence_id: residence.id, serial_number: serialNumber, kind: 'cold_water', installed_on: '2026-01-01' });
  }

  async function storedReadings(deviceId: string) {
    const rows = await harness()
      .context.db.selectFrom('readings')
      .select(['read_at', 'index_value'])
      .where('device_id', '=', deviceId)
      .orderBy('read_at')
      .execute();
    return rows.map((row) => [row.read_at.toISOString(), row.index_value]);
  }

  /** 01:30 summer time, 02:30 summer time, 02:30 winter time, 03:30 winter time. */
  const PAIR_STORED = [
    ['2026-10-24T23:30:00.000Z', '10'],
    ['2026-10-25T00:30:00.000Z', '11'],
    ['2026-10-25T01:30:00.000Z', '12'],
    ['2026-10-25T02:30:00.000Z', '13'],
  ];

  it('stores a pair in one file, summer time then winter time, in whichever order the indexes need', async () => {
    const device = await meter('300400501');
    const report = await importLines([
      '300400501;25/10/2026 01:30:00;10',
      '300400501;25/10/2026 02:30:00;12',
      '300400501;25/10/2026 02:30:00;11',
      '300400501;25/10/2026 03:30:00;13',
    ]);
    expect(report).toMatchObject({ outcome: 'imported', rowsStored: 4, rowsConflicting: 0 });
    expect(await storedReadings(device.id)).toEqual(PAIR_STORED);

    const again = await importLines(['300400501;25/10/2026 02:30:00;11', '300400501;25/10/2026 02:30:00;12']);
    expect(again).toMatchObject({ rowsStored: 0, rowsDuplicate: 2, rowsConflicting: 0 });
  });

  it('breaks a tie by file order, and keeps out only a reading no offset fits', async () => {
    const device = await meter('300400502');
    const report = await importLines([
      '300400502;25/10/2026 01:30:00;10',
      '300400502;25/10/2026 02:30:00;11',
      '300400502;25/10/2026 02:30:00;11',
      '300400502;25/10/2026 02:45:00;9',
      '300400502;25/10/2026 03:30:00;13',
    ]);
    expect(report).toMatchObject({ rowsStored: 4, rowsConflicting: 1 });
    expect(report.conflicts.map((conflict) => conflict.refs)).toEqual([[5]]);
    expect((await storedReadings(device.id)).map(([at]) => at)).toEqual([
      '2026-10-24T23:30:00.000Z',
      '2026-10-25T00:30:00.000Z',
      '2026-10-25T01:30:00.000Z',
      '2026-10-25T02:30:00.000Z',
    ]);
  });

  it('places a single reading of the repeated hour between the stored ones', async () => {
    const device = await meter('300400503');
    await importLines(['300400503;2026-10-24T23:30:00Z;10', '300400503;2026-10-25T01:30:00Z;12', '300400503;2026-10-25T02:30:00Z;13']);
    const report = await importLines(['300400503;25/10/2026 02:30:00;11']);
    expect(report).toMatchObject({ rowsStored: 1, rowsConflicting: 0 });
    expect(await storedReadings(device.id)).toEqual(PAIR_STORED);
  });

  it.each([
    ['the summer reading first', [0, 1]],
    ['the winter reading first', [1, 0]],
  ])('stores a pair split across two files, %s', async (_, order) => {
    const serial = `30040050${order[0]! + 4}`;
    const device = await meter(serial);
    const files = [
      [`${serial};25/10/2026 01:30:00;10`, `${serial};25/10/2026 02:30:00;11`],
      [`${serial};25/10/2026 02:30:00;12`, `${serial};25/10/2026 03:30:00;13`],
    ];
    for (const position of order) expect(await importLines(files[position]!)).toMatchObject({ rowsConflicting: 0 });
    expect(await storedReadings(device.id)).toEqual(PAIR_STORED);
  });

  it('keeps a leak running across the change one episode', async () => {
    const device = await meter('300400506');
    const wallTime = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', dateStyle: 'short', timeStyle: 'medium' });
    const start = Date.parse('2026-10-22T00:00:00Z');
    const lines: string[] = [];
    // Hourly, but half-hourly in the repeated hour and silent around it: without both halves of it, the gap exceeds 3 h.
    for (let at = start; at <= start + 6 * 24 * HOUR; at += HOUR / 2) {
      const isRepeatedHour = at >= Date.parse('2026-10-25T00:00:00Z') && at < Date.parse('2026-10-25T02:00:00Z');
      const isSilent = at > Date.parse('2026-10-24T22:00:00Z') && at < Date.parse('2026-10-25T03:00:00Z');
      if (!isRepeatedHour && (isSilent || at % HOUR !== 0)) continue;
      const litres = ((at - start) / HOUR) * 4;
      lines.push(`${device.serial_number};${wallTime.format(at).replace(',', '')};${(1000 + litres / 1000).toFixed(3)}`);
    }
    expect(await importLines(lines)).toMatchObject({ rowsConflicting: 0 });
    await detectAlerts(harness().context, { residenceIds: null });
    const episodes = await harness().context.db.selectFrom('alert_episodes').selectAll().where('device_id', '=', device.id).where('kind', '=', 'leak').execute();
    expect(episodes).toHaveLength(1);
    expect(episodes[0]!.last_seen_at.getTime() - episodes[0]!.started_at.getTime()).toBe(6 * 24 * HOUR);
  });
});
