import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDevice, buildResidence } from '../../test/factories.ts';
import { useTestApp } from '../../test/test-app.ts';
import { alertDetectionJobs } from '../alerts/alert-detection.jobs.ts';
import { getDeviceDailyConsumption } from '../consumption/consumption.service.ts';
import { importInventoryCsv } from '../inventory/inventory-import.service.ts';
import { INVENTORY_COLUMNS } from '../inventory/inventory-csv.ts';
import { createDataSource, revokeDataSourceByName } from './data-sources.service.ts';
import { RateLimiter } from './rate-limiter.ts';
import { replayQuarantineFor } from './wmbusmeters.service.ts';

/** Messages shaped like wmbusmeters' JSON output; written for these tests. */
function telegram(fields: Record<string, unknown>, numbers: Record<string, string> = {}): string {
  const text = JSON.stringify({ _: 'telegram', media: 'water', name: 'test', ...fields });
  const literals = Object.entries(numbers).map(([name, literal]) => `"${name}":${literal}`);
  return literals.length > 0 ? `${text.slice(0, -1)},${literals.join(',')}}` : text;
}

describe('wmbusmeters ingest', () => {
  const harness = useTestApp();
  let token = '';
  let residenceId = '';

  beforeAll(async () => {
    const { context } = harness();
    token = (await createDataSource(context, 'gateway-test')).token;
    const residence = await buildResidence(context.db, { time_zone: 'Europe/Paris' });
    residenceId = residence.id;
    await buildDevice(context.db, { residence_id: residence.id, serial_number: '700000001', radio_id: '12345678', kind: 'cold_water' });
    await buildDevice(context.db, { residence_id: residence.id, serial_number: '700000002', radio_id: 'ABCDEF01', kind: 'heat_cost_allocator' });
    await buildDevice(context.db, { residence_id: residence.id, serial_number: '87654321', kind: 'heat_meter' });
  });

  const post = (body: string, headers: Record<string, string> = { authorization: `Bearer ${token}` }) =>
    harness().app.inject({ method: 'POST', url: '/api/ingest/wmbusmeters', headers: { 'content-type': 'application/json', ...headers }, payload: body });

  const readingsOf = (serialNumber: string) =>
    harness()
      .context.db.selectFrom('readings')
      .innerJoin('devices', 'devices.id', 'readings.device_id')
      .select(['readings.read_at', 'readings.index_value', 'readings.source'])
      .where('devices.serial_number', '=', serialNumber)
      .orderBy('readings.read_at')
      .execute();

  it('refuses a request without a valid data-source token', async () => {
    const body = telegram({ id: '12345678', meter: 'multical21', timestamp: '2026-03-15T10:00:00Z' }, { total_m3: '1.5' });
    expect((await post(body, {})).json().error.code).toBe('ingest_token_invalid');
    expect((await post(body, { authorization: 'Bearer ds_not-a-real-token' })).statusCode).toBe(401);
    const revoked = await createDataSource(harness().context, 'gateway-revoked');
    await revokeDataSourceByName(harness().context, 'gateway-revoked');
    expect((await post(body, { authorization: `Bearer ${revoked.token}` })).statusCode).toBe(401);
    expect(await readingsOf('700000001')).toEqual([]);
  });

  it('stores each index exactly as printed, found by unit, and says what happened to every message', async () => {
    const body = [
      telegram({ id: '12345678', meter: 'multical21', timestamp: '2026-03-15T10:00:00Z', status: 'OK' }, { total_m3: '123.4560', target_m3: '100.1' }),
      telegram({ id: 'abcdef01', meter: 'qcaloric', media: 'heat cost allocation', timestamp: '2026-03-15T10:00:00Z' }, { current_consumption_hca: '812', consumption_at_set_date_hca: '700' }),
      telegram({ id: '99999999', meter: 'kamheat', media: 'heat', timestamp: '2026-03-15T10:00:00Z', fabrication_no: '87654321' }, { total_energy_consumption_kwh: '35354.96', total_volume_m3: '912.3' }),
      telegram({ id: '0badc0de', meter: 'iperl', timestamp: '2026-03-15T10:00:00Z' }, { total_m3: '5' }),
      telegram({ id: '12345678', meter: 'multical21', timestamp: '1111-11-11T11:11:11Z' }, { total_m3: '2' }),
      telegram({ id: '12345678', meter: 'multical21', timestamp: '2026-03-15T11:00:00Z', total_m3: null }, { target_m3: '100.1' }),
      '{"id": "12345678", "meter": ',
    ].join('\n');
    const response = await post(body);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      received: 7,
      stored: 3,
      duplicate: 0,
      conflict: 0,
      quarantined: 1,
      refused: 3,
      problems: [
        { line: 4, outcome: 'quarantined', reason: 'unknown_device' },
        { line: 5, outcome: 'refused', reason: 'implausible_timestamp' },
        { line: 6, outcome: 'refused', reason: 'no_index_field', serialNumber: '700000001' },
        { line: 7, outcome: 'refused', reason: 'not_json' },
      ],
    });
    expect((await readingsOf('700000001')).map((row) => [row.read_at.toISOString(), row.index_value, row.source])).toEqual([
      ['2026-03-15T10:00:00.000Z', '123.4560', 'wmbusmeters'],
    ]);
    expect((await readingsOf('700000002')).map((row) => row.index_value)).toEqual(['812']);
    expect((await readingsOf('87654321')).map((row) => row.index_value)).toEqual(['35354.96']);

    const again = await post(body);
    expect(again.json()).toMatchObject({ stored: 0, duplicate: 3, quarantined: 1, refused: 3 });
  });

  it('refuses only the lines with bad bytes (NUL, lone surrogate, invalid UTF-8), with their reason, and stores the rest', async () => {
    await buildDevice(harness().context.db, { residence_id: residenceId, serial_number: '700000099', radio_id: '0000BEEF', kind: 'cold_water' });
    const good = telegram({ id: '0000beef', meter: 'multical21', timestamp: '2026-03-14T08:00:00Z' }, { total_m3: '120.5' });
    const withNul = telegram({ id: '0000beef', meter: 'multical21', timestamp: '2026-03-14T09:00:00Z', name: 'a\u0000b' }, { total_m3: '120.6' });
    const withSurrogate = telegram({ id: '0000beef', meter: 'multical21', timestamp: '2026-03-14T10:00:00Z' }, { total_m3: '120.7' }).replace('"name":"test"', '"name":"\\ud800"');
    const invalidUtf8 = Buffer.concat([Buffer.from(telegram({ id: '0000beef', meter: 'multical21', timestamp: '2026-03-14T11:00:00Z' }, { total_m3: '120.8' }).replace('"test"', '"te')), Buffer.from([0xff]), Buffer.from('st"')]);
    const body = Buffer.concat([Buffer.from(`${good}\n${withNul}\n${withSurrogate}\n`), invalidUtf8]);
    const response = await harness().app.inject({ method: 'POST', url: '/api/ingest/wmbusmeters', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, payload: body });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      received: 4,
      stored: 1,
      refused: 3,
      problems: [
        { line: 2, outcome: 'refused', reason: 'invalid_characters' },
        { line: 3, outcome: 'refused', reason: 'invalid_characters' },
        { line: 4, outcome: 'refused', reason: 'invalid_characters' },
      ],
    });
    expect((await readingsOf('700000099')).map((row) => row.index_value)).toContain('120.5');
    expect((await readingsOf('700000099')).map((row) => row.index_value)).not.toContain('120.6');
  });

  it('keeps a different index for the same moment out, and reports it', async () => {
    const response = await post(telegram({ id: '12345678', meter: 'multical21', timestamp: '2026-03-15T10:00:00Z' }, { total_m3: '124' }));
    expect(response.json()).toMatchObject({ stored: 0, conflict: 1, problems: [{ line: 1, outcome: 'conflict', serialNumber: '700000001' }] });
    expect((await readingsOf('700000001')).map((row) => row.index_value)).toEqual(['123.4560']);
  });

  it('takes one pretty-printed object, and keeps the raw message and the alarm flags', async () => {
    const body = JSON.stringify(
      { _: 'telegram', id: '12345678', meter: 'multical21', timestamp: '2026-03-15T12:00:00Z', total_m3: 124.5, status: 'LEAK BURST', current_status: 'DRY' },
      null,
      2,
    );
    expect((await post(body)).json()).toMatchObject({ received: 1, stored: 1 });
    const kept = await harness()
      .context.db.selectFrom('device_telegrams')
      .select(['status_flags', 'alarm_kinds', 'raw_message', 'driver'])
      .where('read_at', '=', new Date('2026-03-15T12:00:00Z'))
      .executeTakeFirstOrThrow();
    expect(kept).toMatchObject({ driver: 'multical21', status_flags: ['LEAK', 'BURST', 'DRY'], alarm_kinds: ['leak', 'burst', 'dry'] });
    expect(kept.raw_message).toMatchObject({ id: '12345678', total_m3: 124.5 });
  });

  it('keeps flags about the past as history: they raise no alarm, only a flag about now does', async () => {
    const at = (hour: number) => `2026-03-15T${String(hour).padStart(2, '0')}:00:00Z`;
    const body = [
      { id: '12345678', meter: 'izarv2', timestamp: at(13), total_m3: 124.6, status: 'PREV_LEAKAGE METER_BLOCKED' },
      { id: '12345678', meter: 'aptmbusna', timestamp: at(14), total_m3: 124.7, status: 'P_LEAK P_REVERSE_FLOW TAMPER_PREV_MONTH' },
      { id: '12345678', meter: 'waterstarm', timestamp: at(15), total_m3: 124.8, status: 'LEAKAGE_OR_NO_USAGE' },
      { id: '12345678', meter: 'izarv2', timestamp: at(16), total_m3: 124.9, status: 'PREV_LEAKAGE' },
      { id: '12345678', meter: 'kadenwater', timestamp: at(17), total_m3: 125, status: 'LEAK_FLOW_HIGH' },
    ]
      .map((message) => JSON.stringify({ _: 'telegram', ...message }))
      .join('\n');
    expect((await post(body)).json()).toMatchObject({ received: 5, stored: 5 });
    const kept = await harness()
      .context.db.selectFrom('device_telegrams')
      .select(['read_at', 'status_flags', 'alarm_kinds'])
      .where('read_at', '>=', new Date(at(13)))
      .orderBy('read_at')
      .execute();
    expect(kept.map((row) => [row.status_flags, row.alarm_kinds])).toEqual([
      [['PREV_LEAKAGE', 'METER_BLOCKED'], []],
      [['P_LEAK', 'P_REVERSE_FLOW', 'TAMPER_PREV_MONTH'], []],
      [['LEAKAGE_OR_NO_USAGE'], []],
      [['PREV_LEAKAGE'], []],
      [['LEAK_FLOW_HIGH'], ['leak']],
    ]);
  });

  it('quarantines a message whose radio id belongs to a device of another kind, saying so, instead of refusing it for its index', async () => {
    // Two families share radio ids in the field; the media tells them apart.
    const body = [
      { id: '12345678', meter: 'qcaloric', media: 'heat cost allocation', timestamp: '2026-03-15T18:00:00Z', current_consumption_hca: 120 },
      { id: '12345678', meter: 'topaseskr', media: 'water', timestamp: '2026-03-15T19:00:00Z', total_m3: 125.1 },
    ]
      .map((message) => JSON.stringify({ _: 'telegram', ...message }))
      .join('\n');
    const response = (await post(body)).json();
    expect(response).toMatchObject({ received: 2, stored: 1, quarantined: 1, problems: [{ line: 1, outcome: 'quarantined', reason: 'device_of_another_kind' }] });
    const { context } = harness();
    const waiting = await context.db.selectFrom('ingest_quarantine').select(['driver', 'reason']).where('driver', '=', 'qcaloric').execute();
    expect(waiting).toEqual([{ driver: 'qcaloric', reason: 'device_of_another_kind' }]);
    await context.db.deleteFrom('ingest_quarantine').where('driver', '=', 'qcaloric').execute();
  });

  it('replays a quarantined message once its device is registered', async () => {
    const { context } = harness();
    const quarantined = await context.db.selectFrom('ingest_quarantine').select(['radio_id', 'replayed_at', 'driver']).execute();
    expect(quarantined).toEqual([{ radio_id: '0badc0de', replayed_at: null, driver: 'iperl' }]);
    const residence = await context.db.selectFrom('residences').selectAll().where('id', '=', residenceId).executeTakeFirstOrThrow();
    const contract = await context.db.selectFrom('contracts').select('reference').where('id', '=', residence.contract_id).executeTakeFirstOrThrow();
    const client = await context.db.selectFrom('clients').select(['name', 'kind']).where('id', '=', residence.client_id).executeTakeFirstOrThrow();
    const inventory = [
      INVENTORY_COLUMNS.join(','),
      [client.name, client.kind, contract.reference, '', residence.building_code, '', residence.street, residence.postal_code, residence.city, 'Europe/Paris',
        '55500001', 'B-1', '', '', '', 'cold_water', '700000009', '0BADC0DE', 'SENSUS', '', 'no', '2026-01-01', '', ''].join(','),
    ].join('\n');
    const report = await importInventoryCsv(context, { text: inventory, origin: 'test' });
    expect(report).toMatchObject({ outcome: 'imported', quarantinedMessagesReplayed: 1 });
    expect((await readingsOf('700000009')).map((row) => row.index_value)).toEqual(['5']);
    const after = await context.db.selectFrom('ingest_quarantine').select('replayed_at').executeTakeFirstOrThrow();
    expect(after.replayed_at).not.toBeNull();
  });

  it('computes the consumption of replayed readings, then queues alert detection for their residence, which opens the leak they carry', async () => {
    const { context } = harness();
    const body = [
      telegram({ id: 'feed0001', meter: 'multical21', timestamp: '2026-03-15T06:00:00Z', status: 'OK' }, { total_m3: '10.000' }),
      telegram({ id: 'feed0001', meter: 'multical21', timestamp: '2026-03-15T07:00:00Z', status: 'LEAK' }, { total_m3: '10.050' }),
    ].join('\n');
    expect((await post(body)).json()).toMatchObject({ stored: 0, quarantined: 2 });
    const residence = await buildResidence(context.db, { time_zone: 'Europe/Paris' });
    const meter = await buildDevice(context.db, { residence_id: residence.id, serial_number: '700000010', radio_id: 'feed0001', kind: 'cold_water' });
    const waitingDetections = async () => {
      const { rows } = await sql<{ count: number }>`select count(*)::int as count from pgboss.job
        where name = 'alerts.detect-after-ingest' and state = 'created' and data->>'residenceId' = ${residence.id}`.execute(context.db);
      return rows[0]?.count;
    };

    const replay = await replayQuarantineFor(context, { radioIds: ['FEED0001'], serialNumbers: [] });
    expect(replay).toMatchObject({ replayed: 2, summary: { stored: 2 } });
    expect(await getDeviceDailyConsumption(context.db, meter.id, '2026-03-15', '2026-03-15')).toEqual([
      { period: '2026-03-15', unit: 'm3', consumption: '0.05', isEstimated: false },
    ]);
    expect(await waitingDetections()).toBe(1);

    expect(await context.jobs.runWaiting(context, alertDetectionJobs)).toBeGreaterThanOrEqual(1);
    expect(await waitingDetections()).toBe(0);
    const episodes = await context.db.selectFrom('alert_episodes').select(['kind', 'source', 'closed_at']).where('device_id', '=', meter.id).execute();
    expect(episodes).toEqual([{ kind: 'leak', source: 'meter_flag', closed_at: null }]);
  });

  it('refuses a body over the size limit', async () => {
    const response = await post('x'.repeat(1024 * 1024 + 1));
    expect(response.statusCode).toBe(413);
  });

  it('limits requests per data source', () => {
    let now = 0;
    const limiter = new RateLimiter(2, 60_000, () => now);
    expect([limiter.take('a'), limiter.take('a'), limiter.take('b')]).toEqual([0, 0, 0]);
    expect(limiter.take('a')).toBe(60_000);
    now = 60_000;
    expect(limiter.take('a')).toBe(0);
  });
});
