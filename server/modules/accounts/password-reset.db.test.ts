import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildManager, buildResident } from '../../test/factories.ts';
import { givePassword, logInThroughRoute, signInAs } from '../../test/login-as.ts';
import { startSmtpTestServer, type SmtpTestServer } from '../../test/smtp-test-server.ts';
import { createTestApp, TEST_NOW, type TestApp } from '../../test/test-app.ts';
import { isOnPostgres } from '../../test/test-database.ts';
import { passwordResetLimits, settlePasswordResetRequests } from './password-reset.service.ts';

const NEW_PASSWORD = 'Robinet-Bleu-7319';

describe('forgotten password', () => {
  let smtp: SmtpTestServer;
  let testApp: TestApp;
  beforeAll(async () => {
    smtp = await startSmtpTestServer();
    testApp = await createTestApp({ environment: { SMTP_URL: smtp.url } });
  });
  afterAll(async () => {
    await testApp.close();
    await smtp.close();
  });

  /** Asks for a code, and waits until the portal has handled the request (which happens after its answer). */
  const requestCode = async (email: string, space = 'resident') => {
    const response = await testApp.app.inject({ method: 'POST', url: '/api/auth/password-reset/request', payload: { space, email } });
    await settlePasswordResetRequests();
    return response;
  };
  const confirm = (email: string, code: string, newPassword = NEW_PASSWORD, space = 'resident') =>
    testApp.app.inject({ method: 'POST', url: '/api/auth/password-reset/confirm', payload: { space, email, code, newPassword } });

  /** Asks for a code and reads it from the email, as the person would. */
  async function emailedCode(email: string, space = 'resident'): Promise<string> {
    const arriving = smtp.waitForEmail(email);
    expect((await requestCode(email, space)).statusCode).toBe(202);
    const message = await arriving;
    const code = /\b(\d{6})\b/.exec(message.text)?.[1];
    if (!code) throw new Error('no code in the email');
    return code;
  }

  async function residentWithPassword() {
    const { user } = await buildResident(testApp.context.db);
    await givePassword(testApp, user.id);
    return user;
  }

  const wrongCode = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

  it('emails a 6-digit code that sets a new password, ends every session, and is audited without the code', async () => {
    testApp.clock.set(TEST_NOW);
    const user = await residentWithPassword();
    const otherBrowser = await signInAs(testApp, user);
    const code = await emailedCode(user.email);
    const response = await confirm(user.email, code);
    expect(response.statusCode).toBe(204);
    expect((await testApp.app.inject({ method: 'GET', url: '/api/auth/me', headers: otherBrowser })).json().user).toBeNull();
    await expect(logInThroughRoute(testApp, { space: 'resident', email: user.email })).rejects.toThrow(/401/);
    await logInThroughRoute(testApp, { space: 'resident', email: user.email, password: NEW_PASSWORD });

    const stored = await testApp.context.db.selectFrom('password_reset_codes').select('code_hash').where('user_id', '=', user.id).executeTakeFirstOrThrow();
    expect(stored.code_hash.toString('hex')).not.toContain(Buffer.from(code).toString('hex'));
    const audit = JSON.stringify(await testApp.context.db.selectFrom('audit_events').selectAll().where('actor_user_id', '=', user.id).execute());
    expect(audit).toContain('auth.password_reset');
    expect(audit).not.toContain(code);
    expect(audit).not.toContain(NEW_PASSWORD);
  });

  it('answers an unknown address exactly like a known one, and sends nothing', async () => {
    const user = await residentWithPassword();
    const known = await requestCode(user.email);
    const unknown = await requestCode('personne@example.test');
    expect(unknown.statusCode).toBe(known.statusCode);
    expect(unknown.body).toBe(known.body);
    const outbox = await testApp.context.db.selectFrom('outbox_messages').select('id').where('recipient', '=', 'personne@example.test').execute();
    expect(outbox).toHaveLength(0);
  });

  it('is valid 10 minutes only', async () => {
    testApp.clock.set(TEST_NOW);
    const user = await residentWithPassword();
    const code = await emailedCode(user.email);
    testApp.clock.advance(passwordResetLimits.lifetimeMs);
    const response = await confirm(user.email, code);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('reset_code_invalid');
  });

  it('works once only', async () => {
    testApp.clock.set(TEST_NOW);
    const user = await residentWithPassword();
    const code = await emailedCode(user.email);
    expect((await confirm(user.email, code)).statusCode).toBe(204);
    expect((await confirm(user.email, code, 'Autre-Robinet-8420')).statusCode).toBe(400);
  });

  it('stops working after 5 wrong tries, even with the right code', async () => {
    testApp.clock.set(TEST_NOW);
    const user = await residentWithPassword();
    const code = await emailedCode(user.email);
    for (let attempt = 0; attempt < passwordResetLimits.maxWrongAttempts; attempt += 1) {
      expect((await confirm(user.email, wrongCode(code))).statusCode).toBe(400);
    }
    expect((await confirm(user.email, code)).statusCode).toBe(400);
  });

  it('throttles resending: nothing new within a minute, then a new code that replaces the old one', async () => {
    testApp.clock.set(TEST_NOW);
    const user = await residentWithPassword();
    const first = await emailedCode(user.email);
    expect((await requestCode(user.email)).statusCode).toBe(202);
    const countEmails = async () =>
      (await testApp.context.db.selectFrom('outbox_messages').select('id').where('recipient', '=', user.email).execute()).length;
    expect(await countEmails()).toBe(1);
    testApp.clock.advance(passwordResetLimits.resendAfterMs);
    const second = await emailedCode(user.email);
    expect(await countEmails()).toBe(2);
    if (second !== first) expect((await confirm(user.email, first)).statusCode).toBe(400);
    expect((await confirm(user.email, second)).statusCode).toBe(204);
  });

  it('sends at most 5 codes an hour', async () => {
    testApp.clock.set(TEST_NOW);
    const user = await residentWithPassword();
    for (let sent = 0; sent < passwordResetLimits.maxSendsPerHour; sent += 1) {
      await emailedCode(user.email);
      testApp.clock.advance(passwordResetLimits.resendAfterMs);
    }
    expect((await requestCode(user.email)).statusCode).toBe(202);
    const emails = await testApp.context.db.selectFrom('outbox_messages').select('id').where('recipient', '=', user.email).execute();
    expect(emails).toHaveLength(passwordResetLimits.maxSendsPerHour);
  });

  it('refuses a weak new password without using the code up', async () => {
    testApp.clock.set(TEST_NOW);
    const { user } = await buildManager(testApp.context.db);
    await givePassword(testApp, user.id);
    const code = await emailedCode(user.email, 'manager');
    const tooCommon = await confirm(user.email, code, 'Azertyuiop123!', 'manager');
    expect(tooCommon.statusCode).toBe(422);
    expect(tooCommon.json().error.code).toBe('password_too_common');
    const tooShort = await confirm(user.email, code, 'Court1!', 'manager');
    expect(tooShort.json().error.code).toBe('password_rules_unmet');
    expect((await confirm(user.email, code, NEW_PASSWORD, 'manager')).statusCode).toBe(204);
  });

  it.runIf(isOnPostgres())('8 parallel submissions of the right code: exactly one succeeds', async () => {
    testApp.clock.set(TEST_NOW);
    const user = await residentWithPassword();
    const code = await emailedCode(user.email);
    const responses = await Promise.all(Array.from({ length: 8 }, () => confirm(user.email, code)));
    expect(responses.map((response) => response.statusCode).sort()).toEqual([204, 400, 400, 400, 400, 400, 400, 400]);
  });

  it.runIf(isOnPostgres())('50 parallel wrong codes: the counter holds at 5', async () => {
    testApp.clock.set(TEST_NOW);
    const user = await residentWithPassword();
    const code = await emailedCode(user.email);
    const responses = await Promise.all(Array.from({ length: 50 }, () => confirm(user.email, wrongCode(code))));
    expect(new Set(responses.map((response) => `${response.statusCode} ${response.json().error.code}`))).toEqual(new Set(['400 reset_code_invalid']));
    const row = await testApp.context.db.selectFrom('password_reset_codes').select('failed_attempts').where('user_id', '=', user.id).executeTakeFirstOrThrow();
    expect(row.failed_attempts).toBe(passwordResetLimits.maxWrongAttempts);
    // Each try is reserved before the comparison: only 5 codes were compared at all.
    const failures = await testApp.context.db.selectFrom('audit_events').select('details').where('action', '=', 'auth.password_reset_failed').where('actor_user_id', '=', user.id).execute();
    const compared = failures.filter((failure) => failure.details.reason === 'wrong_code').length;
    console.info(`reset code: ${compared} of 50 parallel wrong codes compared`);
    expect(compared).toBe(passwordResetLimits.maxWrongAttempts);
    expect((await confirm(user.email, code)).statusCode).toBe(400);
  });
});
