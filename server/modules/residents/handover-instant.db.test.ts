import { beforeAll, describe, expect, it } from 'vitest';
import { buildDevice, buildDwelling, buildManager, buildResidence, buildResident } from '../../test/factories.ts';
import { givePassword, signInAs, type SessionHeaders } from '../../test/login-as.ts';
import { insertClosedLeak, RESIDENT_GET_ROUTES, residentGetRoutesOf } from '../../test/resident-routes.ts';
import { useTestApp } from '../../test/test-app.ts';
import { queueConsumptionRefresh, refreshQueuedConsumption } from '../consumption/consumption.service.ts';
import { insertReadings } from '../../test/readings.ts';

/**
 * A same-day handover on every resident and manager endpoint. Today is 2026-08-16 (Paris). The
 * dwelling's cold-water meter reads every hour on the hour: 900 L a day until the previous
 * occupant deleted their account on 2026-08-03 at 12:30 Paris (10:30 UTC), 100 L a day after.
 * The new occupant attests moving in that day: they see it from 11:00 UTC (the first reading
 * after the deletion) to its end only — 11 hours at 100 L a day — marked partial, and nothing
 * of the morning; their manager sees the same.
 */
const HANDOVER_DAY = '2026-08-03';
const HANDOVER_AT = Date.UTC(2026, 7, 3, 10, 30);
const AFTER_LITRES = (11 * 100) / 24;
const WHOLE_DAY_LITRES = (13 * 900 + 11 * 100) / 24;

const litres = (cubicMetres: number) => Math.round(cubicMetres * 1_000_000) / 1000;
const csvLitres = (line: string) => Number(line.split(';')[2]!.replace(',', '.'));

describe('a same-day handover: the new occupant’s history starts at the instant of the change', () => {
  const harness = useTestApp({ now: '2026-08-16T09:30:00.000Z' });
  let resident: SessionHeaders;
  let manager: SessionHeaders;
  let dwellingId = '';

  beforeAll(async () => {
    const testApp = harness();
    const { db, clock } = testApp.context;
    const residence = await buildResidence(db);
    const dwelling = await buildDwelling(db, { residence_id: residence.id });
    dwellingId = dwelling.id;
    const device = await buildDevice(db, { dwelling_id: dwelling.id, kind: 'cold_water' });
    const readings = [];
    let index = 0;
    for (let at = Date.UTC(2026, 6, 1, 0); at <= clock.now().getTime(); at += 3_600_000) {
      readings.push({ residence_id: residence.id, device_id: device.id, read_at: new Date(at), index_value: index.toFixed(6), source: 'csv' as const });
      index += at < HANDOVER_AT ? 0.9 / 24 : 0.1 / 24;
    }
    await insertReadings(db, readings);
    await queueConsumptionRefresh(db, [{ deviceId: device.id, changedFrom: readings[0]!.read_at }], clock.now());
    await refreshQueuedConsumption(testApp.context);

    // The previous occupant's account, deleted as deleteResidentAccount does it: closed at that instant, the change recorded for the next day.
    const previous = await buildResident(db, { dwelling_id: dwelling.id, user: { closed_at: new Date(HANDOVER_AT) }, profile: { moved_in_on: '2024-01-01' } });
    await db
      .insertInto('occupant_changes')
      .values({ residence_id: residence.id, dwelling_id: dwelling.id, changed_on: '2026-08-04', recorded_by_user_id: previous.user.id })
      .execute();
    for (const [startedAt, closedAt] of [
      ['2026-08-03T07:00:00Z', '2026-08-03T09:00:00Z'],
      ['2026-08-03T09:00:00Z', '2026-08-03T13:00:00Z'],
    ] as const) {
      const [started, closed] = [new Date(startedAt), new Date(closedAt)];
      await insertClosedLeak(db, { residenceId: residence.id, dwellingId: dwelling.id, deviceId: device.id, startedAt: started, lastSeenAt: closed, openedAt: started, closedAt: closed, details: { volumeLitres: 42 } });
    }

    const built = await buildResident(db, { dwelling_id: dwelling.id, profile: { moved_in_on: HANDOVER_DAY, manager_may_see_daily: true } });
    await givePassword(testApp, built.user.id);
    resident = await signInAs(testApp, built.user);
    manager = await signInAs(testApp, (await buildManager(db, { client_id: residence.client_id, residence_ids: [residence.id] })).user);
  });

  const get = (url: string, headers = resident) => harness().app.inject({ method: 'GET', url, headers });

  it('covers every GET route under /api/resident (a new one must be added to RESIDENT_GET_ROUTES)', () => {
    expect(residentGetRoutesOf(harness())).toEqual(RESIDENT_GET_ROUTES);
  });

  it('daily view: the handover day counts only what was read after the deletion, marked partial', async () => {
    const daily = (await get('/api/resident/consumption/daily?fluid=cold_water&from=2026-07-01&to=2026-08-10')).json();
    expect(daily.from).toBe(HANDOVER_DAY);
    expect(daily.days[0]).toMatchObject({ day: HANDOVER_DAY, isPartial: true, isEstimated: false });
    expect(litres(daily.days[0].consumption)).toBeCloseTo(AFTER_LITRES, 1);
    expect(daily.days.slice(1).every((day: { consumption: number; isPartial?: boolean }) => Math.abs(day.consumption - 0.1) < 0.001 && !day.isPartial)).toBe(true);
  });

  it('costs: the handover month counts only what was read after the deletion, like the daily view', async () => {
    const daily = (await get('/api/resident/consumption/daily?fluid=cold_water&from=2026-08-01&to=2026-08-31')).json();
    const dailyTotal = daily.days.reduce((total: number, day: { consumption: number }) => total + day.consumption, 0);
    const costs = (await get('/api/resident/costs')).json();
    expect(costs.months.map((month: { period: string }) => month.period)).toEqual(['2026-08']);
    expect(Number(costs.months[0].fluids[0].consumption)).toBeCloseTo(dailyTotal, 3);
  });

  it('hourly view: only the hours read after the deletion', async () => {
    const hours = (await get(`/api/resident/consumption/hourly?fluid=cold_water&day=${HANDOVER_DAY}`)).json().hours;
    expect(hours).toHaveLength(11);
    expect(hours[0].startsAt).toBe('2026-08-03T11:00:00.000Z');
    expect(hours.every((hour: { consumption: number }) => Math.abs(hour.consumption - 0.1 / 24) < 0.001)).toBe(true);
    expect((await get('/api/resident/consumption/hourly?fluid=cold_water&day=2026-08-02')).json().hours).toEqual([]);
  });

  it('dashboard and personal-data export: the handover month and the recent days leave the morning out', async () => {
    const dashboard = (await get('/api/resident/consumption')).json();
    expect(dashboard.historyStartsOn).toBe(HANDOVER_DAY);
    const [coldWater] = dashboard.fluids;
    expect(coldWater.recentDays.days[0]).toMatchObject({ day: HANDOVER_DAY, isPartial: true });
    expect(litres(coldWater.recentDays.days[0].consumption)).toBeCloseTo(AFTER_LITRES, 1);
    const ownDays = coldWater.recentDays.days.reduce((total: number, day: { consumption: number }) => total + day.consumption, 0);
    expect(coldWater.months).toHaveLength(1);
    expect(coldWater.months[0]).toMatchObject({ month: '2026-08', isPartial: true });
    expect(coldWater.months[0].consumption).toBeCloseTo(ownDays, 3);
    expect(coldWater.currentMonth.consumption).toBeCloseTo(ownDays, 3);
    const exported = (await get('/api/resident/export/personal-data.json')).json();
    expect(exported.consumption.fluids[0].months[0].consumption).toBeCloseTo(ownDays, 3);
  });

  it('CSV exports: the handover day and month without the morning', async () => {
    const daily = (await get('/api/resident/export/consumption.csv?period=daily')).body.slice(1).trim().split('\r\n').slice(1);
    expect(daily[0]!.startsWith(`${HANDOVER_DAY};eau froide;`)).toBe(true);
    expect(csvLitres(daily[0]!)).toBeCloseTo(AFTER_LITRES, 1);
    expect(daily.every((line) => line.slice(0, 10) >= HANDOVER_DAY && csvLitres(line) <= 100)).toBe(true);
    const monthly = (await get('/api/resident/export/consumption.csv?period=monthly')).body.slice(1).trim().split('\r\n');
    expect(monthly).toHaveLength(2);
    // The month is added up in m³ to the litre: within a litre of its days.
    expect(Math.abs(csvLitres(monthly[1]!) - daily.reduce((total, line) => total + csvLitres(line), 0))).toBeLessThan(1);
  });

  it('alerts: an episode of the morning is left out, one across the deletion starts at it', async () => {
    const alerts = (await get('/api/resident/alerts')).json();
    expect(alerts.history).toHaveLength(1);
    expect(alerts.history[0]).toMatchObject({ startedAt: new Date(HANDOVER_AT).toISOString(), volumeLitres: null });
  });

  it('the manager’s consented daily data and its CSV: the same partial handover day', async () => {
    const response = await get(`/api/manager/dwellings/${dwellingId}/daily?from=2026-07-20&to=2026-08-10`, manager);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.from).toBe(HANDOVER_DAY);
    expect(body.fluids[0].days[0]).toMatchObject({ day: HANDOVER_DAY, isPartial: true });
    expect(litres(body.fluids[0].days[0].consumption)).toBeCloseTo(AFTER_LITRES, 1);
    const csv = (await get(`/api/manager/dwellings/${dwellingId}/daily.csv?from=2026-07-20&to=2026-08-10`, manager)).body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(csv[1]!.startsWith(`${HANDOVER_DAY};eau froide;`)).toBe(true);
    expect(csvLitres(csv[1]!)).toBeCloseTo(AFTER_LITRES, 1);
    expect(csv.slice(1).every((line) => csvLitres(line) < WHOLE_DAY_LITRES / 2)).toBe(true);
  });
});
