import { describe, expect, it } from 'vitest';
import { buildResident, buildStaff } from '../../test/factories.ts';
import { givePassword, signInAs, type SessionHeaders } from '../../test/login-as.ts';
import { useTestApp } from '../../test/test-app.ts';
import { testConfig } from '../../test/test-config.ts';
import { settlePasswordResetRequests } from '../accounts/password-reset.service.ts';
import { openContent, SECRET_MASK } from '../../notifications/secret-content.ts';
import { buildSignupDwelling, seedPersonalInfo, signupClient, signUpUntilCode } from '../../test/signup-support.ts';

/**
 * No staff role can read a live one-time code: with mail kept in the outbox (no SMTP, the case
 * where every code sits in the database), every back-office GET route of the OpenAPI document
 * is read by each role, for every outbox message and user, and no answer holds a live code.
 */
describe('live codes never reach staff eyes', () => {
  const harness = useTestApp();

  async function sendEveryKindOfCode() {
    const { app, context } = harness();
    const { user: resident } = await buildResident(context.db, { user: { email: 'habitante@example.test' } });
    await givePassword(harness(), resident.id);
    const reset = await app.inject({ method: 'POST', url: '/api/auth/password-reset/request', payload: { space: 'resident', email: resident.email } });
    expect(reset.statusCode).toBe(202);
    const residentSession = await signInAs(harness(), resident);
    const change = await app.inject({ method: 'POST', url: '/api/resident/email-change', headers: residentSession, payload: { newEmail: 'nouvelle@example.test', currentPassword: 'Releve-Compteur-2026' } });
    const { device } = await buildSignupDwelling(context.db);
    await signUpUntilCode(signupClient(app), device.serial_number, seedPersonalInfo({ email: 'inscrit@example.test' }));
    const { user: admin } = await buildStaff(context.db, { staff_role: 'admin' });
    const invited = await app.inject({
      method: 'POST',
      url: '/api/staff/staff-users',
      headers: await signInAs(harness(), admin),
      payload: { email: 'recrue@operator.test', displayName: 'Recrue', role: 'support' },
    });
    expect(invited.statusCode).toBe(201);
    expect(change.statusCode).toBe(202);
    return { userIds: [resident.id, admin.id] };
  }

  it('masks every code and link in the outbox and every back-office view, for every staff role', async () => {
    const { app, context } = harness();
    // Let background deliveries (the reset email) land in the outbox first.
    const { userIds } = await sendEveryKindOfCode();
    await settlePasswordResetRequests();
    const messages = await context.db.selectFrom('outbox_messages').select(['id', 'message_key', 'body_text', 'sealed_content']).execute();
    const liveCodes = messages.flatMap((message) => {
      if (!message.sealed_content) return [];
      const code = /^\s*(\d{6})\s*$/m.exec(openContent(testConfig().acceptedSessionSecrets, message.sealed_content).text)?.[1];
      return code ? [code] : [];
    });
    const kinds = new Set(messages.filter((message) => message.sealed_content).map((message) => message.message_key.split(':')[0]));
    expect([...kinds].sort()).toEqual(['account-invitation', 'email-change-code', 'password-reset', 'signup-code']);
    expect(liveCodes).toHaveLength(4);
    for (const message of messages.filter((row) => row.sealed_content)) expect(message.body_text).toContain(SECRET_MASK);

    const document = app.swagger() as { paths: Record<string, Record<string, unknown>> };
    const staffReads = Object.entries(document.paths).filter(([path, operations]) => path.startsWith('/api/staff/') && 'get' in operations).map(([path]) => path);
    expect(staffReads.length).toBeGreaterThan(10);
    const ids = [...messages.map((message) => message.id), ...userIds];
    const checked: string[] = [];
    for (const role of ['admin', 'support', 'data'] as const) {
      const { user } = await buildStaff(context.db, { staff_role: role });
      const headers: SessionHeaders = await signInAs(harness(), user);
      for (const path of staffReads) {
        const urls = /\{[^}]+\}/.test(path) ? ids.map((id) => path.replace(/\{[^}]+\}/g, id)) : [path, `${path}?search=example`];
        for (const url of urls) {
          const response = await app.inject({ method: 'GET', url, headers });
          checked.push(`${role} ${path}`);
          for (const code of liveCodes) expect(response.body.includes(code), `${role} GET ${url} shows a live code`).toBe(false);
        }
      }
    }
    console.info(`checked ${new Set(checked).size} role × route pairs (${staffReads.length} back-office GET routes × 3 roles): ${staffReads.join(', ')}`);
  }, 120_000);
});
