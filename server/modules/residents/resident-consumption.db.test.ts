import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDevice, buildDwelling, buildResidence, buildResident } from '../../test/factories.ts';
import { signInAs, type SessionHeaders } from '../../test/login-as.ts';
import { useTestApp } from '../../test/test-app.ts';
import { queueConsumptionRefresh, refreshQueuedConsumption } from '../consumption/consumption.service.ts';
import { insertReadings } from '../../test/readings.ts';

/**
 * Today is 2026-03-16 (Paris). The dwelling's cold-water meter is read every day at 05:00 UTC
 * since 2025-01-01, 100 L a day. A change of occupant was recorded on 2025-06-10, although
 * the resident attests moving in on 2025-03-01: their history starts on 2025-06-10.
 */
describe('the resident’s consumption views', () => {
  const harness = useTestApp();
  let resident: SessionHeaders;
  let neighbour: SessionHeaders;
  let residentMeterId: string;

  beforeAll(async () => {
    const testApp = harness();
    const { db, clock } = testApp.context;
    const residence = await buildResidence(db);
    const dwelling = await buildDwelling(db, { residence_id: residence.id });
    const neighbourDwelling = await buildDwelling(db, { residence_id: residence.id });
    for (const [dwellingId, litresPerDay] of [
      [dwelling.id, 100],
      [neighbourDwelling.id, 300],
    ] as const) {
      const device = await buildDevice(db, { dwelling_id: dwellingId, kind: 'cold_water' });
      if (dwellingId === dwelling.id) residentMeterId = device.id;
      const readings = Array.from({ length: 440 }, (_, day) => ({
        residence_id: residence.id,
        device_id: device.id,
        read_at: new Date(Date.UTC(2025, 0, 1 + day, 5)),
        index_value: ((day * litresPerDay) / 1000).toFixed(3),
        source: 'csv' as const,
      })).filter((reading) => reading.read_at <= clock.now());
      await insertReadings(db, readings);
      await queueConsumptionRefresh(db, [{ deviceId: device.id, changedFrom: readings[0]!.read_at }], clock.now());
    }
    await refreshQueuedConsumption(testApp.context);
    await db.insertInto('occupant_changes').values({ residence_id: residence.id, dwelling_id: dwelling.id, changed_on: '2025-06-10' }).execute();
    resident = await signInAs(testApp, (await buildResident(db, { dwelling_id: dwelling.id, profile: { moved_in_on: '2025-03-01' } })).user);
    neighbour = await signInAs(testApp, (await buildResident(db, { dwelling_id: neighbourDwelling.id, profile: { moved_in_on: '2024-01-01' } })).user);
  });

  const get = (url: string, headers: SessionHeaders) => harness().app.inject({ method: 'GET', url, headers });

  it('starts the history at the later of the move-in date and the recorded change of occupant', async () => {
    const dashboard = (await get('/api/resident/consumption', resident)).json();
    expect(dashboard.historyStartsOn).toBe('2025-06-10');
    expect(dashboard.today).toBe('2026-03-16');
    const [coldWater] = dashboard.fluids;
    expect(coldWater.fluid).toBe('cold_water');
    expect(coldWater.unit).toBe('m3');
    expect(coldWater.months[0].month).toBe('2025-06');
    expect(coldWater.months[0].isPartial).toBe(true);
    expect(coldWater.months[0].consumption).toBeCloseTo(21 * 0.1, 3);
    expect(coldWater.months.find((month: { month: string }) => month.month === '2025-07').consumption).toBeCloseTo(3.1, 3);
    expect(coldWater.months.every((month: { month: string }) => month.month >= '2025-06')).toBe(true);
  });

  it('leaves out the same month a year before while it falls outside the resident’s history', async () => {
    const dashboard = (await get('/api/resident/consumption', resident)).json();
    expect(dashboard.fluids[0].months.map((month: { sameMonthLastYear: number | null }) => month.sameMonthLastYear)).toEqual(
      dashboard.fluids[0].months.map(() => null),
    );
    const neighbourDashboard = (await get('/api/resident/consumption', neighbour)).json();
    const march = neighbourDashboard.fluids[0].months.find((month: { month: string }) => month.month === '2026-02');
    expect(march.sameMonthLastYear).toBeCloseTo(28 * 0.3, 3);
  });

  it('gives this month so far, last month, the year, the residence’s average dwelling and the data’s last day', async () => {
    const [coldWater] = (await get('/api/resident/consumption', resident)).json().fluids;
    expect(coldWater.lastMonth).toMatchObject({ month: '2026-02', isPartial: false });
    expect(coldWater.lastMonth.consumption).toBeCloseTo(2.8, 3);
    expect(coldWater.lastMonth.residenceAverage).toBeCloseTo((2.8 + 8.4) / 2, 3);
    expect(coldWater.year.from).toBe('2026-01-01');
    expect(coldWater.currentMonth.from).toBe('2026-03-01');
    expect(coldWater.dataUntil).toBe('2026-03-16');
  });

  it('ends this month and the year at the last day with data when the meter has fallen silent', async () => {
    const testApp = harness();
    const { db } = testApp.context;
    const residence = await buildResidence(db);
    const dwelling = await buildDwelling(db, { residence_id: residence.id });
    const device = await buildDevice(db, { dwelling_id: dwelling.id, kind: 'cold_water' });
    const readings = Array.from({ length: 40 }, (_, day) => ({
      residence_id: residence.id,
      device_id: device.id,
      read_at: new Date(Date.UTC(2026, 0, 30 + day, 5)),
      index_value: (day * 0.2).toFixed(3),
      source: 'csv' as const,
    }));
    await insertReadings(db, readings);
    await queueConsumptionRefresh(db, [{ deviceId: device.id, changedFrom: readings[0]!.read_at }], testApp.clock.now());
    await refreshQueuedConsumption(testApp.context);
    const silent = await signInAs(testApp, (await buildResident(db, { dwelling_id: dwelling.id, profile: { moved_in_on: '2025-12-01' } })).user);
    const [coldWater] = (await get('/api/resident/consumption', silent)).json().fluids;
    // The last reading, 2026-03-10 at 06:00 in Paris, ends the data: 0.2 m³ a day, from 5.95 m³ at the start of March to 7.8 m³.
    expect(coldWater.dataUntil).toBe('2026-03-10');
    expect(coldWater.currentMonth).toMatchObject({ from: '2026-03-01', to: '2026-03-10' });
    expect(coldWater.currentMonth.consumption).toBeCloseTo(7.8 - 5.95, 3);
    expect(coldWater.year).toMatchObject({ from: '2026-01-01', to: '2026-03-10' });
  });

  it('clamps every daily range to the history, and answers hourly views with nothing before it', async () => {
    const daily = (await get('/api/resident/consumption/daily?fluid=cold_water&from=2025-05-01&to=2025-06-30', resident)).json();
    expect(daily.from).toBe('2025-06-10');
    expect(daily.days[0].day).toBe('2025-06-10');
    expect(daily.days).toHaveLength(21);
    const hourly = (await get('/api/resident/consumption/hourly?fluid=cold_water&day=2025-06-01', resident)).json();
    expect(hourly.hours).toEqual([]);
  });

  it('never shows another dwelling’s data, whatever identifier the request carries', async () => {
    const own = (await get('/api/resident/consumption/daily?fluid=cold_water&from=2026-03-01&to=2026-03-10', resident)).json();
    expect(own.days.every((day: { consumption: number }) => Math.abs(day.consumption - 0.1) < 0.0015)).toBe(true);
    const tampered = await get('/api/resident/consumption/daily?fluid=cold_water&from=2026-03-01&to=2026-03-10&dwellingId=other', resident);
    expect(tampered.json().days).toEqual(own.days);
  });

  it('refuses a fluid the dwelling does not have, bad days and over-long ranges', async () => {
    expect((await get('/api/resident/consumption/daily?fluid=heating', resident)).statusCode).toBe(404);
    expect((await get('/api/resident/consumption/daily?fluid=cold_water&from=2026-13-01', resident)).statusCode).toBe(400);
    expect((await get('/api/resident/consumption/daily?fluid=cold_water&from=2024-01-01&to=2026-03-01', resident)).statusCode).toBe(400);
  });

  it('serves the same dashboard until the residence’s consumption changes, and a 304 to a browser that holds it', async () => {
    const { db, clock } = harness().context;
    const first = await get('/api/resident/consumption', resident);
    const etag = first.headers.etag as string;
    expect(first.headers['cache-control']).toBe('private, no-cache');
    const again = await harness().app.inject({ method: 'GET', url: '/api/resident/consumption', headers: { ...resident, 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    const compressed = await harness().app.inject({ method: 'GET', url: '/api/resident/consumption', headers: { ...resident, 'accept-encoding': 'gzip, br' } });
    expect(compressed.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(compressed.rawPayload).toString())).toEqual(first.json());

    const lastReading = await db.selectFrom('readings').select(['index_value', 'residence_id']).where('device_id', '=', residentMeterId).orderBy('read_at', 'desc').limit(1).executeTakeFirstOrThrow();
    const readAt = new Date(clock.now().getTime() - 60_000);
    await insertReadings(db, { residence_id: lastReading.residence_id, device_id: residentMeterId, read_at: readAt, index_value: (Number(lastReading.index_value) + 1).toFixed(3), source: 'csv' });
    await queueConsumptionRefresh(db, [{ deviceId: residentMeterId, changedFrom: readAt }], clock.now());
    await refreshQueuedConsumption(harness().context);

    const changed = await harness().app.inject({ method: 'GET', url: '/api/resident/consumption', headers: { ...resident, 'if-none-match': etag } });
    expect(changed.statusCode).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);
    expect(changed.json().fluids[0].currentMonth.consumption).toBeCloseTo(first.json().fluids[0].currentMonth.consumption + 1, 3);
  });
});
