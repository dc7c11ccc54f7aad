import { beforeAll, describe, expect, it } from 'vitest';
import { buildDevice, buildDwelling, buildResidence, buildResident } from '../../test/factories.ts';
import { givePassword, logInThroughRoute, signInAs, TEST_PASSWORD, type SessionHeaders } from '../../test/login-as.ts';
import { useTestApp } from '../../test/test-app.ts';
import { queueConsumptionRefresh, refreshQueuedConsumption } from '../consumption/consumption.service.ts';
import { closeAccountsPastMoveOut } from './data-rights.service.ts';
import { insertReadings } from '../../test/readings.ts';

/**
 * Leaving the portal: deleting the account, and declaring a move-out. Today is 2026-03-16
 * (Paris); each dwelling's cold-water meter is read every day at 05:00 UTC since 2025-01-01,
 * 100 L a day. The next occupant attests a move-in long before: they must still see nothing
 * of the previous resident's days.
 */
describe('leaving: account deletion and move-out', () => {
  const harness = useTestApp();
  const dwellings: Record<'deleting' | 'moving' | 'pastMove', { id: string; residenceId: string }> = {} as never;

  beforeAll(async () => {
    const testApp = harness();
    const { db, clock } = testApp.context;
    const residence = await buildResidence(db);
    for (const key of ['deleting', 'moving', 'pastMove'] as const) {
      const dwelling = await buildDwelling(db, { residence_id: residence.id });
      dwellings[key] = { id: dwelling.id, residenceId: residence.id };
      const device = await buildDevice(db, { dwelling_id: dwelling.id, kind: 'cold_water' });
      const readings = Array.from({ length: 500 }, (_, day) => ({
        residence_id: residence.id,
        device_id: device.id,
        read_at: new Date(Date.UTC(2025, 0, 1 + day, 5)),
        index_value: ((day * 100) / 1000).toFixed(3),
        source: 'csv' as const,
      })).filter((reading) => reading.read_at <= (key === 'deleting' ? clock.now() : new Date(Date.UTC(2026, 2, 25, 6))));
      await insertReadings(db, readings);
      await queueConsumptionRefresh(db, [{ deviceId: device.id, changedFrom: readings[0]!.read_at }], clock.now());
    }
    await refreshQueuedConsumption(testApp.context);
  });

  async function resident(key: keyof typeof dwellings, email: string, movedInOn = '2025-01-01'): Promise<SessionHeaders & { userId: string }> {
    const testApp = harness();
    const built = await buildResident(testApp.context.db, { dwelling_id: dwellings[key].id, user: { email }, profile: { moved_in_on: movedInOn } });
    await givePassword(testApp, built.user.id);
    return { ...(await signInAs(testApp, built.user)), userId: built.user.id };
  }
  const call = (method: 'GET' | 'PUT' | 'DELETE', url: string, headers: SessionHeaders, payload?: object) =>
    harness().app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

  it('deletes the account with the current password: every session ends, the address and the dwelling are free, the trail keeps no personal data', async () => {
    const { db } = harness().context;
    const leaving = await resident('deleting', 'partant@example.test');
    const otherSession = await logInThroughRoute(harness(), { space: 'resident', email: 'partant@example.test' });

    const refused = await call('DELETE', '/api/resident/account', leaving, { currentPassword: 'wrong-password' });
    expect(refused.json().error.code).toBe('current_password_incorrect');
    const deleted = await call('DELETE', '/api/resident/account', leaving, { currentPassword: TEST_PASSWORD });
    expect(deleted.statusCode).toBe(204);
    expect(deleted.cookies.some((cookie) => cookie.value === '')).toBe(true);
    for (const headers of [leaving, otherSession]) expect((await call('GET', '/api/resident/consumption', headers)).statusCode).toBe(401);
    await expect(logInThroughRoute(harness(), { space: 'resident', email: 'partant@example.test' })).rejects.toThrow(/401/);

    const user = await db.selectFrom('users').leftJoin('resident_profiles', 'resident_profiles.user_id', 'users.id').selectAll().where('users.id', '=', leaving.userId).executeTakeFirstOrThrow();
    expect(user.closed_at).not.toBeNull();
    expect(user.email).not.toContain('partant');
    expect(user.password_hash).toBeNull();
    expect([user.last_name, user.first_name, user.mobile_e164]).toEqual(['-', '-', null]);
    const trail = await db.selectFrom('audit_events').selectAll().where('action', '=', 'resident.account_deleted').execute();
    expect(trail).toHaveLength(1);
    expect(JSON.stringify(trail[0])).not.toMatch(/partant|Testeuse|Camille/);
    expect(await db.selectFrom('sessions').select('id_hash').where('user_id', '=', leaving.userId).execute()).toEqual([]);

    // The same address and the same dwelling serve a new account at once; it sees nothing of the deleted one's days.
    const next = await resident('deleting', 'partant@example.test', '2024-06-01');
    const dashboard = (await call('GET', '/api/resident/consumption', next)).json();
    // From the instant of the deletion, within today: nothing read since.
    expect(dashboard.historyStartsOn).toBe('2026-03-16');
    expect(dashboard.fluids[0].dataUntil).toBeNull();
    expect(dashboard.fluids[0].months).toEqual([]);
    expect((await call('GET', '/api/resident/consumption/daily?fluid=cold_water&from=2025-12-01&to=2026-03-16', next)).json().days).toEqual([]);
    expect((await call('GET', '/api/resident/export/consumption.csv?period=daily', next)).body).toBe('\uFEFFjour;fluide;consommation;unite;estime\r\n');
  });

  it('declares a move-out: access holds until that day ends, then every session is refused, the dwelling is free, and the next occupant sees nothing before', async () => {
    const testApp = harness();
    const { db } = testApp.context;
    const moving = await resident('moving', 'demenage@example.test');
    const otherSession = await logInThroughRoute(testApp, { space: 'resident', email: 'demenage@example.test' });

    expect((await call('PUT', '/api/resident/move-out', moving, { movedOutOn: '2024-12-31', currentPassword: TEST_PASSWORD })).json().error.code).toBe('move_out_date_invalid');
    expect((await call('PUT', '/api/resident/move-out', moving, { movedOutOn: '2026-03-20', currentPassword: 'wrong-password' })).json().error.code).toBe('current_password_incorrect');
    const declared = await call('PUT', '/api/resident/move-out', moving, { movedOutOn: '2026-03-20', currentPassword: TEST_PASSWORD });
    expect(declared.json()).toEqual({ movedOutOn: '2026-03-20', accessEndsAt: '2026-03-20T23:00:00.000Z', hasAccessEnded: false });

    expect((await call('GET', '/api/resident/profile', otherSession)).json().movedOutOn).toBe('2026-03-20');
    // Until the day ends, nothing changes for the resident, whose own history is not cut by the declaration.
    testApp.clock.set('2026-03-20T22:50:00.000Z'); // 23:50 in Paris, still the 20th
    const lateSession = await signInAs(testApp, { id: moving.userId, role: 'resident' });
    const ownDashboard = (await call('GET', '/api/resident/consumption', lateSession)).json();
    expect(ownDashboard.historyStartsOn).toBe('2025-01-01');
    expect(ownDashboard.fluids[0].dataUntil).toBe('2026-03-20');
    expect(await closeAccountsPastMoveOut(testApp.context)).toBe(0);

    testApp.clock.set('2026-03-20T23:10:00.000Z'); // 00:10 on the 21st in Paris, 20 minutes later: the session is not idle
    expect((await call('GET', '/api/resident/consumption', lateSession)).statusCode).toBe(401);
    expect(await closeAccountsPastMoveOut(testApp.context)).toBe(1);
    expect((await db.selectFrom('users').select('closed_at').where('id', '=', moving.userId).executeTakeFirstOrThrow()).closed_at).not.toBeNull();
    await expect(logInThroughRoute(testApp, { space: 'resident', email: 'demenage@example.test' })).rejects.toThrow(/401/);

    // The next occupant, attesting a move-in long before, starts the day after the move-out.
    const next = await resident('moving', 'suivant@example.test', '2025-06-01');
    const dashboard = (await call('GET', '/api/resident/consumption', next)).json();
    expect(dashboard.historyStartsOn).toBe('2026-03-21');
    expect(dashboard.fluids[0].months.every((month: { month: string; isPartial: boolean }) => month.month === '2026-03' && month.isPartial)).toBe(true);
    const daily = (await call('GET', '/api/resident/consumption/daily?fluid=cold_water&from=2026-03-01&to=2026-03-21', next)).json();
    expect(daily.days.map((day: { day: string }) => day.day)).toEqual(['2026-03-21']);
    const csv = (await call('GET', '/api/resident/export/consumption.csv?period=monthly', next)).body;
    expect(csv.split('\r\n').slice(1).filter(Boolean).every((line) => line.startsWith('2026-03;'))).toBe(true);
    const audit = await db.selectFrom('audit_events').select('action').where('target_id', 'in', [moving.userId, dwellings.moving.id]).execute();
    expect(audit.map((event) => event.action)).toEqual(expect.arrayContaining(['resident.access_ended', 'resident.move_out_declared']));
  });

  it('ends access at once for a move-out day already over', async () => {
    const testApp = harness();
    const gone = await resident('pastMove', 'parti@example.test');
    const declared = await call('PUT', '/api/resident/move-out', gone, { movedOutOn: '2026-03-01', currentPassword: TEST_PASSWORD });
    expect(declared.json()).toMatchObject({ movedOutOn: '2026-03-01', hasAccessEnded: true });
    expect((await call('GET', '/api/resident/consumption', gone)).statusCode).toBe(401);
    const next = await resident('pastMove', 'arrive@example.test', '2026-02-15');
    expect((await call('GET', '/api/resident/consumption', next)).json().historyStartsOn).toBe('2026-03-02');
    expect((await testApp.context.db.selectFrom('users').select('closed_at').where('id', '=', gone.userId).executeTakeFirstOrThrow()).closed_at).toEqual(
      new Date('2026-03-01T23:00:00.000Z'),
    );
  });
});
