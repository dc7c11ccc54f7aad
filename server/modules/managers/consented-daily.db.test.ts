import { beforeAll, describe, expect, it } from 'vitest';
import { buildDevice, buildDwelling, buildManager, buildResidence, buildResident } from '../../test/factories.ts';
import { signInAs, type SessionHeaders } from '../../test/login-as.ts';
import { useTestApp } from '../../test/test-app.ts';
import { queueConsumptionRefresh, refreshQueuedConsumption } from '../consumption/consumption.service.ts';
import { dailyReadings, insertReadings } from '../../test/readings.ts';

/** Now is 2026-03-16; readings at 06:00 Paris each day from 1 to 15 March, 10 L a day more each day. */
describe('consented daily data in the manager space', () => {
  const harness = useTestApp();
  let manager: SessionHeaders;
  let stranger: SessionHeaders;
  let consenting: Awaited<ReturnType<typeof buildResident>>;
  let refusing: Awaited<ReturnType<typeof buildResident>>;
  let vacantDwellingId: string;
  let withSpike: Awaited<ReturnType<typeof buildResident>>;

  beforeAll(async () => {
    const testApp = harness();
    const { db, clock } = testApp.context;
    const residence = await buildResidence(db);
    const addReadings = async (dwellingId: string) => {
      const device = await buildDevice(db, { dwelling_id: dwellingId, kind: 'cold_water' });
      const readings = dailyReadings({ residenceId: residence.id, deviceId: device.id, from: '2026-03-01', days: 15, startIndex: 100, stepPerDay: 0.01 });
      await insertReadings(db, readings);
      await queueConsumptionRefresh(db, [{ deviceId: device.id, changedFrom: readings[0]!.read_at }], clock.now());
    };
    consenting = await buildResident(db, {
      dwelling_id: (await buildDwelling(db, { residence_id: residence.id })).id,
      profile: { manager_may_see_daily: true, moved_in_on: '2026-03-05' },
    });
    refusing = await buildResident(db, { dwelling_id: (await buildDwelling(db, { residence_id: residence.id })).id, profile: { manager_may_see_daily: false } });
    vacantDwellingId = (await buildDwelling(db, { residence_id: residence.id })).id;
    for (const dwellingId of [consenting.dwelling.id, refusing.dwelling.id, vacantDwellingId]) await addReadings(dwellingId);
    // 100 L a day from 15 January; the index shows 900 m³ more on 5 March only, a spike the next reading takes back.
    withSpike = await buildResident(db, {
      dwelling_id: (await buildDwelling(db, { residence_id: residence.id })).id,
      profile: { manager_may_see_daily: true, moved_in_on: '2025-01-01' },
    });
    const spikeDevice = await buildDevice(db, { dwelling_id: withSpike.dwelling.id, kind: 'cold_water' });
    const spikeReadings = Array.from({ length: 60 }, (_, day) => {
      const readAt = new Date(Date.UTC(2026, 0, 15 + day, 5));
      const spike = readAt.toISOString().startsWith('2026-03-05') ? 900 : 0;
      return { residence_id: residence.id, device_id: spikeDevice.id, read_at: readAt, index_value: (day / 10 + spike).toFixed(3), source: 'csv' as const };
    }).filter((reading) => reading.read_at <= clock.now());
    await insertReadings(db, spikeReadings);
    await queueConsumptionRefresh(db, [{ deviceId: spikeDevice.id, changedFrom: spikeReadings[0]!.read_at }], clock.now());
    await refreshQueuedConsumption(testApp.context);

    manager = await signInAs(testApp, (await buildManager(db, { client_id: residence.client_id, residence_ids: [residence.id] })).user);
    stranger = await signInAs(testApp, (await buildManager(db, { client_id: residence.client_id })).user);
  });

  const get = (url: string, headers: SessionHeaders) => harness().app.inject({ method: 'GET', url, headers });

  it('shows the daily consumption of a consenting resident, from their move-in date on', async () => {
    const response = await get(`/api/manager/dwellings/${consenting.dwelling.id}/daily?from=2026-03-01&to=2026-03-15`, manager);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.from).toBe('2026-03-05');
    expect(body.to).toBe('2026-03-15');
    expect(body.fluids).toHaveLength(1);
    expect(body.fluids[0].fluid).toBe('cold_water');
    const days = body.fluids[0].days;
    expect(days[0].day).toBe('2026-03-05');
    expect(days.filter((day: { day: string }) => day.day < '2026-03-05')).toEqual([]);
    expect(days.find((day: { day: string }) => day.day === '2026-03-10')).toEqual({ day: '2026-03-10', unit: 'm3', consumption: 0.01, isEstimated: false });

    const csv = await get(`/api/manager/dwellings/${consenting.dwelling.id}/daily.csv?from=2026-03-01&to=2026-03-15`, manager);
    expect(csv.body).toContain('jour;fluide;consommation;unite;estime');
    expect(csv.body).toContain('2026-03-10;eau froide;10;litres;non');
    expect(csv.body).not.toContain('2026-03-04');
  });

  it('says why a day is estimated: a spike of the index left out', async () => {
    const response = await get(`/api/manager/dwellings/${withSpike.dwelling.id}/daily?from=2026-03-03&to=2026-03-07`, manager);
    expect(response.statusCode).toBe(200);
    expect(response.json().fluids[0].days).toEqual([
      { day: '2026-03-03', unit: 'm3', consumption: 0.1, isEstimated: false },
      { day: '2026-03-04', unit: 'm3', consumption: 0.1, isEstimated: true, estimateReason: 'spike' },
      { day: '2026-03-05', unit: 'm3', consumption: 0.1, isEstimated: true, estimateReason: 'spike' },
      { day: '2026-03-06', unit: 'm3', consumption: 0.1, isEstimated: true, estimateReason: 'spike' },
      { day: '2026-03-07', unit: 'm3', consumption: 0.1, isEstimated: false },
    ]);
  });

  it('records each reading of a resident\'s daily data in the audit trail, with the manager and the dwelling', async () => {
    const { db } = harness().context;
    const viewsOfConsenting = async () =>
      (await db.selectFrom('audit_events').select(['actor_role', 'target_id', 'details']).where('action', '=', 'manager.daily_data_viewed').where('target_id', '=', consenting.dwelling.id).execute());
    const before = (await viewsOfConsenting()).length;
    await get(`/api/manager/dwellings/${consenting.dwelling.id}/daily?from=2026-03-01&to=2026-03-15`, manager);
    const after = await viewsOfConsenting();
    expect(after).toHaveLength(before + 1);
    expect(after.at(-1)).toMatchObject({ actor_role: 'manager', target_id: consenting.dwelling.id });
    expect(JSON.stringify(after.at(-1)!.details)).toContain('2026-03-05');
    await get(`/api/manager/dwellings/${refusing.dwelling.id}/daily`, manager);
    expect(await db.selectFrom('audit_events').select('id').where('action', '=', 'manager.daily_data_viewed').where('target_id', '=', refusing.dwelling.id).execute()).toEqual([]);
  });

  it('shows nothing at all for a resident who did not allow it, nor for a dwelling without an account', async () => {
    for (const dwellingId of [refusing.dwelling.id, vacantDwellingId]) {
      for (const url of [`/api/manager/dwellings/${dwellingId}/daily`, `/api/manager/dwellings/${dwellingId}/daily.csv`]) {
        const response = await get(url, manager);
        expect(response.statusCode, url).toBe(403);
        expect(response.json().error.code).toBe('daily_data_not_shared');
        expect(response.body).not.toContain('0.01');
      }
    }
  });

  it('hides the data at once when the resident withdraws consent', async () => {
    const { db } = harness().context;
    await db.updateTable('resident_profiles').set({ manager_may_see_daily: false }).where('user_id', '=', consenting.user.id).execute();
    const response = await get(`/api/manager/dwellings/${consenting.dwelling.id}/daily`, manager);
    expect(response.json().error.code).toBe('daily_data_not_shared');
    await db.updateTable('resident_profiles').set({ manager_may_see_daily: true }).where('user_id', '=', consenting.user.id).execute();
  });

  it('refuses a manager without access to the residence, whatever the consent', async () => {
    const response = await get(`/api/manager/dwellings/${consenting.dwelling.id}/daily`, stranger);
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('forbidden');
  });
});
