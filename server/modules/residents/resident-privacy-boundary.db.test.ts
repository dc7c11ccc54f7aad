import { beforeAll, describe, expect, it } from 'vitest';
import { buildDevice, buildDwelling, buildResidence, buildResident } from '../../test/factories.ts';
import { givePassword, signInAs, type SessionHeaders } from '../../test/login-as.ts';
import { insertClosedLeak, RESIDENT_GET_ROUTES, residentGetRoutesOf } from '../../test/resident-routes.ts';
import { useTestApp } from '../../test/test-app.ts';
import { queueConsumptionRefresh, refreshQueuedConsumption } from '../consumption/consumption.service.ts';
import { insertReadings } from '../../test/readings.ts';

/**
 * The privacy boundary on every resident endpoint. Today is 2026-08-16 (Paris). The dwelling's
 * cold-water meter sends a reading every hour since 2025-01-01: 900 L a day before the
 * recorded change of occupant on 2025-06-10, 100 L a day from it on. The resident attests
 * moving in on 2025-03-01, earlier than that change: nothing before 2025-06-10 may show, and
 * « the same month last year » is absent while it falls before it.
 */
const BOUNDARY = '2025-06-10';

describe('the privacy boundary on every resident endpoint', () => {
  const harness = useTestApp({ now: '2026-08-16T09:30:00.000Z' });
  let resident: SessionHeaders;

  beforeAll(async () => {
    const testApp = harness();
    const { db, clock } = testApp.context;
    const residence = await buildResidence(db);
    const dwelling = await buildDwelling(db, { residence_id: residence.id });
    const device = await buildDevice(db, { dwelling_id: dwelling.id, kind: 'cold_water' });
    const readings = [];
    let index = 0;
    for (let at = Date.UTC(2024, 11, 31, 23); at <= clock.now().getTime(); at += 3_600_000) {
      readings.push({ residence_id: residence.id, device_id: device.id, read_at: new Date(at), index_value: index.toFixed(6), source: 'csv' as const });
      // 2025-06-10 00:00 in Paris is 2025-06-09 22:00 UTC.
      index += at < Date.UTC(2025, 5, 9, 22) ? 0.9 / 24 : 0.1 / 24;
    }
    await insertReadings(db, readings);
    await queueConsumptionRefresh(db, [{ deviceId: device.id, changedFrom: readings[0]!.read_at }], clock.now());
    await refreshQueuedConsumption(testApp.context);
    await db.insertInto('occupant_changes').values({ residence_id: residence.id, dwelling_id: dwelling.id, changed_on: BOUNDARY }).execute();
    // A leak of the previous occupant's time, closed before the boundary.
    await insertClosedLeak(db, {
      residenceId: residence.id,
      dwellingId: dwelling.id,
      deviceId: device.id,
      startedAt: new Date('2025-04-01T00:00:00Z'),
      lastSeenAt: new Date('2025-04-05T00:00:00Z'),
      openedAt: new Date('2025-04-03T00:00:00Z'),
      closedAt: new Date('2025-04-06T00:00:00Z'),
    });
    const built = await buildResident(db, { dwelling_id: dwelling.id, profile: { moved_in_on: '2025-03-01' } });
    await givePassword(testApp, built.user.id);
    resident = await signInAs(testApp, built.user);
  });

  const get = (url: string) => harness().app.inject({ method: 'GET', url, headers: resident });

  it('covers every GET route under /api/resident (a new one must be added to RESIDENT_GET_ROUTES)', () => {
    expect(residentGetRoutesOf(harness())).toEqual(RESIDENT_GET_ROUTES);
  });

  it('dashboard: history, this year and the comparisons start at the recorded change, not the attested move-in', async () => {
    const dashboard = (await get('/api/resident/consumption')).json();
    expect(dashboard.historyStartsOn).toBe(BOUNDARY);
    const [coldWater] = dashboard.fluids;
    expect(coldWater.months[0]).toMatchObject({ month: '2025-06', isPartial: true });
    expect(coldWater.months[0].consumption).toBeCloseTo(21 * 0.1, 3);
    expect(coldWater.months.every((month: { month: string }) => month.month >= '2025-06')).toBe(true);
    const byMonth = new Map(coldWater.months.map((month: { month: string }) => [month.month, month]));
    // A year before June 2026 is the boundary's own, partial month: absent. July 2026 compares with a whole month of theirs.
    expect(byMonth.get('2026-06')).toMatchObject({ sameMonthLastYear: null });
    expect((byMonth.get('2026-07') as { sameMonthLastYear: number }).sameMonthLastYear).toBeCloseTo(3.1, 3);
    expect(coldWater.months.filter((month: { month: string }) => month.month < '2026-07').every((month: { sameMonthLastYear: unknown }) => month.sameMonthLastYear === null)).toBe(true);
    expect(coldWater.year.from).toBe('2026-01-01');
    // Whole days before today (today is still running).
    const wholeDays = coldWater.recentDays.days.filter((day: { day: string }) => day.day < '2026-08-16');
    expect(wholeDays).toHaveLength(29);
    expect(wholeDays.every((day: { consumption: number }) => Math.abs(day.consumption - 0.1) < 0.001)).toBe(true);
    expect(coldWater.hasHourlyData).toBe(true);
  });

  it('daily and hourly views: ranges are clamped, days before are never answered', async () => {
    const daily = (await get('/api/resident/consumption/daily?fluid=cold_water&from=2025-03-01&to=2025-06-30')).json();
    expect(daily.from).toBe(BOUNDARY);
    expect(daily.days.map((day: { day: string }) => day.day)[0]).toBe(BOUNDARY);
    expect(daily.days.every((day: { consumption: number }) => day.consumption < 0.2)).toBe(true);
    const before = (await get('/api/resident/consumption/daily?fluid=cold_water&from=2025-03-01&to=2025-06-09')).json();
    expect(before.days).toEqual([]);
    expect((await get('/api/resident/consumption/hourly?fluid=cold_water&day=2025-06-09')).json().hours).toEqual([]);
    const firstDay = (await get(`/api/resident/consumption/hourly?fluid=cold_water&day=${BOUNDARY}`)).json();
    expect(firstDay.hours.length).toBeGreaterThanOrEqual(23);
    expect(firstDay.hours.every((hour: { startsAt: string }) => hour.startsAt >= '2025-06-09T22:00:00.000Z')).toBe(true);
  });

  it('CSV exports: daily and monthly, from the boundary on only', async () => {
    const daily = await get('/api/resident/export/consumption.csv?period=daily');
    expect(daily.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(daily.headers['content-disposition']).toContain('attachment');
    expect(daily.body.startsWith('\uFEFFjour;fluide;consommation;unite;estime\r\n')).toBe(true);
    const lines = daily.body.slice(1).trim().split('\r\n').slice(1);
    expect(lines[0]).toBe(`${BOUNDARY};eau froide;100;litres;non`);
    expect(lines.every((line) => line.slice(0, 10) >= BOUNDARY)).toBe(true);
    expect(lines.some((line) => line.includes(';900;'))).toBe(false);

    const monthly = await get('/api/resident/export/consumption.csv?period=monthly');
    const monthLines = monthly.body.slice(1).trim().split('\r\n');
    expect(monthLines[0]).toBe('mois;fluide;consommation;unite;estime;mois_partiel;cout_estime_eur;co2_estime_kg');
    expect(monthLines[1]).toBe('2025-06;eau froide;2100;litres;non;oui;;');
    expect(monthLines[2]).toBe('2025-07;eau froide;3100;litres;non;non;;');
    expect(monthLines.slice(1).every((line) => line.slice(0, 7) >= '2025-06')).toBe(true);
    // The daily rows of a month add up to its monthly row, in the same unit.
    const julyLitres = lines.filter((line) => line.startsWith('2025-07')).reduce((sum, line) => sum + Number(line.split(';')[2]!.replace(',', '.')), 0);
    expect(julyLitres).toBe(3100);
  });

  it('personal data export: the consumption summary starts at the boundary too', async () => {
    const response = await get('/api/resident/export/personal-data.json');
    expect(response.statusCode, response.body).toBe(200);
    const exported = response.json();
    expect(exported.consumption.historyStartsOn).toBe(BOUNDARY);
    expect(exported.consumption.fluids[0].months[0]).toMatchObject({ month: '2025-06', isPartial: true });
    expect(exported.profile.movedInOn).toBe('2025-03-01');
  });

  it('costs: priced from the boundary on only', async () => {
    const response = await get('/api/resident/costs');
    expect(response.statusCode).toBe(200);
    const { months } = response.json<{ months: Array<{ period: string; fluids: Array<{ consumption: string }> }> }>();
    expect(months[0]).toMatchObject({ period: '2025-06', fluids: [{ consumption: '2.1' }] });
    expect(months.every((month) => month.period >= '2025-06')).toBe(true);
  });

  it('alerts: nothing of the previous occupant’s time', async () => {
    const response = await get('/api/resident/alerts');
    expect(response.statusCode).toBe(200);
    expect(response.body).not.toContain('2025-04');
  });

  it('options and profile carry no consumption at all', async () => {
    expect(Object.keys((await get('/api/resident/options')).json()).sort()).toEqual(['managerMaySeeDaily', 'notifyLeakByEmail', 'notifyLeakBySms', 'notifyOverconsumption']);
    expect(Object.keys((await get('/api/resident/profile')).json()).sort()).toEqual([
      'civility',
      'councilMember',
      'email',
      'firstName',
      'isOwner',
      'lastName',
      'mobile',
      'movedInOn',
      'movedOutOn',
    ]);
  });
});
