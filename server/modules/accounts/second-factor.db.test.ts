import { Secret, TOTP } from 'otpauth';
import { describe, expect, it } from 'vitest';
import { buildStaff } from '../../test/factories.ts';
import { givePassword, logInThroughRoute, sessionHeaders, sessionTokenFrom, type SessionHeaders } from '../../test/login-as.ts';
import { TEST_NOW, useTestApp } from '../../test/test-app.ts';
import { PASSWORD_ONLY_SESSION_MS } from './session-policy.ts';

describe('staff second factor (TOTP)', () => {
  const harness = useTestApp();

  const post = (url: string, headers: SessionHeaders, payload?: object) =>
    harness().app.inject({ method: 'POST', url, headers, ...(payload ? { payload } : {}) });
  const me = (headers: SessionHeaders) => harness().app.inject({ method: 'GET', url: '/api/auth/me', headers });
  const codeAt = (secret: string, moment: Date) =>
    new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' }).generate({ timestamp: moment.getTime() });

  async function staffWithPassword() {
    const { user } = await buildStaff(harness().context.db, { staff_role: 'admin' });
    await givePassword(harness(), user.id);
    return user;
  }

  /** First login: password, then enrolment with the secret shown, as the person does it. */
  async function enrol(email: string) {
    const pending = await logInThroughRoute(harness(), { space: 'staff', email });
    const { secret } = (await post('/api/auth/second-factor/enrolment', pending)).json() as { secret: string };
    const confirmed = await post('/api/auth/second-factor/enrolment/confirm', pending, { code: codeAt(secret, harness().clock.now()) });
    return { pending, secret, confirmed };
  }

  it('enrols at first login: nothing opens before, a new session id after, recovery codes shown once', async () => {
    harness().clock.set(TEST_NOW);
    const user = await staffWithPassword();
    const pending = await logInThroughRoute(harness(), { space: 'staff', email: user.email });
    expect(pending.next).toBe('second_factor_enrolment');
    expect((await me(pending)).json()).toEqual({ user: null, pendingSecondFactor: 'second_factor_enrolment' });
    const blocked = await post('/api/account/password', pending, { currentPassword: 'x', newPassword: 'y' });
    expect(blocked.statusCode).toBe(401);
    expect(blocked.json().error.code).toBe('second_factor_required');

    const enrolment = await post('/api/auth/second-factor/enrolment', pending);
    expect(enrolment.statusCode).toBe(200);
    const { secret, otpauthUri, qrCodeDataUrl } = enrolment.json();
    expect(otpauthUri).toContain(`secret=${secret}`);
    expect(qrCodeDataUrl).toMatch(/^data:image\/png;base64,/);
    expect((await post('/api/auth/second-factor/enrolment', pending)).json().secret).toBe(secret);

    const wrong = await post('/api/auth/second-factor/enrolment/confirm', pending, { code: '000000' === codeAt(secret, harness().clock.now()) ? '111111' : '000000' });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('second_factor_invalid');

    const confirmed = await post('/api/auth/second-factor/enrolment/confirm', pending, { code: codeAt(secret, harness().clock.now()) });
    expect(confirmed.statusCode).toBe(200);
    const body = confirmed.json();
    expect(body.user).toMatchObject({ id: user.id, role: 'staff', staffRole: 'admin' });
    expect(body.recoveryCodes).toHaveLength(10);
    const full = sessionHeaders(harness(), sessionTokenFrom(harness(), confirmed)!);
    expect(full.cookie).not.toBe(pending.cookie);
    expect((await me(pending)).json().user).toBeNull();
    expect((await me(full)).json().user.id).toBe(user.id);

    const stored = await harness().context.db.selectFrom('staff_second_factors').select('secret_ciphertext').where('user_id', '=', user.id).executeTakeFirstOrThrow();
    expect(stored.secret_ciphertext).not.toContain(secret);
    const audit = JSON.stringify(await harness().context.db.selectFrom('audit_events').selectAll().where('actor_user_id', '=', user.id).execute());
    expect(audit).toContain('auth.second_factor_enrolled');
    expect(audit).not.toContain(secret);
    expect(audit).not.toContain(body.recoveryCodes[0]);
  });

  it('once enrolled, asks for a code at every login, refuses a replayed code, and cannot be enrolled again', async () => {
    harness().clock.set(TEST_NOW);
    const user = await staffWithPassword();
    const { secret } = await enrol(user.email);
    harness().clock.advance(60_000);

    const pending = await logInThroughRoute(harness(), { space: 'staff', email: user.email });
    expect(pending.next).toBe('second_factor');
    expect((await post('/api/auth/second-factor/enrolment', pending)).statusCode).toBe(409);
    const code = codeAt(secret, harness().clock.now());
    const verified = await post('/api/auth/second-factor/verify', pending, { code });
    expect(verified.statusCode).toBe(200);
    expect(verified.json().user.id).toBe(user.id);

    const again = await logInThroughRoute(harness(), { space: 'staff', email: user.email });
    const replayed = await post('/api/auth/second-factor/verify', again, { code });
    expect(replayed.statusCode).toBe(401);
    expect(replayed.json().error.code).toBe('second_factor_invalid');
  });

  it('accepts each recovery code once', async () => {
    harness().clock.set(TEST_NOW);
    const user = await staffWithPassword();
    const { confirmed } = await enrol(user.email);
    const [recoveryCode] = confirmed.json().recoveryCodes as string[];
    const first = await logInThroughRoute(harness(), { space: 'staff', email: user.email });
    expect((await post('/api/auth/second-factor/verify', first, { recoveryCode: recoveryCode!.toLowerCase() })).statusCode).toBe(200);
    const second = await logInThroughRoute(harness(), { space: 'staff', email: user.email });
    expect((await post('/api/auth/second-factor/verify', second, { recoveryCode })).statusCode).toBe(401);
  });

  it('gives 10 minutes between password and code', async () => {
    harness().clock.set(TEST_NOW);
    const user = await staffWithPassword();
    const { secret } = await enrol(user.email);
    harness().clock.advance(60_000);
    const pending = await logInThroughRoute(harness(), { space: 'staff', email: user.email });
    harness().clock.advance(PASSWORD_ONLY_SESSION_MS);
    const late = await post('/api/auth/second-factor/verify', pending, { code: codeAt(secret, harness().clock.now()) });
    expect(late.statusCode).toBe(401);
    expect(late.json().error.code).toBe('session_expired');
  });

  it('counts wrong codes like wrong passwords: the account locks, even for the right code', async () => {
    harness().clock.set(TEST_NOW);
    const user = await staffWithPassword();
    const { secret } = await enrol(user.email);
    harness().clock.advance(60_000);
    const pending = await logInThroughRoute(harness(), { space: 'staff', email: user.email });
    const right = codeAt(secret, harness().clock.now());
    const wrong = right === '123456' ? '654321' : '123456';
    for (let attempt = 0; attempt < 5; attempt += 1) await post('/api/auth/second-factor/verify', pending, { code: wrong });
    expect((await post('/api/auth/second-factor/verify', pending, { code: right })).statusCode).toBe(401);
    await expect(logInThroughRoute(harness(), { space: 'staff', email: user.email })).rejects.toThrow(/401/);
  });
});
