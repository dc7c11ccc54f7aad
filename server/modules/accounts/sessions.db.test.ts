import { describe, expect, it } from 'vitest';
import { buildManager, buildResident, buildStaff } from '../../test/factories.ts';
import { givePassword, logInThroughRoute, sessionHeaders, sessionTokenFrom, signInAs, TEST_PASSWORD } from '../../test/login-as.ts';
import { createTestApp, TEST_NOW, useTestApp } from '../../test/test-app.ts';
import { sessionTimeouts } from './session-policy.ts';

const MINUTE = 60_000;

describe('session cookie', () => {
  const harness = useTestApp();

  it('over plain http is named plainly, HttpOnly, SameSite=Lax, not Secure, with 256 random bits', async () => {
    const { user } = await buildResident(harness().context.db);
    await givePassword(harness(), user.id);
    const response = await harness().app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { space: 'resident', email: user.email, password: TEST_PASSWORD },
    });
    expect(response.statusCode).toBe(200);
    const cookie = response.cookies.find((candidate) => candidate.name === 'session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(cookie?.secure).toBeFalsy();
    expect(cookie?.domain).toBeUndefined();
    expect(Buffer.from(cookie!.value, 'base64url')).toHaveLength(32);
    expect(cookie?.maxAge).toBe(sessionTimeouts.resident.absoluteMs / 1000);
  });

  it('stores only a keyed hash of the id', async () => {
    const { context } = harness();
    const { user } = await buildResident(context.db);
    const headers = await signInAs(harness(), user);
    const token = headers.cookie.split('=')[1]!;
    const rows = await context.db.selectFrom('sessions').select('id_hash').where('user_id', '=', user.id).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.id_hash.toString('base64url')).not.toBe(token);
    expect(rows[0]!.id_hash.includes(Buffer.from(token, 'base64url'))).toBe(false);
  });

  it('over https is __Host-session and Secure', async () => {
    const testApp = await createTestApp({ environment: { PUBLIC_URL: 'https://portal.test' } });
    try {
      const { user } = await buildResident(testApp.context.db);
      await givePassword(testApp, user.id);
      const response = await testApp.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { space: 'resident', email: user.email, password: TEST_PASSWORD },
      });
      const cookie = response.cookies.find((candidate) => candidate.name === '__Host-session');
      expect(cookie).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Lax', path: '/' });
      expect(cookie?.domain).toBeUndefined();
    } finally {
      await testApp.close();
    }
  });
});

describe('session lifecycle', () => {
  const harness = useTestApp();
  const me = (headers: Record<string, string>) => harness().app.inject({ method: 'GET', url: '/api/auth/me', headers });
  const roles = ['resident', 'manager', 'staff'] as const;
  async function buildUserOfRole(role: (typeof roles)[number]) {
    const { db } = harness().context;
    if (role === 'resident') return (await buildResident(db)).user;
    if (role === 'manager') return (await buildManager(db)).user;
    return (await buildStaff(db)).user;
  }

  it('gives a new id at login and ends the session the browser held before', async () => {
    const { user } = await buildResident(harness().context.db);
    await givePassword(harness(), user.id);
    const first = await logInThroughRoute(harness(), { space: 'resident', email: user.email });
    const response = await harness().app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: first,
      payload: { space: 'resident', email: user.email, password: TEST_PASSWORD },
    });
    const secondToken = sessionTokenFrom(harness(), response);
    expect(secondToken).toBeDefined();
    expect(first.cookie).not.toContain(secondToken!);
    expect((await me(first)).json()).toEqual({ user: null, pendingSecondFactor: null });
    expect((await me(sessionHeaders(harness(), secondToken!))).json().user.email).toBe(user.email);
  });

  it('logout deletes the session on the server, so the old cookie no longer works', async () => {
    const { user } = await buildResident(harness().context.db);
    const headers = await signInAs(harness(), user);
    const logout = await harness().app.inject({ method: 'POST', url: '/api/auth/logout', headers });
    expect(logout.statusCode).toBe(204);
    expect(logout.cookies.find((cookie) => cookie.name === 'session')?.value).toBe('');
    const remaining = await harness().context.db.selectFrom('sessions').select('user_id').where('user_id', '=', user.id).execute();
    expect(remaining).toHaveLength(0);
    expect((await me(headers)).json()).toEqual({ user: null, pendingSecondFactor: null });
    const audit = await harness().context.db.selectFrom('audit_events').selectAll().where('action', '=', 'auth.logout').where('actor_user_id', '=', user.id).execute();
    expect(audit).toHaveLength(1);
  });

  it.each(roles)('%s: ends after the idle timeout, activity keeps it alive', async (role) => {
    const { clock } = harness();
    clock.set(TEST_NOW);
    const user = await buildUserOfRole(role);
    const headers = await signInAs(harness(), user);
    const timeouts = sessionTimeouts[role];
    clock.advance(timeouts.idleMs - 2 * MINUTE);
    expect((await me(headers)).json().user?.id).toBe(user.id);
    clock.advance(timeouts.idleMs - 2 * MINUTE);
    expect((await me(headers)).json().user?.id).toBe(user.id);
    clock.advance(timeouts.idleMs);
    const expired = await me(headers);
    expect(expired.json().user).toBeNull();
    expect(expired.cookies.find((cookie) => cookie.name === 'session')?.value).toBe('');
  });

  it.each(roles)('%s: ends at the absolute timeout however active, and says the session expired', async (role) => {
    const { clock } = harness();
    clock.set(TEST_NOW);
    const user = await buildUserOfRole(role);
    const headers = await signInAs(harness(), user);
    const timeouts = sessionTimeouts[role];
    const step = timeouts.idleMs / 2;
    for (let elapsed = step; elapsed < timeouts.absoluteMs; elapsed += step) {
      clock.set(new Date(Date.parse(TEST_NOW) + elapsed));
      expect((await me(headers)).json().user?.id).toBe(user.id);
    }
    clock.set(new Date(Date.parse(TEST_NOW) + timeouts.absoluteMs));
    const response = await harness().app.inject({ method: 'POST', url: '/api/account/password', headers, payload: { currentPassword: 'x', newPassword: 'y' } });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('session_expired');
  });

  it('orders the timeouts: staff strictest, then managers, then residents', () => {
    expect(sessionTimeouts.staff.idleMs).toBeLessThan(sessionTimeouts.manager.idleMs);
    expect(sessionTimeouts.manager.idleMs).toBeLessThan(sessionTimeouts.resident.idleMs);
    expect(sessionTimeouts.staff.absoluteMs).toBeLessThan(sessionTimeouts.manager.absoluteMs);
    expect(sessionTimeouts.manager.absoluteMs).toBeLessThan(sessionTimeouts.resident.absoluteMs);
  });
});

describe('password change', () => {
  const harness = useTestApp();
  const newPassword = 'Nouvelle-Saison-4821';

  it('asks for the current password', async () => {
    const { user } = await buildResident(harness().context.db);
    await givePassword(harness(), user.id);
    const headers = await signInAs(harness(), user);
    const response = await harness().app.inject({
      method: 'POST',
      url: '/api/account/password',
      headers,
      payload: { currentPassword: 'Pas-Le-Bon-1234', newPassword },
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('current_password_incorrect');
  });

  it('ends the other sessions, keeps this browser in with a new id, and the new password works', async () => {
    const { app, context, clock } = harness();
    clock.set(TEST_NOW);
    const { user } = await buildResident(context.db);
    await givePassword(harness(), user.id);
    const phone = await logInThroughRoute(harness(), { space: 'resident', email: user.email });
    const laptop = await logInThroughRoute(harness(), { space: 'resident', email: user.email });
    const response = await app.inject({ method: 'POST', url: '/api/account/password', headers: laptop, payload: { currentPassword: TEST_PASSWORD, newPassword } });
    expect(response.statusCode).toBe(204);
    const rotated = sessionTokenFrom(harness(), response)!;
    expect(laptop.cookie).not.toContain(rotated);
    const me = (headers: Record<string, string>) => app.inject({ method: 'GET', url: '/api/auth/me', headers });
    expect((await me(phone)).json().user).toBeNull();
    expect((await me(laptop)).json().user).toBeNull();
    expect((await me(sessionHeaders(harness(), rotated))).json().user.id).toBe(user.id);
    await expect(logInThroughRoute(harness(), { space: 'resident', email: user.email })).rejects.toThrow(/401/);
    await logInThroughRoute(harness(), { space: 'resident', email: user.email, password: newPassword });
    const audit = await context.db.selectFrom('audit_events').select(['details']).where('action', '=', 'auth.password_changed').where('actor_user_id', '=', user.id).execute();
    expect(audit).toEqual([{ details: { ended_other_sessions: 1 } }]);
  });

  it('refuses a new password built on the person’s name', async () => {
    const { user } = await buildResident(harness().context.db, { profile: { first_name: 'Gwendoline', last_name: 'Martin' } });
    await givePassword(harness(), user.id);
    const headers = await signInAs(harness(), user);
    const response = await harness().app.inject({
      method: 'POST',
      url: '/api/account/password',
      headers,
      payload: { currentPassword: TEST_PASSWORD, newPassword: 'Gwendoline-2026!' },
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().error.code).toBe('password_contains_personal_info');
  });
});
