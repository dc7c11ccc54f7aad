import { beforeAll, describe, expect, it } from 'vitest';
import { buildDwelling, buildManager, buildResidence, buildResident } from '../../test/factories.ts';
import { givePassword, logInThroughRoute, signInAs, TEST_PASSWORD, type SessionHeaders } from '../../test/login-as.ts';
import { useTestAppWithSmtp } from '../../test/test-app.ts';

/** Options, profile, email change (codes over real SMTP) and password change of a resident. */
describe('the resident’s own settings', () => {
  const harness = useTestAppWithSmtp();
  let resident: SessionHeaders;
  let residentId: string;
  let dwellingId: string;
  let manager: SessionHeaders;
  let neighbourEmail: string;

  beforeAll(async () => {
    const testApp = harness();
    const { db } = testApp.context;
    const residence = await buildResidence(db);
    const dwelling = await buildDwelling(db, { residence_id: residence.id });
    dwellingId = dwelling.id;
    const built = await buildResident(db, { dwelling_id: dwelling.id, user: { email: 'camille@example.test' } });
    residentId = built.user.id;
    await givePassword(testApp, residentId);
    resident = await signInAs(testApp, built.user);
    const neighbour = await buildResident(db, { dwelling_id: (await buildDwelling(db, { residence_id: residence.id })).id });
    neighbourEmail = neighbour.user.email;
    manager = await signInAs(testApp, (await buildManager(db, { client_id: residence.client_id, residence_ids: [residence.id] })).user);
  });

  const call = (method: 'GET' | 'PUT' | 'POST', url: string, headers: SessionHeaders, payload?: object) =>
    harness().app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  const auditActions = async () =>
    (await harness().context.db.selectFrom('audit_events').select(['action', 'details']).where('actor_user_id', '=', residentId).orderBy('id').execute());

  it('changes the options at once, refuses SMS notices without a mobile, and audits each change', async () => {
    expect((await call('GET', '/api/resident/options', resident)).json()).toEqual({
      notifyLeakByEmail: true,
      notifyLeakBySms: false,
      notifyOverconsumption: true,
      managerMaySeeDaily: false,
    });
    expect((await call('GET', `/api/manager/dwellings/${dwellingId}/daily`, manager)).statusCode).not.toBe(200);

    const sms = await call('PUT', '/api/resident/options', resident, { notifyLeakByEmail: true, notifyLeakBySms: true, notifyOverconsumption: true, managerMaySeeDaily: false });
    expect(sms.statusCode).toBe(409);
    expect(sms.json().error.code).toBe('resident_mobile_required_for_sms');

    const changed = await call('PUT', '/api/resident/options', resident, { notifyLeakByEmail: false, notifyLeakBySms: false, notifyOverconsumption: false, managerMaySeeDaily: true });
    expect(changed.statusCode).toBe(200);
    expect((await call('GET', '/api/resident/options', resident)).json()).toMatchObject({ notifyLeakByEmail: false, notifyOverconsumption: false, managerMaySeeDaily: true });
    // The manager's access to daily data follows the consent at the next request.
    expect((await call('GET', `/api/manager/dwellings/${dwellingId}/daily`, manager)).statusCode).toBe(200);
    const event = (await auditActions()).findLast((row) => row.action === 'resident.options_changed');
    expect(event?.details).toEqual({ notifyLeakByEmail: false, notifyOverconsumption: false, managerMaySeeDaily: true });

    await call('PUT', '/api/resident/options', resident, { notifyLeakByEmail: true, notifyLeakBySms: false, notifyOverconsumption: true, managerMaySeeDaily: false });
    expect((await call('GET', `/api/manager/dwellings/${dwellingId}/daily`, manager)).statusCode).not.toBe(200);
  });

  const details = { civility: 'monsieur', lastName: 'Martin', firstName: 'Élie', isOwner: false, councilMember: 'no_answer' } as const;

  it('shows and corrects « Propriétaire » and the conseil-syndical answer; the move-in date is shown but not taken', async () => {
    const before = (await call('GET', '/api/resident/profile', resident)).json();
    expect(before).toHaveProperty('isOwner');
    expect(before).toHaveProperty('councilMember');
    expect(before.movedInOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const corrected = await call('PUT', '/api/resident/profile', resident, { ...details, mobile: null, isOwner: !before.isOwner, councilMember: 'yes' });
    expect(corrected.statusCode).toBe(200);
    expect(corrected.json()).toMatchObject({ isOwner: !before.isOwner, councilMember: 'yes', movedInOn: before.movedInOn });
    expect((await auditActions()).findLast((row) => row.action === 'resident.profile_changed')?.details.fields).toContain('isOwner,councilMember');
    const moveInChange = await call('PUT', '/api/resident/profile', resident, { ...details, mobile: null, movedInOn: '2020-01-01' });
    expect(moveInChange.statusCode).toBe(400);
    // As it was, for the tests after this one.
    const { civility, lastName, firstName, mobile, isOwner, councilMember } = before;
    expect((await call('PUT', '/api/resident/profile', resident, { civility, lastName, firstName, mobile, isOwner, councilMember })).statusCode).toBe(200);
  });

  it('changes civilité, names and a mobile normalised like at sign-up, then allows SMS notices', async () => {
    const updated = await call('PUT', '/api/resident/profile', resident, { ...details, mobile: '+33 06 11 54 65 87' });
    expect(updated.statusCode).toBe(200);
    expect(updated.json()).toMatchObject({ civility: 'monsieur', lastName: 'Martin', firstName: 'Élie', mobile: '+33611546587', email: 'camille@example.test' });
    expect((await call('PUT', '/api/resident/profile', resident, { ...details, mobile: '01 45 67 89 10' })).json().error.code).toBe(
      'resident_mobile_invalid',
    );
    expect((await call('PUT', '/api/resident/profile', resident, { ...details, lastName: '', mobile: null })).statusCode).toBe(400);
    const sms = await call('PUT', '/api/resident/options', resident, { notifyLeakByEmail: true, notifyLeakBySms: true, notifyOverconsumption: true, managerMaySeeDaily: false });
    expect(sms.statusCode).toBe(200);
    expect((await auditActions()).findLast((row) => row.action === 'resident.profile_changed')?.details).toEqual({ fields: 'civility,lastName,firstName,mobile' });
    // Taking the mobile away also stops the SMS notices.
    await call('PUT', '/api/resident/profile', resident, { ...details, mobile: null });
    expect((await call('GET', '/api/resident/options', resident)).json().notifyLeakBySms).toBe(false);
  });

  it('changes the email address only with the current password and the code sent to the new address', async () => {
    const { smtp } = harness();
    const wrongPassword = await call('POST', '/api/resident/email-change', resident, { newEmail: 'new@example.test', currentPassword: 'not-the-password' });
    expect(wrongPassword.json().error.code).toBe('current_password_incorrect');
    expect(smtp.received.some((email) => email.to.includes('new@example.test'))).toBe(false);

    const requested = await call('POST', '/api/resident/email-change', resident, { newEmail: 'New@Example.test', currentPassword: TEST_PASSWORD });
    expect(requested.statusCode).toBe(202);
    expect(requested.json()).toMatchObject({ sentTo: 'new@example.test', validMinutes: 10 });
    const codeEmail = await smtp.waitForEmail('new@example.test', { includeEarlier: true });
    const digits = /\b(\d{6})\b/.exec(codeEmail.text)![1]!;

    const wrong = await call('POST', '/api/resident/email-change/confirm', resident, { code: digits === '000000' ? '111111' : '000000' });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().error).toMatchObject({ code: 'email_change_code_incorrect', details: { remainingTries: 4 } });

    const confirmed = await call('POST', '/api/resident/email-change/confirm', resident, { code: digits });
    expect(confirmed.json()).toEqual({ email: 'new@example.test' });
    expect((await call('GET', '/api/resident/profile', resident)).json().email).toBe('new@example.test');
    const notice = smtp.received.find((email) => email.to.includes('camille@example.test') && email.subject === 'Votre adresse email a changé');
    expect(notice?.text).toContain('n***@example.test');
    expect((await call('POST', '/api/resident/email-change/confirm', resident, { code: digits })).json().error.code).toBe('email_change_code_expired');
    await logInThroughRoute(harness(), { space: 'resident', email: 'new@example.test' });
    await expect(harness().app.inject({ method: 'POST', url: '/api/auth/login', payload: { space: 'resident', email: 'camille@example.test', password: TEST_PASSWORD } })).resolves.toMatchObject({ statusCode: 401 });
  });

  it('never lets an address of another account be taken, without telling who has one', async () => {
    const { smtp } = harness();
    const requested = await call('POST', '/api/resident/email-change', resident, { newEmail: neighbourEmail, currentPassword: TEST_PASSWORD });
    expect(requested.statusCode).toBe(202);
    const notice = await smtp.waitForEmail(neighbourEmail, { includeEarlier: true });
    expect(notice.subject).toBe('Votre compte au portail résident');
    expect(notice.text).not.toMatch(/\b\d{6}\b/);
    for (const code of ['123456', '654321']) {
      expect((await call('POST', '/api/resident/email-change/confirm', resident, { code })).json().error.code).toBe('email_change_code_incorrect');
    }
    expect((await call('GET', '/api/resident/profile', resident)).json().email).toBe('new@example.test');
  });

  it('stops a code after five wrong tries and throttles sending, like the sign-up', async () => {
    // Two sends already happened within the minute (above); the third is the last one allowed.
    expect((await call('POST', '/api/resident/email-change', resident, { newEmail: 'third@example.test', currentPassword: TEST_PASSWORD })).statusCode).toBe(202);
    for (let attempt = 0; attempt < 5; attempt += 1) await call('POST', '/api/resident/email-change/confirm', resident, { code: '000000' });
    const digits = /\b(\d{6})\b/.exec((await harness().smtp.waitForEmail('third@example.test', { includeEarlier: true })).text)![1]!;
    expect((await call('POST', '/api/resident/email-change/confirm', resident, { code: digits })).json().error.code).toBe('email_change_code_too_many_tries');
    const throttled = await call('POST', '/api/resident/email-change', resident, { newEmail: 'fourth@example.test', currentPassword: TEST_PASSWORD });
    expect(throttled.statusCode).toBe(429);
    expect(throttled.json().error.code).toBe('email_change_resend_throttled');
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);
    harness().clock.advance(61_000);
    expect((await call('POST', '/api/resident/email-change', resident, { newEmail: 'fourth@example.test', currentPassword: TEST_PASSWORD })).statusCode).toBe(202);
  });

  it('ends the resident’s other sessions when the password changes', async () => {
    const testApp = harness();
    const other = await logInThroughRoute(testApp, { space: 'resident', email: 'new@example.test' });
    expect((await call('GET', '/api/resident/profile', other)).statusCode).toBe(200);
    const changed = await call('POST', '/api/account/password', resident, { currentPassword: TEST_PASSWORD, newPassword: 'Nouveau-Chemin-Vert-2027' });
    expect(changed.statusCode).toBe(204);
    expect((await call('GET', '/api/resident/profile', other)).statusCode).toBe(401);
    const renewed = changed.cookies.find((cookie) => cookie.value !== '')!;
    expect((await call('GET', '/api/resident/profile', { ...resident, cookie: `${renewed.name}=${renewed.value}` })).statusCode).toBe(200);
    expect((await call('GET', '/api/resident/profile', resident)).statusCode).toBe(401);
  });
});
