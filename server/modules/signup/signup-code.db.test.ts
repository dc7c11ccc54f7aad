import { describe, expect, it } from 'vitest';
import { buildResident } from '../../test/factories.ts';
import { startSmtpTestServer } from '../../test/smtp-test-server.ts';
import { createTestApp, useTestApp } from '../../test/test-app.ts';
import { buildSignupDwelling, emailsSentTo, lastCodeSentTo, seedPersonalInfo, signUpUntilCode, signupClient } from '../../test/signup-support.ts';

/** Step 5 and step 6: personal information, the email code, resend, correction, address already in use. */
describe('sign-up email code', () => {
  const harness = useTestApp();
  let emailCount = 0;
  const freshEmail = () => `resident-${++emailCount}@example.test`;

  async function atCodeStep(email = freshEmail()) {
    const { app, context } = harness();
    const { device } = await buildSignupDwelling(context.db);
    const client = signupClient(app);
    const response = await signUpUntilCode(client, device.serial_number, seedPersonalInfo({ email }));
    return { client, email, device, response };
  }
  const verify = (client: ReturnType<typeof signupClient>, code: string) => client.call('POST', '/api/signup/verification', { code });
  const wrongCodeFor = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

  it('mails a 6-digit code, in French, HTML and text', async () => {
    const { email } = await atCodeStep();
    const [message] = await harness().context.db.selectFrom('outbox_messages').selectAll().where('recipient', '=', email).execute();
    expect(message).toMatchObject({ subject: 'Votre code de vérification' });
    // The outbox, which staff read, shows the code masked; the person gets it (sealed until sent).
    expect(message!.body_text).toMatch(/^••••••$/m);
    expect(message!.body_text).not.toMatch(/\d{6}/);
    expect(await lastCodeSentTo(harness().context.db, email)).toMatch(/^\d{6}$/);
    expect(message!.body_html).toContain('lang="fr"');
    expect(message!.body_text).toContain('valable 10 minutes');
  });

  it('refuses a wrong code and says how many tries are left; after 5 wrong tries even the right code needs a new one', async () => {
    const { client, email } = await atCodeStep();
    const code = await lastCodeSentTo(harness().context.db, email);
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      const response = await verify(client, wrongCodeFor(code));
      expect(response.statusCode).toBe(422);
      expect(response.json().error).toMatchObject({ code: 'signup_code_incorrect', details: { remainingTries: 5 - attempt } });
    }
    const locked = await verify(client, code);
    expect(locked.statusCode).toBe(429);
    expect(locked.json().error.code).toBe('signup_code_too_many_tries');

    expect((await client.call('POST', '/api/signup/verification/resend')).statusCode).toBe(204);
    const fresh = await lastCodeSentTo(harness().context.db, email);
    expect((await verify(client, fresh)).statusCode).toBe(200);
  });

  it('a code is valid 10 minutes', async () => {
    const { clock } = harness();
    const { client, email } = await atCodeStep();
    const code = await lastCodeSentTo(harness().context.db, email);
    clock.advance(10 * 60_000);
    try {
      const response = await verify(client, code);
      expect(response.statusCode).toBe(410);
      expect(response.json().error.code).toBe('signup_code_expired');
    } finally {
      clock.set('2026-03-16T09:30:00.000Z');
    }
  });

  it('is bound to its attempt: another sign-up’s code does not work', async () => {
    const first = await atCodeStep();
    const second = await atCodeStep();
    const secondCode = await lastCodeSentTo(harness().context.db, second.email);
    expect((await verify(first.client, secondCode)).json().error.code).toBe('signup_code_incorrect');
  });

  it('« Renvoyer le code » cancels the previous code', async () => {
    const { client, email } = await atCodeStep();
    const first = await lastCodeSentTo(harness().context.db, email);
    await client.call('POST', '/api/signup/verification/resend');
    const second = await lastCodeSentTo(harness().context.db, email);
    if (first !== second) expect((await verify(client, first)).json().error.code).toBe('signup_code_incorrect');
    expect((await verify(client, second)).statusCode).toBe(200);
  });

  it('throttles sending: the 4th send within 60 s gets 429 with Retry-After and sends nothing', async () => {
    const { clock } = harness();
    const { client, email } = await atCodeStep();
    expect((await client.call('POST', '/api/signup/verification/resend')).statusCode).toBe(204);
    clock.advance(20_000);
    expect((await client.call('POST', '/api/signup/verification/resend')).statusCode).toBe(204);
    clock.advance(20_000);
    try {
      const throttled = await client.call('POST', '/api/signup/verification/resend');
      expect(throttled.statusCode).toBe(429);
      expect(throttled.json().error.code).toBe('signup_code_resend_throttled');
      expect(throttled.headers['retry-after']).toBe('20');
      expect(await emailsSentTo(harness().context.db, email)).toHaveLength(3);
      clock.advance(20_001);
      expect((await client.call('POST', '/api/signup/verification/resend')).statusCode).toBe(204);
      expect(await emailsSentTo(harness().context.db, email)).toHaveLength(4);
    } finally {
      clock.set('2026-03-16T09:30:00.000Z');
    }
  });

  it('« Corriger mon adresse email » sends a new code to the new address and cancels the old one', async () => {
    const { client, email } = await atCodeStep();
    const oldCode = await lastCodeSentTo(harness().context.db, email);
    const newEmail = freshEmail();
    const corrected = await client.call('PUT', '/api/signup/email', { email: `  ${newEmail.toUpperCase()} ` });
    expect(corrected.statusCode).toBe(200);
    expect(corrected.json()).toMatchObject({ step: 'verify_email', email: newEmail });
    const newCode = await lastCodeSentTo(harness().context.db, newEmail);
    if (oldCode !== newCode) expect((await verify(client, oldCode)).json().error.code).toBe('signup_code_incorrect');
    expect((await verify(client, newCode)).statusCode).toBe(200);
    const user = await harness().context.db.selectFrom('users').select('email').where('email', '=', newEmail).executeTakeFirst();
    expect(user).toBeDefined();
  });

  it('correcting the address has its own budget: after 3 resends it still works, and past 5 other addresses in an hour it waits, in seconds', async () => {
    const { clock } = harness();
    const { client, email } = await atCodeStep();
    try {
      for (let resend = 0; resend < 2; resend += 1) expect((await client.call('POST', '/api/signup/verification/resend')).statusCode).toBe(204);
      expect((await client.call('POST', '/api/signup/verification/resend')).statusCode).toBe(429);
      const addresses = Array.from({ length: 6 }, () => freshEmail());
      for (const [index, address] of addresses.slice(0, 5).entries()) {
        clock.advance(60_000);
        expect((await client.call('PUT', '/api/signup/email', { email: address })).statusCode, `correction ${index + 1}`).toBe(200);
      }
      // Back to an address already mailed: a resend to it, not a new address.
      expect((await client.call('PUT', '/api/signup/email', { email })).statusCode).toBe(200);
      const refused = await client.call('PUT', '/api/signup/email', { email: addresses[5] });
      expect(refused.statusCode).toBe(429);
      expect(refused.json().error.code).toBe('signup_email_correction_throttled');
      expect(refused.json().error.details.retryAfterSeconds).toBe(60 * 60 - 5 * 60);
      expect(refused.headers['retry-after']).toBe(String(60 * 60 - 5 * 60));
      expect(await emailsSentTo(harness().context.db, addresses[5]!)).toHaveLength(0);
    } finally {
      clock.set('2026-03-16T09:30:00.000Z');
    }
  });

  it('step 5 sent again after « Précédent » with another address counts on the same correction budget', async () => {
    const { clock } = harness();
    const { client } = await atCodeStep();
    try {
      for (let correction = 0; correction < 5; correction += 1) {
        clock.advance(1_000);
        expect((await client.call('PUT', '/api/signup/email', { email: freshEmail() })).statusCode).toBe(200);
      }
      const viaStep5 = await client.call('POST', '/api/signup/personal-info', seedPersonalInfo({ email: freshEmail() }));
      expect(viaStep5.json().error.code).toBe('signup_email_correction_throttled');
    } finally {
      clock.set('2026-03-16T09:30:00.000Z');
    }
  });

  it('refuses a malformed corrected address', async () => {
    const { client } = await atCodeStep();
    expect((await client.call('PUT', '/api/signup/email', { email: 'not-an-address' })).statusCode).toBe(400);
  });

  describe('an address that already has an account', () => {
    it('answers exactly as for a new address, mails the owner a notice, and creates no second account', async () => {
      const { db } = harness().context;
      const used = 'already.used@example.test';
      await buildResident(db, { user: { email: used } });
      const fresh = freshEmail();

      const forUsed = await atCodeStep('Already.Used@Example.test');
      const forNew = await atCodeStep(fresh);
      const comparable = (response: typeof forUsed.response) => ({
        status: response.statusCode,
        body: {
          ...response.json(),
          email: '<typed>',
          answers: { ...response.json().answers, personalInfo: { ...response.json().answers.personalInfo, email: '<typed>' } },
          residence: '<dwelling>',
          dwelling: '<dwelling>',
        },
        headerNames: Object.keys(response.headers).filter((name) => name !== 'date' && name !== 'set-cookie').sort(),
        contentLength: Number(response.headers['content-length']) - JSON.stringify(response.json()).length,
      });
      expect(comparable(forUsed.response)).toEqual(comparable(forNew.response));

      const [notice] = await emailsSentTo(db, used);
      expect(notice!.subject).toBe('Votre inscription au portail résident');
      expect(notice!.body_text).toContain('déjà celle d’un compte');
      expect(notice!.body_text).not.toMatch(/^\d{6}$/m);

      for (const code of ['000000', '123456', '999999']) {
        const response = await verify(forUsed.client, code);
        expect(response.json().error.code).toBe('signup_code_incorrect');
      }
      const accounts = await db.selectFrom('users').select('id').where((eb) => eb(eb.fn('lower', ['email']), '=', used)).execute();
      expect(accounts).toHaveLength(1);

      // Resending behaves the same for both, too.
      expect((await forUsed.client.call('POST', '/api/signup/verification/resend')).statusCode).toBe(204);
      expect(await emailsSentTo(db, used)).toHaveLength(2);
    });

    it('correcting to a used address is checked like a new one', async () => {
      const { db } = harness().context;
      await buildResident(db, { user: { email: 'taken.later@example.test' } });
      const { client } = await atCodeStep();
      expect((await client.call('PUT', '/api/signup/email', { email: 'taken.later@example.test' })).statusCode).toBe(200);
      expect((await emailsSentTo(db, 'taken.later@example.test'))[0]!.message_key).toMatch(/^signup-address-in-use:/);
    });
  });

  describe('step 5 checks', () => {
    async function atPersonalInfoStep() {
      const { app, context } = harness();
      const { device } = await buildSignupDwelling(context.db);
      const client = signupClient(app);
      await client.call('POST', '/api/signup/identify/serial-number', { deviceType: 'unknown', serialNumber: device.serial_number });
      await client.call('POST', '/api/signup/attestation', { isCurrentOccupant: true });
      await client.call('POST', '/api/signup/profile', { isOwner: true, movedInOn: '2024-05-12', councilMember: 'no_answer' });
      await client.call('POST', '/api/signup/options', { notifyLeakByEmail: false, notifyLeakBySms: false, notifyOverconsumption: false, managerMaySeeDaily: false });
      return client;
    }

    it('refuses a number that is not a mobile, and passwords the accounts policy refuses, with their own codes', async () => {
      const client = await atPersonalInfoStep();
      const landline = await client.call('POST', '/api/signup/personal-info', seedPersonalInfo({ email: freshEmail(), mobile: '01 42 68 53 00' }));
      expect(landline.json().error.code).toBe('signup_mobile_invalid');
      const weak = await client.call('POST', '/api/signup/personal-info', seedPersonalInfo({ email: freshEmail(), password: 'motdepasse' }));
      expect(weak.statusCode).toBe(422);
      expect(weak.json().error.code).toBe('password_rules_unmet');
      const personal = await client.call('POST', '/api/signup/personal-info', seedPersonalInfo({ email: freshEmail(), password: 'Marseille-2024!' }));
      expect(personal.json().error.code).toBe('password_contains_personal_info');
      expect((await client.call('GET', '/api/signup')).json().step).toBe('personal_info');
    });

    it('the mobile is optional, and required only when SMS leak notices were chosen at step 4', async () => {
      const client = await atPersonalInfoStep();
      const withoutMobile = await client.call('POST', '/api/signup/personal-info', seedPersonalInfo({ email: freshEmail(), mobile: '' }));
      expect(withoutMobile.statusCode).toBe(200);
      expect(withoutMobile.json().answers.personalInfo.mobile).toBe('');

      const { app, context } = harness();
      const { device } = await buildSignupDwelling(context.db);
      const smsClient = signupClient(app);
      await smsClient.call('POST', '/api/signup/identify/serial-number', { deviceType: 'unknown', serialNumber: device.serial_number });
      await smsClient.call('POST', '/api/signup/attestation', { isCurrentOccupant: true });
      await smsClient.call('POST', '/api/signup/profile', { isOwner: false, movedInOn: '2024-05-12', councilMember: 'no' });
      await smsClient.call('POST', '/api/signup/options', { notifyLeakByEmail: true, notifyLeakBySms: true, notifyOverconsumption: false, managerMaySeeDaily: false });
      const refused = await smsClient.call('POST', '/api/signup/personal-info', seedPersonalInfo({ email: freshEmail(), mobile: '' }));
      expect(refused.statusCode).toBe(422);
      expect(refused.json().error).toMatchObject({ code: 'signup_mobile_required_for_sms', details: { field: 'mobile' } });
    });

    it('requires the privacy consent and refuses fields it does not know', async () => {
      const client = await atPersonalInfoStep();
      const noConsent = await client.call('POST', '/api/signup/personal-info', seedPersonalInfo({ acceptsPrivacyPolicy: false }));
      expect(noConsent.statusCode).toBe(400);
      expect(noConsent.json().error.details.fields).toEqual([expect.objectContaining({ field: 'acceptsPrivacyPolicy' })]);
      const extra = await client.call('POST', '/api/signup/personal-info', { ...seedPersonalInfo(), role: 'staff' });
      expect(extra.statusCode).toBe(400);
    });
  });

  it('delivers the code over SMTP when SMTP_URL is set', async () => {
    const smtp = await startSmtpTestServer();
    const testApp = await createTestApp({ environment: { SMTP_URL: smtp.url } });
    try {
      const { device } = await buildSignupDwelling(testApp.context.db);
      const client = signupClient(testApp.app);
      const arrival = smtp.waitForEmail('smtp.resident@example.test');
      await signUpUntilCode(client, device.serial_number, seedPersonalInfo({ email: 'smtp.resident@example.test' }));
      const email = await arrival;
      expect(email.subject).toBe('Votre code de vérification');
      const code = /^(\d{6})$/m.exec(email.text)![1]!;
      expect(email.html).toContain(code);
      expect((await client.call('POST', '/api/signup/verification', { code })).statusCode).toBe(200);
    } finally {
      await testApp.close();
      await smtp.close();
    }
  });
});
