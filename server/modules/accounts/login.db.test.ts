import { describe, expect, it } from 'vitest';
import { buildManager, buildResident } from '../../test/factories.ts';
import { givePassword, TEST_PASSWORD } from '../../test/login-as.ts';
import { TEST_NOW, useTestApp } from '../../test/test-app.ts';
import { lockDurationMs, throttleSchedules } from './login-throttle.ts';

const MINUTE = 60_000;

describe('POST /api/auth/login', () => {
  const harness = useTestApp();

  function attempt(email: string, password: string, options: { space?: string; address?: string } = {}) {
    return harness().app.inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress: options.address ?? '198.51.100.7',
      payload: { space: options.space ?? 'resident', email, password },
    });
  }

  it('lands a resident in their space, with who they are', async () => {
    const { user } = await buildResident(harness().context.db, { profile: { first_name: 'Inès', last_name: 'Moreau' } });
    await givePassword(harness(), user.id);
    const response = await attempt(user.email.toUpperCase(), TEST_PASSWORD, { address: '198.51.100.1' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ next: 'done', user: { id: user.id, role: 'resident', displayName: 'Inès Moreau' } });
  });

  it('answers every failure the same way: unknown email, wrong password, locked account', async () => {
    const { clock, context } = harness();
    clock.set(TEST_NOW);
    const { user: known } = await buildResident(context.db);
    const { user: locked } = await buildResident(context.db);
    await givePassword(harness(), known.id);
    await givePassword(harness(), locked.id);
    for (let failure = 0; failure < throttleSchedules.account.failuresBeforeLock; failure += 1) {
      await attempt(locked.email, 'Mauvais-Mot-2026', { address: `203.0.113.${failure + 1}` });
    }

    const responses = [
      await attempt('personne@example.test', TEST_PASSWORD, { address: '192.0.2.10' }),
      await attempt(known.email, 'Mauvais-Mot-2026', { address: '192.0.2.11' }),
      await attempt(locked.email, TEST_PASSWORD, { address: '192.0.2.12' }),
    ];
    const shapes = responses.map((response) => ({
      status: response.statusCode,
      body: response.body,
      cookies: response.cookies.length,
      headers: Object.keys(response.headers).sort(),
    }));
    expect(shapes[0]!.status).toBe(401);
    expect(shapes[0]!.body).toContain('invalid_credentials');
    expect(shapes[1]).toEqual(shapes[0]);
    // A locked try says when to come back; status and message are the same.
    expect(responses[2]!.headers['retry-after']).toBe('60');
    expect(responses[2]!.json().error.message).toBe(responses[0]!.json().error.message);
    expect(shapes[2]!.status).toBe(401);

    const reasons = await context.db
      .selectFrom('audit_events')
      .select(['client_address', 'details'])
      .where('action', '=', 'auth.login_failed')
      .where('client_address', 'in', ['192.0.2.10', '192.0.2.11', '192.0.2.12'])
      .orderBy('id')
      .execute();
    expect(reasons.map((row) => row.details.reason)).toEqual(['unknown_account', 'wrong_password', 'locked']);
    const everything = JSON.stringify(await context.db.selectFrom('audit_events').selectAll().execute());
    expect(everything).not.toContain(TEST_PASSWORD);
    expect(everything).not.toContain('Mauvais-Mot-2026');
  });

  it('locks an account for growing periods, then lifts the lock, and a success starts the count again', async () => {
    const { clock, context } = harness();
    clock.set(TEST_NOW);
    const { user } = await buildManager(context.db);
    await givePassword(harness(), user.id);
    let wrongTries = 0;
    const tryWrong = () => attempt(user.email, 'Mauvais-Mot-2026', { space: 'manager', address: `10.1.0.${(wrongTries += 1)}` });
    const tryRight = () => attempt(user.email, TEST_PASSWORD, { space: 'manager', address: '10.2.0.1' });

    for (let failure = 1; failure < throttleSchedules.account.failuresBeforeLock; failure += 1) await tryWrong();
    expect((await tryRight()).statusCode).toBe(200);
    for (let failure = 1; failure <= throttleSchedules.account.failuresBeforeLock; failure += 1) await tryWrong();
    expect((await tryRight()).statusCode).toBe(401);

    const locks: number[] = [];
    for (let lock = 0; lock < 4; lock += 1) {
      const lockMs = lockDurationMs('account', throttleSchedules.account.failuresBeforeLock + lock);
      locks.push(lockMs);
      clock.advance(lockMs - 1000);
      expect((await tryRight()).statusCode).toBe(401);
      clock.advance(1000);
      if (lock < 3) await tryWrong();
    }
    expect(locks).toEqual([1 * MINUTE, 2 * MINUTE, 4 * MINUTE, 8 * MINUTE]);
    expect((await tryRight()).statusCode).toBe(200);
    expect((await tryWrong()).statusCode).toBe(401);
    expect((await tryRight()).statusCode).toBe(200);

    const lockouts = await context.db.selectFrom('audit_events').select('details').where('action', '=', 'auth.lockout').where('actor_user_id', '=', user.id).execute();
    expect(lockouts.map((row) => row.details.scope)).toEqual(['account', 'account', 'account', 'account']);
  });

  it('caps an account lock at 15 minutes (an address lock at one hour) and forgets old failures after a day', () => {
    expect(lockDurationMs('account', 4)).toBe(0);
    expect(lockDurationMs('account', 8)).toBe(8 * MINUTE);
    expect(lockDurationMs('account', 9)).toBe(15 * MINUTE);
    expect(lockDurationMs('account', 40)).toBe(15 * MINUTE);
    expect(lockDurationMs('address', 40)).toBe(60 * MINUTE);
    expect(throttleSchedules.account.forgetAfterMs).toBe(24 * 60 * MINUTE);
  });

  it('locks a client address that fails on many accounts, and not other addresses', async () => {
    const { clock, context } = harness();
    clock.set(TEST_NOW);
    const { user } = await buildResident(context.db);
    await givePassword(harness(), user.id);
    const sprayer = '203.0.113.99';
    for (let failure = 0; failure < throttleSchedules.address.failuresBeforeLock; failure += 1) {
      await attempt(`inconnu${failure}@example.test`, 'Mauvais-Mot-2026', { address: sprayer });
    }
    expect((await attempt(user.email, TEST_PASSWORD, { address: sprayer })).statusCode).toBe(401);
    expect((await attempt(user.email, TEST_PASSWORD, { address: '203.0.113.100' })).statusCode).toBe(200);
    clock.advance(lockDurationMs('address', throttleSchedules.address.failuresBeforeLock));
    expect((await attempt(user.email, TEST_PASSWORD, { address: sprayer })).statusCode).toBe(200);
  });

  it('keeps the spaces apart: a resident account does not open the manager space', async () => {
    const { user } = await buildResident(harness().context.db);
    await givePassword(harness(), user.id);
    expect((await attempt(user.email, TEST_PASSWORD, { space: 'manager', address: '10.3.0.1' })).statusCode).toBe(401);
  });

  it('refuses a closed account like an unknown one', async () => {
    const { user } = await buildResident(harness().context.db, { user: { closed_at: '2026-01-01T00:00:00Z' } });
    await givePassword(harness(), user.id);
    const response = await attempt(user.email, TEST_PASSWORD, { address: '10.4.0.1' });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('invalid_credentials');
  });
});
