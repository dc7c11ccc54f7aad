import { describe, expect, it } from 'vitest';
import { buildStaff } from '../../test/factories.ts';
import { isOnPostgres } from '../../test/test-database.ts';
import { useTestApp } from '../../test/test-app.ts';
import { buildSignupDwelling, lastCodeSentTo, seedPersonalInfo, signUpUntilCode, signupClient } from '../../test/signup-support.ts';
import { liftResidenceLookupBudget } from './signup-lookup-budget.ts';

/**
 * Races only happen on a real server with a pool of connections: on PGlite (one connection)
 * these tests would prove nothing, so they run on PostgreSQL (`npm run test:pg`, and CI).
 */
describe.runIf(isOnPostgres())('sign-up under concurrency (PostgreSQL)', () => {
  const harness = useTestApp({ maxConnections: 60 });
  const statusCounts = (responses: Array<{ statusCode: number; json(): { error?: { code: string } } }>) => {
    const counts: Record<string, number> = {};
    for (const response of responses) {
      const key = response.statusCode === 200 || response.statusCode === 204 ? String(response.statusCode) : `${response.statusCode} ${response.json().error?.code}`;
      counts[key] = (counts[key] ?? 0) + 1;
    }
    return counts;
  };

  it('50 simultaneous sign-ups for the same dwelling: exactly one account, no 5xx', async () => {
    const { app, context } = harness();
    const { device, residence } = await buildSignupDwelling(context.db);
    // 50 look-ups of one residence: its look-up budget is lifted, as support does on a flyer day.
    const { user: support } = await buildStaff(context.db, { staff_role: 'support' });
    await liftResidenceLookupBudget(context, { residenceId: residence.id, staffUserId: support.id });
    const people = await Promise.all(
      Array.from({ length: 50 }, async (_, index) => {
        const client = signupClient(app);
        const email = `race-${index}@example.test`;
        await signUpUntilCode(client, device.serial_number, seedPersonalInfo({ email }));
        return { client, code: await lastCodeSentTo(context.db, email) };
      }),
    );
    const responses = await Promise.all(people.map(({ client, code }) => client.call('POST', '/api/signup/verification', { code })));
    const counts = statusCounts(responses);
    console.info('50-way race for one dwelling:', counts);
    expect(counts).toEqual({ '200': 1, '409 signup_dwelling_already_registered': 49 });
    const accounts = await context.db.selectFrom('users').select('id').where('dwelling_id', '=', device.dwelling_id).execute();
    expect(accounts).toHaveLength(1);
    const profiles = await context.db.selectFrom('resident_profiles').select('user_id').where('user_id', '=', accounts[0]!.id).execute();
    expect(profiles).toHaveLength(1);
  }, 120_000);

  it('8 parallel submissions of the right code: exactly one success', async () => {
    const { app, context } = harness();
    const { device } = await buildSignupDwelling(context.db);
    const client = signupClient(app);
    await signUpUntilCode(client, device.serial_number, seedPersonalInfo({ email: 'eight@example.test' }));
    const code = await lastCodeSentTo(context.db, 'eight@example.test');
    const responses = await Promise.all(Array.from({ length: 8 }, () => client.call('POST', '/api/signup/verification', { code })));
    const counts = statusCounts(responses);
    console.info('8 parallel right codes:', counts);
    expect(counts['200']).toBe(1);
    expect(Object.keys(counts).every((key) => key === '200' || key.startsWith('409'))).toBe(true);
    expect(await context.db.selectFrom('users').select('id').where('email', '=', 'eight@example.test').execute()).toHaveLength(1);
  });

  it('50 parallel wrong codes: only 5 are compared, the rest are refused unread', async () => {
    const { app, context } = harness();
    const { device } = await buildSignupDwelling(context.db);
    const client = signupClient(app);
    await signUpUntilCode(client, device.serial_number, seedPersonalInfo({ email: 'fifty@example.test' }));
    const code = await lastCodeSentTo(context.db, 'fifty@example.test');
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    const responses = await Promise.all(Array.from({ length: 50 }, () => client.call('POST', '/api/signup/verification', { code: wrong })));
    const counts = statusCounts(responses);
    console.info('50 parallel wrong codes:', counts);
    expect(counts).toEqual({ '422 signup_code_incorrect': 5, '429 signup_code_too_many_tries': 45 });
    const stored = await context.db.selectFrom('signup_codes').select('failed_tries').where('email', '=', 'fifty@example.test').executeTakeFirstOrThrow();
    expect(stored.failed_tries).toBe(5);
    expect((await client.call('POST', '/api/signup/verification', { code })).json().error.code).toBe('signup_code_too_many_tries');
  });

  it('10 parallel resends: the throttle holds (3 sends a minute) and one code stays live', async () => {
    const { app, context } = harness();
    const { device } = await buildSignupDwelling(context.db);
    const client = signupClient(app);
    await signUpUntilCode(client, device.serial_number, seedPersonalInfo({ email: 'resend@example.test' }));
    const responses = await Promise.all(Array.from({ length: 10 }, () => client.call('POST', '/api/signup/verification/resend')));
    const counts = statusCounts(responses);
    console.info('10 parallel resends:', counts);
    expect(counts).toEqual({ '204': 2, '429 signup_code_resend_throttled': 8 });
    const sent = await context.db.selectFrom('outbox_messages').select('id').where('recipient', '=', 'resend@example.test').execute();
    expect(sent).toHaveLength(3);
    const live = await context.db
      .selectFrom('signup_codes')
      .select('id')
      .where('email', '=', 'resend@example.test')
      .where('consumed_at', 'is', null)
      .where('cancelled_at', 'is', null)
      .execute();
    expect(live).toHaveLength(1);
  });

  it('10 parallel replays of a step: the attempt moves on by one step only, none skips ahead', async () => {
    const { app, context } = harness();
    const { device } = await buildSignupDwelling(context.db);
    const client = signupClient(app);
    await client.call('POST', '/api/signup/identify/serial-number', { deviceType: 'unknown', serialNumber: device.serial_number });
    const responses = await Promise.all(Array.from({ length: 10 }, () => client.call('POST', '/api/signup/attestation', { isCurrentOccupant: true })));
    // Submitting a passed step again is « Précédent » then « Continuer »: each lands on the next step.
    expect(statusCounts(responses)).toEqual({ '200': 10 });
    expect((await client.call('GET', '/api/signup')).json().step).toBe('profile');
    const skipped = await Promise.all(Array.from({ length: 10 }, () => client.call('POST', '/api/signup/options', { notifyLeakByEmail: true, notifyLeakBySms: false, notifyOverconsumption: false, managerMaySeeDaily: false })));
    expect(statusCounts(skipped)).toEqual({ '409 signup_step_out_of_order': 10 });
  });

  it('one address, two dwellings, at the same moment (in two letter cases): one account', async () => {
    const { app, context } = harness();
    const first = await buildSignupDwelling(context.db);
    const second = await buildSignupDwelling(context.db);
    const clients = [signupClient(app), signupClient(app)];
    await signUpUntilCode(clients[0]!, first.device.serial_number, seedPersonalInfo({ email: 'twice@example.test' }));
    const firstCode = await lastCodeSentTo(context.db, 'twice@example.test');
    await signUpUntilCode(clients[1]!, second.device.serial_number, seedPersonalInfo({ email: 'TWICE@example.test' }));
    const secondCode = await lastCodeSentTo(context.db, 'twice@example.test');
    const responses = await Promise.all([
      clients[0]!.call('POST', '/api/signup/verification', { code: firstCode }),
      clients[1]!.call('POST', '/api/signup/verification', { code: secondCode }),
    ]);
    expect(statusCounts(responses)).toEqual({ '200': 1, '409 signup_email_unavailable': 1 });
  });
});
