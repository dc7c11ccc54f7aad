import { Secret, TOTP } from 'otpauth';
import { describe, expect, it } from 'vitest';
import { buildResident, buildStaff } from '../../test/factories.ts';
import { givePassword, logInThroughRoute, TEST_PASSWORD, type SessionHeaders } from '../../test/login-as.ts';
import { TEST_NOW, useTestApp } from '../../test/test-app.ts';
import { isOnPostgres } from '../../test/test-database.ts';
import { throttleSchedules } from './login-throttle.ts';

const WRONG_PASSWORD = 'Mauvais-Mot-2026';

/** Every try is counted before its secret is compared: whatever the order or the concurrency, at most 5 are compared per lock window. */
describe('tries counted before they are evaluated', () => {
  const harness = useTestApp();
  const maxEvaluations = throttleSchedules.account.failuresBeforeLock;

  const logIn = (email: string, password: string, space = 'resident') =>
    harness().app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: '198.51.100.20', payload: { space, email, password } });
  const verify = (headers: SessionHeaders, code: string) =>
    harness().app.inject({ method: 'POST', url: '/api/auth/second-factor/verify', remoteAddress: '198.51.100.21', headers, payload: { code } });
  const codeAt = (secret: string, moment: Date) =>
    new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' }).generate({ timestamp: moment.getTime() });

  /** How many tries on this account were compared (not refused unevaluated by a lock), from the audit trail. */
  async function evaluatedTries(action: string, email: string): Promise<{ evaluated: number; refusedUnevaluated: number }> {
    const rows = await harness()
      .context.db.selectFrom('audit_events')
      .select('details')
      .where('action', '=', action)
      .execute();
    const mine = rows.filter((row) => row.details.email === email.toLowerCase());
    const refusedUnevaluated = mine.filter((row) => row.details.reason === 'locked').length;
    return { evaluated: mine.length - refusedUnevaluated, refusedUnevaluated };
  }

  async function residentWithPassword() {
    const { user } = await buildResident(harness().context.db);
    await givePassword(harness(), user.id);
    return user;
  }

  async function enrolledStaff() {
    const { user } = await buildStaff(harness().context.db, { staff_role: 'support' });
    await givePassword(harness(), user.id);
    const pending = await logInThroughRoute(harness(), { space: 'staff', email: user.email });
    const { secret } = (await harness().app.inject({ method: 'POST', url: '/api/auth/second-factor/enrolment', headers: pending })).json() as { secret: string };
    const confirm = { method: 'POST' as const, url: '/api/auth/second-factor/enrolment/confirm', headers: pending, payload: { code: codeAt(secret, harness().clock.now()) } };
    expect((await harness().app.inject(confirm)).statusCode).toBe(200);
    harness().clock.advance(60_000);
    return { user, secret, pending: await logInThroughRoute(harness(), { space: 'staff', email: user.email }) };
  }

  it('password: 20 wrong tries reserved one after the other, then the right one is refused with Retry-After', async () => {
    harness().clock.set(TEST_NOW);
    const user = await residentWithPassword();
    for (let attempt = 0; attempt < 20; attempt += 1) expect((await logIn(user.email, WRONG_PASSWORD)).statusCode).toBe(401);
    const right = await logIn(user.email, TEST_PASSWORD);
    expect(right.statusCode).toBe(401);
    expect(Number(right.headers['retry-after'])).toBeGreaterThan(0);
    expect(await evaluatedTries('auth.login_failed', user.email)).toEqual({ evaluated: maxEvaluations, refusedUnevaluated: 16 });
  });

  it('TOTP: 20 wrong codes reserved, then the right one is refused with Retry-After', async () => {
    harness().clock.set(TEST_NOW);
    const { user, secret, pending } = await enrolledStaff();
    const right = codeAt(secret, harness().clock.now());
    const wrong = right === '123456' ? '654321' : '123456';
    for (let attempt = 0; attempt < 20; attempt += 1) expect((await verify(pending, wrong)).statusCode).toBe(401);
    const refused = await verify(pending, right);
    expect(refused.statusCode).toBe(401);
    expect(refused.json().error.code).toBe('second_factor_invalid');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect((await evaluatedTries('auth.second_factor_failed', user.email)).evaluated).toBe(maxEvaluations);
  });

  it('a right password gives its try back: four typos and a success leave the next four typos unlocked', async () => {
    harness().clock.set(TEST_NOW);
    const user = await residentWithPassword();
    for (let attempt = 0; attempt < maxEvaluations - 1; attempt += 1) await logIn(user.email, WRONG_PASSWORD);
    expect((await logIn(user.email, TEST_PASSWORD)).statusCode).toBe(200);
    for (let attempt = 0; attempt < maxEvaluations - 1; attempt += 1) await logIn(user.email, WRONG_PASSWORD);
    expect((await logIn(user.email, TEST_PASSWORD)).statusCode).toBe(200);
  });

  it.runIf(isOnPostgres())('password: a parallel burst of 20 wrong tries and the right one over HTTP evaluates at most 5', async () => {
    harness().clock.set(TEST_NOW);
    const user = await residentWithPassword();
    const base = await harness().app.listen({ port: 0, host: '127.0.0.1' });
    const post = (password: string) =>
      fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ space: 'resident', email: user.email, password }) });
    const statuses = (await Promise.all([...Array.from({ length: 20 }, () => post(WRONG_PASSWORD)), post(TEST_PASSWORD)])).map((response) => response.status);
    const { evaluated } = await evaluatedTries('auth.login_failed', user.email);
    const accepted = statuses.filter((status) => status === 200).length;
    console.info(`password burst: ${evaluated + accepted} of 21 evaluated, right one ${accepted ? 'accepted' : 'refused'}`);
    expect(evaluated + accepted).toBeLessThanOrEqual(maxEvaluations);
  });

  it.runIf(isOnPostgres())('TOTP: a parallel burst of 20 wrong codes and the right one evaluates at most 5', async () => {
    harness().clock.set(TEST_NOW);
    const { user, secret, pending } = await enrolledStaff();
    const right = codeAt(secret, harness().clock.now());
    const wrong = right === '123456' ? '654321' : '123456';
    const responses = await Promise.all([...Array.from({ length: 20 }, () => verify(pending, wrong)), verify(pending, right)]);
    const accepted = responses.filter((response) => response.statusCode === 200).length;
    const { evaluated } = await evaluatedTries('auth.second_factor_failed', user.email);
    console.info(`TOTP burst: ${evaluated + accepted} of 21 evaluated, right one ${accepted ? 'accepted' : 'refused'}`);
    expect(evaluated + accepted).toBeLessThanOrEqual(maxEvaluations);
  });
});
