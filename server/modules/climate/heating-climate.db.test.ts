import { beforeAll, describe, expect, it } from 'vitest';
import { buildDevice, buildDwelling, buildResidence, buildResident, buildStaff } from '../../test/factories.ts';
import { signInAs, type SessionHeaders } from '../../test/login-as.ts';
import { useTestApp } from '../../test/test-app.ts';
import { queueConsumptionRefresh, refreshQueuedConsumption } from '../consumption/consumption.service.ts';
import { insertReadings } from '../../test/readings.ts';
import { getResidentDashboard, getResidentMonthlySeries } from '../residents/resident-consumption.service.ts';
import { residentScopeOf } from '../residents/resident-scope.ts';
import { residentDwellingQuery, toResidentDwelling } from '../occupancy/occupancy.service.ts';

/**
 * Now is 16 December 2025. The resident moved in on 15 October 2024 (a partial first month); their
 * heat meter reads at midnight Paris (23:00 UTC in winter) every day: 30 kWh a day from October
 * to April, 2 kWh a day from May to September.
 */
describe('the resident’s heating at equal climate', () => {
  const harness = useTestApp({ now: '2025-12-16T10:00:00.000Z' });
  let resident: SessionHeaders;
  let staff: SessionHeaders;
  let userId: string;
  let deviceId: string;
  let residenceId: string;

  const kwhPerDay = (day: Date) => (day.getUTCMonth() >= 4 && day.getUTCMonth() <= 8 ? 2 : 30);

  beforeAll(async () => {
    const testApp = harness();
    const { db, clock } = testApp.context;
    const residence = await buildResidence(db);
    residenceId = residence.id;
    const dwelling = await buildDwelling(db, { residence_id: residence.id });
    const owner = await buildResident(db, { dwelling_id: dwelling.id, profile: { moved_in_on: '2024-10-15' } });
    userId = owner.user.id;
    const device = await buildDevice(db, { dwelling_id: dwelling.id, kind: 'heat_meter' });
    deviceId = device.id;
    const readings = [];
    let index = 1000;
    // From 30 September 2024, 23:00 UTC (midnight Paris, 1 October) to 15 December 2025.
    for (let at = Date.UTC(2024, 8, 30, 23); at <= Date.UTC(2025, 11, 15, 23); at += 86_400_000) {
      readings.push({ residence_id: residence.id, device_id: device.id, read_at: new Date(at), index_value: String(index), source: 'csv' as const });
      index += kwhPerDay(new Date(at + 3_600_000));
    }
    await insertReadings(db, readings);
    await queueConsumptionRefresh(db, [{ deviceId: device.id, changedFrom: readings[0]!.read_at }], clock.now());
    await refreshQueuedConsumption(testApp.context);
    resident = await signInAs(testApp, owner.user);
    staff = await signInAs(testApp, (await buildStaff(db, { staff_role: 'data' })).user);
  });

  /** The scope a request of the resident's derives from their session. */
  const scope = async () => {
    const { db, clock } = harness().context;
    const row = await residentDwellingQuery(db, 'users.id').where('users.id', '=', userId).executeTakeFirstOrThrow();
    return residentScopeOf({ ...toResidentDwelling(row)!, userId }, clock);
  };

  it('reads the same heating months as the dashboard shows, partial first month included', async () => {
    const residentScope = await scope();
    const dashboard = await getResidentDashboard(harness().context, residentScope);
    const series = await getResidentMonthlySeries(harness().context, residentScope, 'heating');
    const shown = dashboard.fluids.find((fluid) => fluid.fluid === 'heating')!;
    expect(series).toEqual({ fluid: 'heating', unit: 'kWh', months: shown.months.map((month) => ({ ...month, residenceAverage: null })) });
    expect(series!.months[0]).toMatchObject({ month: '2024-10', isPartial: true, sameMonthLastYear: null });
    expect(series!.months.find((month) => month.month === '2025-11')).toMatchObject({ consumption: 900, sameMonthLastYear: 900, isPartial: false });
    expect(await getResidentMonthlySeries(harness().context, residentScope, 'cold_water')).toBeNull();
  });

  it('corrects November at November 2024’s climate, and is cached until the degree days or the consumption change', async () => {
    const inject = (method: 'GET' | 'POST' | 'PUT', url: string, headers: SessionHeaders, extra: object = {}) => harness().app.inject({ method, url, headers, ...extra });
    const importDays = async (month: string, degreeDaysPerDay: string) => {
      const lines = ['station;day;degree_days', ...Array.from({ length: 30 }, (_, day) => `07156;${month}-${String(day + 1).padStart(2, '0')};${degreeDaysPerDay}`)];
      const imported = await inject('POST', '/api/climate/degree-days', { ...staff, 'content-type': 'text/csv' }, { payload: lines.join('\n') });
      expect(imported.statusCode).toBe(200);
    };
    await importDays('2024-11', '11.5');
    await importDays('2025-11', '10');
    expect((await inject('PUT', `/api/climate/residences/${residenceId}/station`, { ...staff, 'content-type': 'application/json' }, { payload: { station: '07156' } })).statusCode).toBe(200);

    const read = (headers: Record<string, string> = {}) => inject('GET', '/api/resident/heating-climate', { ...resident, ...headers });
    const november = (response: { json: () => { months: Array<{ month: string }> } }) => response.json().months.find((month) => month.month === '2025-11');
    const first = await read();
    expect(first.statusCode).toBe(200);
    expect(first.headers['cache-control']).toBe('private, no-cache');
    // 900 kWh × 345 DJU ÷ 300 DJU.
    expect(november(first)).toMatchObject({ consumption: 900, degreeDays: 300, referenceDegreeDays: 345, correctedConsumption: 1035, correction: 'corrected' });
    const etag = first.headers.etag as string;
    expect((await read({ 'if-none-match': etag })).statusCode).toBe(304);

    // A corrected degree-day file for November 2025: a new answer, 900 × 345 ÷ 360.
    await importDays('2025-11', '12');
    const afterImport = await read({ 'if-none-match': etag });
    expect(afterImport.statusCode).toBe(200);
    expect(november(afterImport)).toMatchObject({ degreeDays: 360, correctedConsumption: 862.5 });

    // A new reading moves the residence's consumption version: December's figure follows.
    const december = (response: { json: () => { months: Array<{ month: string; consumption: number | null }> } }) =>
      response.json().months.find((month) => month.month === '2025-12')!.consumption;
    expect(december(afterImport)).toBe(15 * 30);
    const { db, clock } = harness().context;
    const readAt = new Date(Date.UTC(2025, 11, 16, 9));
    await insertReadings(db, { residence_id: residenceId, device_id: deviceId, read_at: readAt, index_value: String(1000 + 10_000), source: 'csv' });
    await queueConsumptionRefresh(db, [{ deviceId, changedFrom: readAt }], clock.now());
    await refreshQueuedConsumption(harness().context);
    const afterReading = await read({ 'if-none-match': afterImport.headers.etag as string });
    expect(afterReading.statusCode).toBe(200);
    expect(december(afterReading)).toBeGreaterThan(15 * 30);
  });
});
