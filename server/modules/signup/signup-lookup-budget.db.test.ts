import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { buildDevice, buildResidence, buildStaff } from '../../test/factories.ts';
import { signInAs } from '../../test/login-as.ts';
import { startSiblingNode, TEST_NOW, useTestApp } from '../../test/test-app.ts';
import { rotationPhases } from '../../test/secret-rotation-support.ts';
import { isOnPostgres } from '../../test/test-database.ts';
import { LOOKUP_BUDGET, residenceHitBudget } from './signup-lookup-budget.ts';
import { signupClient } from '../../test/signup-support.ts';

/** The look-up budget per residence, across every client address (a botnet cannot map a building's serial numbers). */
describe('sign-up look-up budget', () => {
  const harness = useTestApp();
  let addressCounter = 0;
  /** Each look-up from a new client address: the per-address limit is not what is measured here. */
  const identify = (serialNumber: string, app: FastifyInstance = harness().app) =>
    signupClient(app, { ip: `10.77.${Math.floor((addressCounter += 1) / 250)}.${addressCounter % 250}` }).call('POST', '/api/signup/identify/serial-number', {
      deviceType: 'unknown',
      serialNumber,
    });

  async function residenceWithDwellings(count: number) {
    const residence = await buildResidence(harness().context.db);
    const devices = [];
    for (let index = 0; index < count; index += 1) devices.push(await buildDevice(harness().context.db, { residence_id: residence.id, kind: 'cold_water' }));
    return { residence, serials: devices.map((device) => device.serial_number) };
  }

  it('is max(20, 25 % of the dwellings) an hour', () => {
    expect(residenceHitBudget(8)).toBe(20);
    expect(residenceHitBudget(80)).toBe(20);
    expect(residenceHitBudget(120)).toBe(30);
  });

  it('refuses the look-up past the budget from any address, names « Contacter l’assistance », shows it to staff, who can lift it', async () => {
    const { clock, context, app } = harness();
    clock.set(TEST_NOW);
    const { residence, serials } = await residenceWithDwellings(8);
    for (let lookup = 0; lookup < LOOKUP_BUDGET.minimumHitsPerResidence; lookup += 1) {
      const response = await identify(serials[lookup % serials.length]!);
      expect(response.statusCode, `look-up ${lookup + 1}`).toBe(200);
    }
    const refused = await identify(serials[0]!);
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error.code).toBe('signup_lookup_budget_exhausted');
    expect(refused.json().error.message).toContain("« Contacter l'assistance »");
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // Other residences keep their own budget.
    const other = await residenceWithDwellings(1);
    expect((await identify(other.serials[0]!)).statusCode).toBe(200);

    const { user } = await buildStaff(context.db, { staff_role: 'support' });
    const staff = await signInAs(harness(), user);
    const { user: admin } = await buildStaff(context.db, { staff_role: 'admin' });
    const trail = await app.inject({ method: 'GET', url: '/api/staff/audit-events?action=signup.lookup_budget_exhausted', headers: await signInAs(harness(), admin) });
    expect(JSON.stringify(trail.json())).toContain(residence.id);

    const lifted = await app.inject({ method: 'POST', url: `/api/staff/residences/${residence.id}/signup-lookup-budget/lift`, headers: staff });
    expect(lifted.statusCode).toBe(200);
    expect(lifted.json().liftedUntil).toBe(new Date(clock.now().getTime() + LOOKUP_BUDGET.liftMs).toISOString());
    expect((await identify(serials[1]!)).statusCode).toBe(200);
    const liftAudit = await context.db.selectFrom('audit_events').select('target_id').where('action', '=', 'staff.signup_lookup_budget_lifted').execute();
    expect(liftAudit.map((row) => row.target_id)).toContain(residence.id);

    clock.advance(LOOKUP_BUDGET.liftMs);
    expect((await identify(serials[2]!)).statusCode).toBe(200);
  });

  it('starts again once the hour has passed', async () => {
    const { clock } = harness();
    clock.set('2026-03-17T09:30:00.000Z');
    const { serials } = await residenceWithDwellings(2);
    for (let lookup = 0; lookup < LOOKUP_BUDGET.minimumHitsPerResidence; lookup += 1) await identify(serials[0]!);
    expect((await identify(serials[0]!)).statusCode).toBe(429);
    clock.advance(LOOKUP_BUDGET.windowMs);
    expect((await identify(serials[0]!)).statusCode).toBe(200);
  });

  it('caps the look-ups that find nothing for the whole portal', async () => {
    const { clock, context } = harness();
    clock.set('2026-03-18T09:30:00.000Z');
    const { serials } = await residenceWithDwellings(1);
    const misses = Array.from({ length: LOOKUP_BUDGET.missesPerWindow }, (_, index) => ({
      occurred_at: new Date(clock.now().getTime() - 60_000),
      client_address: `10.88.${Math.floor(index / 250)}.${index % 250}`,
      method: 'serial_number' as const,
      outcome: 'signup_serial_number_unknown',
      input_digest: Buffer.from(String(index)),
    }));
    await context.db.insertInto('signup_lookups').values(misses).execute();
    expect((await identify(serials[0]!)).json().error.code).toBe('signup_lookup_budget_exhausted');
    clock.advance(LOOKUP_BUDGET.windowMs);
    expect((await identify(serials[0]!)).statusCode).toBe(200);
  });

  it('is not reset by a SESSION_SECRET rotation: nodes in phases 1 and 2 count the same look-ups', async () => {
    harness().clock.set('2026-03-20T09:30:00.000Z');
    const acceptsNew = await startSiblingNode(harness(), rotationPhases.acceptsNew);
    const signsWithNew = await startSiblingNode(harness(), rotationPhases.signsWithNew);
    try {
      const { serials } = await residenceWithDwellings(3);
      for (let lookup = 0; lookup < LOOKUP_BUDGET.minimumHitsPerResidence; lookup += 1) {
        expect((await identify(serials[lookup % serials.length]!, acceptsNew.app)).statusCode, `look-up ${lookup + 1} in phase 1`).toBe(200);
      }
      // Every node moves to phase 2 (signing with the new secret): the hour's budget is still spent.
      const refused = await identify(serials[0]!, signsWithNew.app);
      expect(refused.statusCode).toBe(429);
      expect(refused.json().error.code).toBe('signup_lookup_budget_exhausted');
      expect((await identify(serials[1]!, acceptsNew.app)).statusCode).toBe(429);
    } finally {
      await acceptsNew.close();
      await signsWithNew.close();
    }
  });

  it.runIf(isOnPostgres())('holds under 40 parallel look-ups of one residence from 40 addresses: at most the budget succeed', async () => {
    harness().clock.set('2026-03-19T09:30:00.000Z');
    const { serials } = await residenceWithDwellings(4);
    const responses = await Promise.all(Array.from({ length: 40 }, (_, index) => identify(serials[index % serials.length]!)));
    const succeeded = responses.filter((response) => response.statusCode === 200).length;
    console.info(`look-up budget: ${succeeded} of 40 parallel look-ups succeeded (budget ${residenceHitBudget(4)})`);
    expect(succeeded).toBeLessThanOrEqual(residenceHitBudget(4));
    expect(responses.every((response) => response.statusCode === 200 || response.json().error.code === 'signup_lookup_budget_exhausted')).toBe(true);
  });
});
