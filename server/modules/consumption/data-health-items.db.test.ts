import { describe, expect, it } from 'vitest';
import { buildDevice, buildResidence, buildStaff } from '../../test/factories.ts';
import { signInAs } from '../../test/login-as.ts';
import { useTestApp } from '../../test/test-app.ts';
import { detectAlerts } from '../alerts/alert-detection.service.ts';
import { importReadingsCsv } from '../ingest/readings-import.service.ts';
import { rebuildConsumption } from './consumption-rebuild.ts';

/** Staff items written by the consumption refresh, and the decisions staff take on them. */
describe('data health items', () => {
  const harness = useTestApp();
  const db = () => harness().context.db;
  const HOUR = 3_600_000;
  const file = (serial: string, points: ReadonlyArray<readonly [number, string]>, from = Date.UTC(2026, 2, 1)) => [
    'serial_number,read_at,index',
    ...points.map(([offsetMs, index]) => `${serial},${new Date(from + offsetMs).toISOString()},${index}`),
  ];
  const hourly = (indexes: readonly string[]) => indexes.map((index, hour) => [hour * HOUR, index] as const);
  const billed = async (deviceId: string) => {
    const row = await db().selectFrom('daily_consumption').select((eb) => eb.fn.sum<string>('consumption').as('total')).where('device_id', '=', deviceId).executeTakeFirstOrThrow();
    return Number(row.total);
  };
  const itemsOf = async (deviceId: string) =>
    db().selectFrom('data_health_items').select(['id', 'kind', 'status', 'magnitude']).where('device_id', '=', deviceId).orderBy('started_at').execute();

  it('writes one item per excursion and lasting decrease, once however often consumption is refreshed', async () => {
    const residence = await buildResidence(db(), { building_code: '55600001' });
    const device = await buildDevice(db(), { residence_id: residence.id, serial_number: '600100001' });
    // A spike taken back within the hour, then a fall that lasts (a swapped register).
    const indexes = ['10', '10.01', '250', '10.02', '10.03', ...Array.from({ length: 60 }, (_, hour) => (2 + hour * 0.01).toFixed(2))];
    await importReadingsCsv(harness().context, { lines: file('600100001', hourly(indexes)), origin: 'a.csv' }, {});
    const items = await itemsOf(device.id);
    expect(items.map((item) => [item.kind, item.status, Number(item.magnitude)])).toEqual([
      ['excursion', 'open', 239.98],
      ['lasting_decrease', 'open', 8.03],
    ]);
    // Held at the highest index (10.03): nothing billed after the fall, which never passes it.
    expect(await billed(device.id)).toBeCloseTo(0.03, 9);

    await rebuildConsumption(harness().context, { buildingCode: '55600001' });
    await importReadingsCsv(harness().context, { lines: file('600100001', hourly(indexes)), origin: 'a.csv' }, {});
    expect((await itemsOf(device.id)).map((item) => item.id)).toEqual(items.map((item) => item.id));
  });

  it('keeps flow over the plausible rate billed, opens a leak and an item, and lets staff decide through data health (audited)', async () => {
    const residence = await buildResidence(db(), { building_code: '55600002' });
    const device = await buildDevice(db(), { residence_id: residence.id, serial_number: '600100002' });
    const quarter = 15 * 60_000;
    // Quiet, then 4 m³ in one hour (above a DN15 meter's Q4 of 3.125 m³/h), then quiet again.
    const points = [
      ...Array.from({ length: 8 }, (_, step) => [step * quarter, (10 + step * 0.001).toFixed(3)] as const),
      ...Array.from({ length: 4 }, (_, step) => [(8 + step) * quarter, (11.007 + step).toFixed(3)] as const),
      ...Array.from({ length: 8 }, (_, step) => [(12 + step) * quarter, (14.008 + step * 0.001).toFixed(3)] as const),
    ];
    await importReadingsCsv(harness().context, { lines: file('600100002', points), origin: 'b.csv' }, {});
    expect(await billed(device.id)).toBeCloseTo(14.015 - 10, 9);
    const [item] = await itemsOf(device.id);
    expect(item).toMatchObject({ kind: 'over_limit_rate', status: 'open' });
    expect(Number(item!.magnitude)).toBeCloseTo(4, 9);

    await detectAlerts(harness().context, { residenceIds: null });
    const leaks = await db().selectFrom('alert_episodes').select(['kind', 'details']).where('device_id', '=', device.id).execute();
    expect(leaks).toMatchObject([{ kind: 'leak', details: { overPlausibleRate: true, volumeLitres: 4000 } }]);

    // The same device with its own, larger limit (a DN20 meter) is within it.
    const larger = await buildDevice(db(), { residence_id: residence.id, serial_number: '600100003', max_rate_per_hour: '7.9' });
    await importReadingsCsv(harness().context, { lines: file('600100003', points), origin: 'c.csv' }, {});
    expect(await itemsOf(larger.id)).toEqual([]);

    const staff = await signInAs(harness(), (await buildStaff(db(), { staff_role: 'data' })).user);
    const listed = await harness().app.inject({ method: 'GET', url: '/api/staff/data-health/items?buildingCode=55600002&serialNumber=600100002', headers: staff });
    expect(listed.statusCode).toBe(200);
    expect(listed.json()).toMatchObject({ total: 1, items: [{ id: item!.id, kind: 'over_limit_rate', status: 'open', device: { serialNumber: '600100002' }, residence: { buildingCode: '55600002' } }] });
    const elsewhere = await harness().app.inject({ method: 'GET', url: '/api/staff/data-health/items?buildingCode=55600001&kind=over_limit_rate', headers: staff });
    expect(elsewhere.json()).toMatchObject({ total: 0 });

    const decided = await harness().app.inject({ method: 'POST', url: `/api/staff/data-health/items/${item!.id}/decision`, headers: { ...staff, 'content-type': 'application/json' }, payload: { status: 'glitch' } });
    expect(decided.statusCode).toBe(200);
    expect((await itemsOf(device.id))[0]).toMatchObject({ status: 'glitch' });
    const audit = await db().selectFrom('audit_events').select(['action', 'details']).where('target_id', '=', item!.id).execute();
    expect(audit).toMatchObject([{ action: 'staff.data_health_item_decided', details: { kind: 'over_limit_rate', from: 'open', to: 'glitch' } }]);
    const missing = await harness().app.inject({ method: 'POST', url: `/api/staff/data-health/items/${device.id}/decision`, headers: { ...staff, 'content-type': 'application/json' }, payload: { status: 'real' } });
    expect(missing.json()).toMatchObject({ error: { code: 'data_health_item_not_found' } });
  });

  it('bills an excursion marked real, and starts a new segment at a lasting decrease marked real', async () => {
    const residence = await buildResidence(db(), { building_code: '55600004' });
    const device = await buildDevice(db(), { residence_id: residence.id, serial_number: '600100004' });
    const indexes = ['10', '10.01', '12', '10.02', '10.03', ...Array.from({ length: 60 }, (_, hour) => (2 + hour * 0.01).toFixed(2))];
    await importReadingsCsv(harness().context, { lines: file('600100004', hourly(indexes)), origin: 'd.csv' }, {});
    expect(await billed(device.id)).toBeCloseTo(0.03, 9);
    const staff = await signInAs(harness(), (await buildStaff(db(), { staff_role: 'admin' })).user);
    const decide = (id: string) =>
      harness().app.inject({ method: 'POST', url: `/api/staff/data-health/items/${id}/decision`, headers: { ...staff, 'content-type': 'application/json' }, payload: { status: 'real' } });
    const [excursion, decrease] = await itemsOf(device.id);

    expect((await decide(excursion!.id)).json()).toMatchObject({ status: 'real', devicesRefreshed: 1 });
    // Billed as read: 10 → 12, then from 10.02 on.
    expect(await billed(device.id)).toBeCloseTo(2 + 0.01, 9);
    expect(await db().selectFrom('consumption_excursions').select('device_id').where('device_id', '=', device.id).execute()).toEqual([]);

    await decide(decrease!.id);
    expect(await billed(device.id)).toBeCloseTo(2 + 0.01 + 0.59, 9);
    expect((await itemsOf(device.id)).map((item) => item.status)).toEqual(['real', 'real']);
  });

  it('holds billing at the highest index across later, incremental refreshes too', async () => {
    const residence = await buildResidence(db(), { building_code: '55600005' });
    const device = await buildDevice(db(), { residence_id: residence.id, serial_number: '600100005' });
    const rising = (from: number, count: number, start: number) => Array.from({ length: count }, (_, step) => [(from + step) * HOUR, (start + step * 0.01).toFixed(2)] as const);
    // 10 → 10.05, then a lasting fall to 2 and 200 hours of slow rise below the highest index.
    await importReadingsCsv(harness().context, { lines: file('600100005', [...rising(0, 6, 10), ...rising(6, 200, 2)]), origin: 'e1.csv' }, {});
    expect(await billed(device.id)).toBeCloseTo(0.05, 9);
    // Days later, more of the same, far beyond the window a refresh reads again: still nothing billed until 10.05 is passed.
    await importReadingsCsv(harness().context, { lines: file('600100005', [...rising(206, 100, 4), [306 * HOUR, '10.1']]), origin: 'e2.csv' }, {});
    expect(await billed(device.id)).toBeCloseTo(0.1, 9);
  });
});
