import { describe, expect, it } from 'vitest';
import { buildDevice, buildDwelling, buildResidence, buildResident } from '../../test/factories.ts';
import { givePassword, signInAs, TEST_PASSWORD } from '../../test/login-as.ts';
import { useTestApp } from '../../test/test-app.ts';
import {
  buildSignupDwelling,
  emailsSentTo,
  lastCodeSentTo,
  seedOptions,
  seedPersonalInfo,
  seedProfile,
  signUpUntilCode,
  signupClient,
} from '../../test/signup-support.ts';

describe('sign-up flow', () => {
  const harness = useTestApp();

  it('signs up the seed example by its cold-water meter: no account until the code, then account and occupancy together', async () => {
    const { app, context } = harness();
    const { residence, device } = await buildSignupDwelling(context.db, {
      serialNumber: '542361524',
      residence: { building_code: '50001369', street: 'RUE DE LA GARNISON BATIMENT D', postal_code: '34300', city: 'LE CAP D AGDE' },
    });
    const client = signupClient(app);

    const identified = await client.call('POST', '/api/signup/identify/serial-number', { deviceType: 'cold_water', serialNumber: '542 361 524' });
    expect(identified.statusCode).toBe(200);
    const identifiedCookie = identified.cookies.find((cookie) => cookie.name === 'signup_attempt');
    expect(identifiedCookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api/signup' });
    expect(identified.json()).toMatchObject({
      step: 'attest',
      residence: { name: null, buildingCode: '50001369', address: 'RUE DE LA GARNISON BATIMENT D, 34300 LE CAP D AGDE' },
      email: null,
    });

    expect((await client.call('POST', '/api/signup/attestation', { isCurrentOccupant: true })).json().step).toBe('profile');
    expect((await client.call('POST', '/api/signup/profile', seedProfile)).json().step).toBe('options');
    expect((await client.call('POST', '/api/signup/options', seedOptions)).json().step).toBe('personal_info');
    const personal = await client.call('POST', '/api/signup/personal-info', seedPersonalInfo());
    expect(personal.statusCode).toBe(200);
    expect(personal.json()).toMatchObject({ step: 'verify_email', email: 'marcialemars@gmail.com' });

    const usersBefore = await context.db.selectFrom('users').select('id').where('dwelling_id', '=', device.dwelling_id).execute();
    expect(usersBefore).toHaveLength(0);

    const code = await lastCodeSentTo(context.db, 'marcialemars@gmail.com');
    const verified = await client.call('POST', '/api/signup/verification', { code: `${code.slice(0, 3)} ${code.slice(3)}` });
    expect(verified.statusCode).toBe(200);
    expect(verified.json().step).toBe('completed');

    const account = await context.db
      .selectFrom('users')
      .innerJoin('resident_profiles', 'resident_profiles.user_id', 'users.id')
      .selectAll()
      .where('users.dwelling_id', '=', device.dwelling_id)
      .executeTakeFirstOrThrow();
    expect(account).toMatchObject({
      role: 'resident',
      email: 'marcialemars@gmail.com',
      residence_id: residence.id,
      civility: 'madame',
      last_name: 'Marciale',
      first_name: 'Marseille',
      mobile_e164: '+33611546587',
      is_owner: false,
      council_member: 'no',
      notify_leak_by_email: true,
      notify_leak_by_sms: true,
      notify_overconsumption: false,
      manager_may_see_daily: true,
      moved_in_on: '2024-05-12',
      privacy_policy_version: '2026-11',
      newsletter_consent_at: null,
      newsletter_policy_version: null,
    });
    expect(account.privacy_consent_at.toISOString()).toBe('2026-03-16T09:30:00.000Z');
    expect(account.password_hash).toMatch(/^\$argon2id\$/);
    const audit = await context.db.selectFrom('audit_events').selectAll().where('action', '=', 'signup.account_created').executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ actor_user_id: account.user_id, target_type: 'dwelling', target_id: device.dwelling_id });

    // The flow is over: the cookie is cleared and the same code cannot be used again.
    expect(verified.cookies.find((cookie) => cookie.name === 'signup_attempt')?.value).toBe('');
    const replay = await app.inject({
      method: 'POST',
      url: '/api/signup/verification',
      payload: { code },
      headers: { cookie: `signup_attempt=${identifiedCookie!.value}` },
    });
    expect(replay.statusCode).toBe(409);
  });

  it('stores the newsletter consent with its date and version when given', async () => {
    const { app, context } = harness();
    const { device } = await buildSignupDwelling(context.db);
    const client = signupClient(app);
    await signUpUntilCode(client, device.serial_number, seedPersonalInfo({ email: 'news@example.test', subscribesNewsletter: true, mobile: '+44 7911 123456' }));
    await client.call('POST', '/api/signup/verification', { code: await lastCodeSentTo(context.db, 'news@example.test') });
    const profile = await context.db
      .selectFrom('resident_profiles')
      .innerJoin('users', 'users.id', 'resident_profiles.user_id')
      .select(['newsletter_consent_at', 'newsletter_policy_version', 'mobile_e164'])
      .where('users.email', '=', 'news@example.test')
      .executeTakeFirstOrThrow();
    expect(profile.newsletter_policy_version).toBe('2026-11');
    expect(profile.newsletter_consent_at?.toISOString()).toBe('2026-03-16T09:30:00.000Z');
    expect(profile.mobile_e164).toBe('+447911123456');
  });

  describe('step 1 refusals, each with its own code', () => {
    const identify = (serialNumber: string, deviceType = 'unknown', ip?: string) =>
      signupClient(harness().app, { ip }).call('POST', '/api/signup/identify/serial-number', { deviceType, serialNumber });

    it('an unknown number', async () => {
      const response = await identify('999 999 999');
      expect(response.statusCode).toBe(404);
      expect(response.json().error).toMatchObject({ code: 'signup_serial_number_unknown' });
      expect(response.json().error.message).toContain('code immeuble ista');
    });

    it('a device that was removed is no longer a way in', async () => {
      const { device } = await buildSignupDwelling(harness().context.db);
      await harness().context.db.updateTable('devices').set({ removed_on: '2026-01-01' }).where('id', '=', device.id).execute();
      expect((await identify(device.serial_number)).json().error.code).toBe('signup_serial_number_unknown');
    });

    it('a type that does not match the device found, said plainly', async () => {
      const { device } = await buildSignupDwelling(harness().context.db);
      const response = await identify(device.serial_number, 'hot_water');
      expect(response.statusCode).toBe(422);
      expect(response.json().error).toMatchObject({ code: 'signup_device_type_mismatch', details: { chosenType: 'hot_water', foundType: 'cold_water' } });
      expect((await identify(device.serial_number, 'cold_water')).statusCode).toBe(200);
    });

    it('heating covers both heat cost allocators and heat meters', async () => {
      const { db } = harness().context;
      const allocator = await buildDevice(db, { kind: 'heat_cost_allocator' });
      const meter = await buildDevice(db, { kind: 'heat_meter' });
      expect((await identify(allocator.serial_number, 'heating')).statusCode).toBe(200);
      expect((await identify(meter.serial_number, 'heating')).statusCode).toBe(200);
    });

    it('the manager has not booked « Portail résident »', async () => {
      const { device } = await buildSignupDwelling(harness().context.db, { residence: { withoutResidentPortal: true } });
      const response = await identify(device.serial_number);
      expect(response.statusCode).toBe(403);
      expect(response.json().error.code).toBe('signup_resident_portal_not_booked');
      expect(response.json().error.message).toContain('« Portail résident »');
    });

    it('a contract that has ended no longer covers the portal', async () => {
      const { db } = harness().context;
      const { residence, device } = await buildSignupDwelling(db);
      await db.updateTable('contracts').set({ ends_on: '2026-03-15' }).where('id', '=', residence.contract_id).execute();
      expect((await identify(device.serial_number)).json().error.code).toBe('signup_resident_portal_not_booked');
    });

    it('data not yet published: « Portail en cours de construction », no attempt started', async () => {
      const { device } = await buildSignupDwelling(harness().context.db, { residence: { published_at: null } });
      const response = await identify(device.serial_number);
      expect(response.statusCode).toBe(403);
      expect(response.json().error.code).toBe('signup_portal_under_construction');
      expect(response.json().error.message).toMatch(/^Portail en cours de construction/);
      expect(response.cookies.find((cookie) => cookie.name === 'signup_attempt')).toBeUndefined();
    });

    it('the dwelling already has an account, with the way to assistance', async () => {
      const { db } = harness().context;
      const { device } = await buildSignupDwelling(db);
      await buildResident(db, { dwelling_id: device.dwelling_id });
      const response = await identify(device.serial_number);
      expect(response.statusCode).toBe(409);
      expect(response.json().error.code).toBe('signup_dwelling_already_registered');
      expect(response.json().error.message).toContain("contactez l'assistance");
    });

    it('a dwelling whose previous account was closed can sign up again', async () => {
      const { db } = harness().context;
      const { device } = await buildSignupDwelling(db);
      await buildResident(db, { dwelling_id: device.dwelling_id, user: { closed_at: '2026-02-01T00:00:00Z' } });
      expect((await identify(device.serial_number)).statusCode).toBe(200);
    });

    it('malformed numbers are refused before any look-up', async () => {
      for (const serialNumber of ['54236152', '5423615245', '54236152a', '', '542-361-524']) {
        const response = await identify(serialNumber);
        expect(response.statusCode, serialNumber).toBe(400);
        expect(response.json().error.details.fields[0].field).toBe('serialNumber');
      }
    });
  });

  describe('dwelling look-ups are limited per client address and logged', () => {
    it('the 21st look-up within 15 minutes from one address gets 429 with Retry-After; X-Forwarded-For does not help', async () => {
      const { app, context } = harness();
      const { device } = await buildSignupDwelling(context.db);
      const lookUp = (serialNumber: string, headers: Record<string, string> = {}) =>
        app.inject({
          method: 'POST',
          url: '/api/signup/identify/serial-number',
          payload: { deviceType: 'unknown', serialNumber },
          remoteAddress: '203.0.113.7',
          headers,
        });
      for (let index = 0; index < 20; index += 1) {
        expect((await lookUp(String(100_000_000 + index))).statusCode).toBe(404);
      }
      const limited = await lookUp(device.serial_number, { 'x-forwarded-for': '198.18.0.1' });
      expect(limited.statusCode).toBe(429);
      expect(limited.json().error.code).toBe('rate_limited');
      expect(Number(limited.headers['retry-after'])).toBe(900);

      const fromElsewhere = await app.inject({
        method: 'POST',
        url: '/api/signup/identify/serial-number',
        payload: { deviceType: 'unknown', serialNumber: device.serial_number },
        remoteAddress: '203.0.113.8',
      });
      expect(fromElsewhere.statusCode).toBe(200);

      const log = await context.db.selectFrom('signup_lookups').selectAll().where('client_address', '=', '203.0.113.7').execute();
      expect(log).toHaveLength(21);
      expect(log.filter((row) => row.outcome === 'signup_serial_number_unknown')).toHaveLength(20);
      expect(log.filter((row) => row.outcome === 'rate_limited')).toHaveLength(1);
      expect(log.every((row) => row.method === 'serial_number' && row.input_digest.length === 32)).toBe(true);
      expect(JSON.stringify(log)).not.toContain('100000000');
    });
  });

  describe('the building-code way (devices without a 9-digit serial number)', () => {
    it('checks the building code, then identifies the dwelling by its reference', async () => {
      const { app, context } = harness();
      const residence = await buildResidence(context.db, { name: 'Les Tilleuls' });
      const dwelling = await buildDwelling(context.db, { residence_id: residence.id });
      await buildDevice(context.db, { dwelling_id: dwelling.id, manufacturer: 'ITRON', serial_number: 'ITR-14A0077321' });
      const client = signupClient(app);

      const checked = await client.call('POST', '/api/signup/identify/building-code', { buildingCode: residence.building_code });
      expect(checked.statusCode).toBe(200);
      expect(checked.json()).toEqual({ residence: { name: 'Les Tilleuls', buildingCode: residence.building_code, address: '12 RUE DES TESTS, 75011 PARIS' } });

      const reference = `${dwelling.reference.slice(0, 5).toLowerCase()} ${dwelling.reference.slice(5)}`;
      const identified = await client.call('POST', '/api/signup/identify/dwelling-reference', { buildingCode: residence.building_code, dwellingReference: reference });
      expect(identified.statusCode).toBe(200);
      expect(identified.json()).toMatchObject({ step: 'attest', dwelling: { dwellingCode: dwelling.dwelling_code } });
    });

    it('refuses an unknown building code, an unknown reference, and a reference from another building', async () => {
      const { app, context } = harness();
      const client = signupClient(app);
      const residence = await buildResidence(context.db);
      const otherDwelling = await buildDwelling(context.db);
      expect((await client.call('POST', '/api/signup/identify/building-code', { buildingCode: '99999999' })).json().error.code).toBe('signup_building_code_unknown');
      const byReference = (dwellingReference: string, buildingCode = residence.building_code) =>
        client.call('POST', '/api/signup/identify/dwelling-reference', { buildingCode, dwellingReference });
      expect((await byReference('ZZZZZZZZZZ')).json().error.code).toBe('signup_dwelling_reference_unknown');
      expect((await byReference(otherDwelling.reference)).json().error.code).toBe('signup_dwelling_reference_unknown');
      expect((await byReference(otherDwelling.reference, '99999999')).json().error.code).toBe('signup_building_code_unknown');
    });

    it('gives the residence refusals on the building code already', async () => {
      const { app, context } = harness();
      const client = signupClient(app);
      const unpublished = await buildResidence(context.db, { published_at: null });
      const unbooked = await buildResidence(context.db, { withoutResidentPortal: true });
      const check = (buildingCode: string) => client.call('POST', '/api/signup/identify/building-code', { buildingCode });
      expect((await check(unpublished.building_code)).json().error.code).toBe('signup_portal_under_construction');
      expect((await check(unbooked.building_code)).json().error.code).toBe('signup_resident_portal_not_booked');
    });
  });

  describe('steps happen in order', () => {
    it('refuses every step without an attempt, or with a forged token', async () => {
      const { app } = harness();
      for (const token of [undefined, 'forged-token']) {
        const response = await app.inject({
          method: 'POST',
          url: '/api/signup/profile',
          payload: seedProfile,
          headers: token ? { cookie: `signup_attempt=${token}` } : {},
        });
        expect(response.statusCode).toBe(409);
        expect(response.json().error.code).toBe('signup_not_started');
      }
    });

    it('refuses skipping ahead and replaying a step', async () => {
      const { app, context } = harness();
      const { device } = await buildSignupDwelling(context.db);
      const client = signupClient(app);
      await client.call('POST', '/api/signup/identify/serial-number', { deviceType: 'unknown', serialNumber: device.serial_number });

      for (const [url, payload] of [
        ['/api/signup/profile', seedProfile],
        ['/api/signup/options', seedOptions],
        ['/api/signup/personal-info', seedPersonalInfo({ email: 'skip@example.test' })],
        ['/api/signup/verification', { code: '123456' }],
        ['/api/signup/verification/resend', undefined],
      ] as const) {
        const response = await client.call('POST', url, payload);
        expect(response.statusCode, url).toBe(409);
        expect(response.json().error).toMatchObject({ code: 'signup_step_out_of_order', details: { currentStep: 'attest' } });
      }
      expect(await emailsSentTo(context.db, 'skip@example.test')).toHaveLength(0);

      expect((await client.call('POST', '/api/signup/attestation', { isCurrentOccupant: true })).statusCode).toBe(200);
      const skipped = await client.call('POST', '/api/signup/options', seedOptions);
      expect(skipped.json().error).toMatchObject({ code: 'signup_step_out_of_order', details: { currentStep: 'profile' } });
      const state = await client.call('GET', '/api/signup');
      expect(state.json().step).toBe('profile');
    });

    it('« Précédent »: a passed step submitted again carries on from there, with the answers kept but the password and the code dropped', async () => {
      const { app, context } = harness();
      const { device } = await buildSignupDwelling(context.db);
      const client = signupClient(app);
      await signUpUntilCode(client, device.serial_number, seedPersonalInfo({ email: 'back@example.test' }));
      const firstCode = await lastCodeSentTo(context.db, 'back@example.test');

      const atCode = (await client.call('GET', '/api/signup')).json();
      expect(atCode.answers).toEqual({
        profile: seedProfile,
        options: seedOptions,
        personalInfo: {
          civility: 'madame',
          lastName: 'Marciale',
          firstName: 'Marseille',
          mobile: '+33611546587',
          email: 'back@example.test',
          acceptsPrivacyPolicy: true,
          subscribesNewsletter: false,
        },
      });
      expect(JSON.stringify(atCode)).not.toMatch(/password/i);

      // Back to step 3: the date is corrected; the steps after it are done again.
      const corrected = await client.call('POST', '/api/signup/profile', { ...seedProfile, movedInOn: '2024-06-01' });
      expect(corrected.statusCode).toBe(200);
      expect(corrected.json()).toMatchObject({ step: 'options', answers: { profile: { movedInOn: '2024-06-01' }, options: seedOptions } });
      const attempt = await context.db.selectFrom('signup_attempts').select(['password_hash']).where('email', '=', 'back@example.test').executeTakeFirstOrThrow();
      expect(attempt.password_hash).toBeNull();
      expect((await client.call('POST', '/api/signup/verification', { code: firstCode })).json().error.code).toBe('signup_step_out_of_order');
      expect((await client.call('POST', '/api/signup/personal-info', seedPersonalInfo({ email: 'back@example.test' }))).json().error.code).toBe(
        'signup_step_out_of_order',
      );

      expect((await client.call('POST', '/api/signup/options', seedOptions)).statusCode).toBe(200);
      expect((await client.call('POST', '/api/signup/personal-info', seedPersonalInfo({ email: 'back@example.test' }))).statusCode).toBe(200);
      const secondCode = await lastCodeSentTo(context.db, 'back@example.test');
      expect((await client.call('POST', '/api/signup/verification', { code: secondCode })).statusCode).toBe(200);
      const profile = await context.db
        .selectFrom('resident_profiles')
        .innerJoin('users', 'users.id', 'resident_profiles.user_id')
        .select('moved_in_on')
        .where('users.email', '=', 'back@example.test')
        .executeTakeFirstOrThrow();
      expect(profile.moved_in_on).toBe('2024-06-01');
      // Once the account exists, no step can be submitted again.
      const fresh = signupClient(app);
      expect((await fresh.call('GET', '/api/signup')).statusCode).toBe(204);
    });

    it('« Ce n’est pas mon logement » ends the attempt: back to step 1', async () => {
      const { app, context } = harness();
      const { device } = await buildSignupDwelling(context.db);
      const client = signupClient(app);
      await client.call('POST', '/api/signup/identify/serial-number', { deviceType: 'unknown', serialNumber: device.serial_number });
      const token = client.token;
      expect((await client.call('DELETE', '/api/signup')).statusCode).toBe(204);
      const after = await app.inject({ method: 'POST', url: '/api/signup/attestation', payload: { isCurrentOccupant: true }, headers: { cookie: `signup_attempt=${token}` } });
      expect(after.json().error.code).toBe('signup_not_started');
      expect((await client.call('GET', '/api/signup')).statusCode).toBe(204);
    });

    it('an attempt expires two hours after it started', async () => {
      const { app, context, clock } = harness();
      const { device } = await buildSignupDwelling(context.db);
      const client = signupClient(app);
      await client.call('POST', '/api/signup/identify/serial-number', { deviceType: 'unknown', serialNumber: device.serial_number });
      clock.advance(2 * 60 * 60_000 + 1);
      try {
        expect((await client.call('POST', '/api/signup/attestation', { isCurrentOccupant: true })).json().error.code).toBe('signup_not_started');
      } finally {
        clock.set('2026-03-16T09:30:00.000Z');
      }
    });

    it('refuses an attestation that is not a yes', async () => {
      const { app, context } = harness();
      const { device } = await buildSignupDwelling(context.db);
      const client = signupClient(app);
      await client.call('POST', '/api/signup/identify/serial-number', { deviceType: 'unknown', serialNumber: device.serial_number });
      expect((await client.call('POST', '/api/signup/attestation', { isCurrentOccupant: false })).statusCode).toBe(400);
      expect((await client.call('GET', '/api/signup')).json().step).toBe('attest');
    });
  });

  describe('step 3: the move-in date', () => {
    async function atProfileStep(dwellingSetup?: (dwellingId: string) => Promise<void>) {
      const { app, context } = harness();
      const { device } = await buildSignupDwelling(context.db);
      await dwellingSetup?.(device.dwelling_id);
      const client = signupClient(app);
      await client.call('POST', '/api/signup/identify/serial-number', { deviceType: 'unknown', serialNumber: device.serial_number });
      await client.call('POST', '/api/signup/attestation', { isCurrentOccupant: true });
      return (movedInOn: string) => client.call('POST', '/api/signup/profile', { ...seedProfile, movedInOn });
    }

    it('cannot be in the future (today in the residence’s zone is allowed)', async () => {
      const submit = await atProfileStep();
      const future = await submit('2026-03-17');
      expect(future.statusCode).toBe(422);
      expect(future.json().error).toMatchObject({ code: 'signup_move_in_date_in_future', details: { latestDay: '2026-03-16' } });
      expect((await submit('2026-03-16')).statusCode).toBe(200);
    });

    it('cannot be before a change of occupant recorded by the operator or the manager', async () => {
      const { db } = harness().context;
      const submit = await atProfileStep(async (dwellingId) => {
        const dwelling = await db.selectFrom('dwellings').select('residence_id').where('id', '=', dwellingId).executeTakeFirstOrThrow();
        await db.insertInto('occupant_changes').values({ residence_id: dwelling.residence_id, dwelling_id: dwellingId, changed_on: '2025-09-01' }).execute();
      });
      const before = await submit('2025-08-31');
      expect(before.statusCode).toBe(422);
      expect(before.json().error).toMatchObject({ code: 'signup_move_in_date_before_occupant_change', details: { earliestDay: '2025-09-01' } });
      expect((await submit('2025-09-01')).statusCode).toBe(200);
    });

    it('cannot be before a previous account’s move-out or closure', async () => {
      const { db } = harness().context;
      const submitAfterMoveOut = await atProfileStep(async (dwellingId) => {
        await buildResident(db, { dwelling_id: dwellingId, user: { closed_at: '2026-01-10T08:00:00Z' }, profile: { moved_out_on: '2025-12-20' } });
      });
      expect((await submitAfterMoveOut('2025-12-31')).json().error.code).toBe('signup_move_in_date_before_occupant_change');
      expect((await submitAfterMoveOut('2026-01-10')).statusCode).toBe(200);
    });

    it('may be the handover day: the day the previous account was deleted, or the last day of a declared move-out', async () => {
      const testApp = harness();
      const { db } = testApp.context;
      const submit = await atProfileStep(async (dwellingId) => {
        const previous = (await buildResident(db, { dwelling_id: dwellingId, profile: { moved_in_on: '2024-01-01' } })).user;
        await givePassword(testApp, previous.id);
        const session = await signInAs(testApp, { id: previous.id, role: 'resident' });
        const deleted = await testApp.app.inject({ method: 'DELETE', url: '/api/resident/account', headers: session, payload: { currentPassword: TEST_PASSWORD } });
        expect(deleted.statusCode).toBe(204);
      });

      const dayBefore = await submit('2026-03-15');
      expect(dayBefore.json().error).toMatchObject({ code: 'signup_move_in_date_before_occupant_change', details: { earliestDay: '2026-03-16' } });
      expect((await submit('2026-03-16')).statusCode).toBe(200);

      const submitAfterMoveOut = await atProfileStep(async (dwellingId) => {
        const built = await buildResident(db, { dwelling_id: dwellingId, user: { closed_at: '2026-03-10T23:00:00Z' }, profile: { moved_out_on: '2026-03-10' } });
        const dwelling = await db.selectFrom('dwellings').select('residence_id').where('id', '=', dwellingId).executeTakeFirstOrThrow();
        await db.insertInto('occupant_changes').values({ residence_id: dwelling.residence_id, dwelling_id: dwellingId, changed_on: '2026-03-11', recorded_by_user_id: built.user.id }).execute();
      });
      expect((await submitAfterMoveOut('2026-03-09')).json().error.details.earliestDay).toBe('2026-03-10');
      expect((await submitAfterMoveOut('2026-03-10')).statusCode).toBe(200);
    });

    it('refuses dates that are not calendar days', async () => {
      const submit = await atProfileStep();
      for (const movedInOn of ['12/05/2024', '2024-02-30', '2024-13-01', '', '2024-5-12']) {
        expect((await submit(movedInOn)).statusCode, movedInOn).toBe(400);
      }
    });
  });
});
