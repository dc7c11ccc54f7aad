import { beforeAll, describe, expect, it } from 'vitest';
import type { GuardedRoute } from '../../http/guards.ts';
import { buildDevice, buildDwelling, buildManager, buildResidence, buildResident, buildStaff } from '../../test/factories.ts';
import { givePassword, signInAs, TEST_PASSWORD, type SessionHeaders } from '../../test/login-as.ts';
import { useTestApp } from '../../test/test-app.ts';
import { queueConsumptionRefresh, refreshQueuedConsumption } from '../consumption/consumption.service.ts';
import { insertReadings } from '../../test/readings.ts';

/**
 * The access matrix of the resident portal: every route under /api/resident, read from the
 * app's own route table (so a new route is in the matrix without anyone adding it), tried
 * without a session, by a manager and by staff (refused), and by one resident carrying the
 * other resident's identifiers everywhere a request can carry them (their own data at most,
 * never the other dwelling's).
 */
describe('who may call each resident route', () => {
  const harness = useTestApp();
  const victim = { userId: '', dwellingId: '', residenceId: '', email: 'victime@example.test', dwellingCode: '', deviceId: '' };
  let attacker: SessionHeaders;
  let victimSession: SessionHeaders;
  let manager: SessionHeaders;
  let staff: SessionHeaders;
  let routes: GuardedRoute[];

  beforeAll(async () => {
    const testApp = harness();
    const { db, clock } = testApp.context;
    const residence = await buildResidence(db);
    const otherResidence = await buildResidence(db);
    for (const [residenceId, litresPerDay, role] of [
      [residence.id, 777, 'victim'],
      [otherResidence.id, 100, 'attacker'],
    ] as const) {
      const dwelling = await buildDwelling(db, { residence_id: residenceId });
      const device = await buildDevice(db, { dwelling_id: dwelling.id, kind: role === 'victim' ? 'hot_water' : 'cold_water' });
      const readings = Array.from({ length: 120 }, (_, day) => ({
        residence_id: residenceId,
        device_id: device.id,
        read_at: new Date(Date.UTC(2025, 10, 17 + day, 5)),
        index_value: ((day * litresPerDay) / 1000).toFixed(3),
        source: 'csv' as const,
      })).filter((reading) => reading.read_at <= clock.now());
      await insertReadings(db, readings);
      await queueConsumptionRefresh(db, [{ deviceId: device.id, changedFrom: readings[0]!.read_at }], clock.now());
      const built = await buildResident(db, {
        dwelling_id: dwelling.id,
        user: role === 'victim' ? { email: victim.email } : {},
        profile: role === 'victim' ? { last_name: 'Victime', mobile_e164: '+33611546587', manager_may_see_daily: true } : {},
      });
      await givePassword(testApp, built.user.id);
      const session = await signInAs(testApp, built.user);
      if (role === 'victim') {
        Object.assign(victim, { userId: built.user.id, dwellingId: dwelling.id, residenceId, dwellingCode: dwelling.dwelling_code, deviceId: device.id });
        victimSession = session;
      } else {
        attacker = session;
      }
    }
    await refreshQueuedConsumption(testApp.context);
    manager = await signInAs(testApp, (await buildManager(db, { client_id: residence.client_id, sees_all_residences: true, residence_ids: [residence.id] })).user);
    staff = await signInAs(testApp, (await buildStaff(db, { staff_role: 'admin' })).user);
    routes = testApp.app.guardedRoutes.filter((route) => route.url.startsWith('/api/resident') && route.method !== 'HEAD');
  });

  /** The victim's identifiers, in every place a request can carry one. */
  const foreignIds = () => ({
    dwellingId: victim.dwellingId,
    userId: victim.userId,
    residenceId: victim.residenceId,
    deviceId: victim.deviceId,
    id: victim.dwellingId,
  });
  function requestFor(route: GuardedRoute, headers: Record<string, string>) {
    const ids = foreignIds();
    const url = route.url.replace(/:(\w+)/g, (_, name: string) => ids[name as keyof typeof ids] ?? victim.dwellingId);
    const query = new URLSearchParams({ ...ids, fluid: 'hot_water', day: '2026-03-01', from: '2026-01-01', to: '2026-03-15', period: 'daily' });
    const payload =
      route.method === 'GET'
        ? undefined
        : { ...ids, currentPassword: TEST_PASSWORD.split('').reverse().join(''), code: '000000', movedOutOn: '2026-03-20', newEmail: victim.email };
    return harness().app.inject({ method: route.method as 'GET', url: `${url}?${query.toString()}`, headers, ...(payload ? { payload } : {}) });
  }
  /** What would betray the victim's dwelling in an answer. */
  const victimMarkers = () => [victim.email, victim.dwellingCode, 'Victime', '+33611546587', victim.dwellingId, victim.userId, '0.777', ';777;litres', 'hot_water', 'eau chaude'];

  it('finds the portal’s routes in the route table', () => {
    const urls = routes.map((route) => `${route.method} ${route.url}`);
    expect(urls).toContain('GET /api/resident/consumption');
    expect(urls).toContain('DELETE /api/resident/account');
    expect(routes.length).toBeGreaterThanOrEqual(12);
    expect(routes.every((route) => route.access?.kind === 'resident')).toBe(true);
  });

  it('shows the markers in the victim’s own answers, so their absence below means something', async () => {
    const personal = await harness().app.inject({ method: 'GET', url: '/api/resident/export/personal-data.json', headers: victimSession });
    for (const marker of [victim.email, victim.dwellingCode, 'Victime', '+33611546587', 'hot_water']) expect(personal.body).toContain(marker);
    const dashboard = await harness().app.inject({ method: 'GET', url: '/api/resident/consumption', headers: victimSession });
    expect(dashboard.body).toContain('0.777');
    const csv = await harness().app.inject({ method: 'GET', url: '/api/resident/export/consumption.csv?period=daily', headers: victimSession });
    for (const marker of [';777;litres', 'eau chaude']) expect(csv.body).toContain(marker);
  });

  it('refuses every route without a session', async () => {
    for (const route of routes) {
      const response = await requestFor(route, {});
      expect({ route: route.url, method: route.method, status: response.statusCode }).toEqual({ route: route.url, method: route.method, status: 401 });
    }
  });

  it('refuses every route to a manager of the victim’s residence and to staff', async () => {
    for (const headers of [manager, staff]) {
      for (const route of routes) {
        const response = await requestFor(route, headers);
        expect({ route: route.url, method: route.method, status: response.statusCode }).toEqual({ route: route.url, method: route.method, status: 403 });
      }
    }
  });

  it('gives another resident nothing of the victim’s dwelling, whatever ids the request carries', async () => {
    for (const route of routes) {
      const response = await requestFor(route, attacker);
      expect(response.statusCode, `${route.method} ${route.url}`).toBeLessThan(500);
      for (const marker of victimMarkers()) expect(response.body, `${route.method} ${route.url} answered ${marker}`).not.toContain(marker);
    }
    // Nothing of the victim's account changed either.
    const victimProfile = (await harness().app.inject({ method: 'GET', url: '/api/resident/profile', headers: victimSession })).json();
    expect(victimProfile).toMatchObject({ email: victim.email, lastName: 'Victime', movedOutOn: null });
    expect((await harness().app.inject({ method: 'GET', url: '/api/resident/options', headers: victimSession })).json().managerMaySeeDaily).toBe(true);
  });
});
