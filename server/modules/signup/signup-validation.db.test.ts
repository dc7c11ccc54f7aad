import { afterAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/test-app.ts';
import { buildSignupDwelling, seedOptions, seedPersonalInfo, seedProfile, signupClient, type SignupClient } from '../../test/signup-support.ts';

/**
 * Every field of every sign-up request, fed values it must refuse: wrong types, empty, too
 * long, out of range, injection-shaped, control characters. Each must be refused with a 4xx,
 * write nothing, and leave the attempt at its step. The figures are printed for the note.
 */
const notStrings = [null, 0, 123456789, true, [], {}, ['542361524']];
const hostileStrings = ["'; drop table users; --", '<script>alert(1)</script>', '\u0000', 'a'.repeat(10_000), '${7*7}', '\u202e'];
const notBooleans = [null, 'true', 1, 0, 'yes', [], {}];

const badValues = {
  deviceType: [...notStrings, '', 'gas', 'HOT_WATER', 'eau froide', ...hostileStrings],
  serialNumber: [...notStrings, '', '54236152', '5423615245', '542 361 52a', '542-361-524', '-54236152', '５４２３６１５２４', ...hostileStrings],
  buildingCode: [...notStrings, '', '5000136', '500013690', 'ABCDEFGH', ...hostileStrings],
  dwellingReference: [...notStrings, '', 'ABCDEFGHI', 'ABCDEFGHIJK', 'ABCDE-GHIJ', 'ÀBCDEFGHIJ', ...hostileStrings],
  isCurrentOccupant: [...notBooleans, false],
  isOwner: notBooleans,
  movedInOn: [...notStrings, '', '12/05/2024', '2024-02-30', '2024-13-01', '2024-5-12', '2024-05-12T00:00:00Z', '2026-03-17', '9999-12-31', ...hostileStrings],
  councilMember: [...notStrings, '', 'oui', 'YES', 'maybe', ...hostileStrings],
  notifyLeakByEmail: notBooleans,
  notifyLeakBySms: notBooleans,
  notifyOverconsumption: notBooleans,
  managerMaySeeDaily: notBooleans,
  civility: [...notStrings, '', 'mme', 'Madame', 'autre', ...hostileStrings],
  lastName: [...notStrings, '', '   ', 'a'.repeat(101), '1234', 'Dupont<b>', 'Du\u0000pont', "'; drop table users; --", '<script>alert(1)</script>'],
  firstName: [...notStrings, '', '   ', 'a'.repeat(101), '-Jean', 'Jean\nMarc', "'; drop table users; --"],
  mobile: [...notStrings, '', '06', '01 42 68 53 00', '+33 1 42 68 53 00', '0611546587 poste 2', '+999 1234567', 'abc', ...hostileStrings],
  email: [...notStrings, '', 'marcialemars', 'marcialemars@', '@gmail.com', 'a b@gmail.com', 'a@b@c.fr', `${'a'.repeat(250)}@x.fr`, ...hostileStrings],
  password: [...notStrings, '', 'court', 'motdepasse', 'MOTDEPASSE123', 'motdepasse123', 'Motdepasse', 'Password123', 'Marseille-2024!', 'a'.repeat(201)],
  acceptsPrivacyPolicy: [...notBooleans, false],
  subscribesNewsletter: notBooleans,
  code: [...notStrings, '', '12345', '1234567', 'abcdef', '12 34 5', '１２３４５６', ...hostileStrings],
} as const;

type Field = keyof typeof badValues;
const figures: Record<string, { tried: number; accepted: number; statuses: Set<number> }> = {};

describe('every sign-up field refuses what it must (allow-list)', () => {
  const harness = useTestApp();

  afterAll(() => {
    const rows = Object.entries(figures).map(([field, figure]) => `${field}: ${figure.tried} tried, ${figure.accepted} accepted, statuses ${[...figure.statuses].sort().join('/')}`);
    console.info(`Bad inputs per field:\n${rows.join('\n')}`);
  });

  async function tryField(client: SignupClient, url: string, method: 'POST' | 'PUT', valid: Record<string, unknown>, field: Field, expectedStep: string | null) {
    const figure = (figures[field] ??= { tried: 0, accepted: 0, statuses: new Set() });
    for (const value of badValues[field]) {
      const response = await client.call(method, url, { ...valid, [field]: value });
      figure.tried += 1;
      figure.statuses.add(response.statusCode);
      if (response.statusCode < 400) figure.accepted += 1;
      expect(response.statusCode, `${field} = ${JSON.stringify(value).slice(0, 40)}`).toBeGreaterThanOrEqual(400);
      expect(response.statusCode).toBeLessThan(500);
      expect(response.json().error.message).toMatch(/\S/);
    }
    if (expectedStep) expect((await client.call('GET', '/api/signup')).json().step).toBe(expectedStep);
  }

  it('step 1 fields', async () => {
    const { app, context } = harness();
    const { residence, device } = await buildSignupDwelling(context.db);
    const client = signupClient(app);
    const serial = { deviceType: 'cold_water', serialNumber: device.serial_number };
    await tryField(client, '/api/signup/identify/serial-number', 'POST', serial, 'deviceType', null);
    await tryField(signupClient(app), '/api/signup/identify/serial-number', 'POST', serial, 'serialNumber', null);
    await tryField(signupClient(app), '/api/signup/identify/building-code', 'POST', { buildingCode: residence.building_code }, 'buildingCode', null);
    await tryField(signupClient(app), '/api/signup/identify/dwelling-reference', 'POST', { buildingCode: residence.building_code, dwellingReference: 'ABCDEFGHJK' }, 'dwellingReference', null);
    expect(await context.db.selectFrom('signup_attempts').select('id').execute()).toHaveLength(0);
  });

  it('steps 2 to 6 fields, each at its own step', async () => {
    const { app, context } = harness();
    const { device } = await buildSignupDwelling(context.db);
    const client = signupClient(app);
    await client.call('POST', '/api/signup/identify/serial-number', { deviceType: 'unknown', serialNumber: device.serial_number });
    await tryField(client, '/api/signup/attestation', 'POST', { isCurrentOccupant: true }, 'isCurrentOccupant', 'attest');
    await client.call('POST', '/api/signup/attestation', { isCurrentOccupant: true });
    for (const field of ['isOwner', 'movedInOn', 'councilMember'] as const) {
      await tryField(client, '/api/signup/profile', 'POST', seedProfile, field, 'profile');
    }
    await client.call('POST', '/api/signup/profile', seedProfile);
    for (const field of ['notifyLeakByEmail', 'notifyLeakBySms', 'notifyOverconsumption', 'managerMaySeeDaily'] as const) {
      await tryField(client, '/api/signup/options', 'POST', seedOptions, field, 'options');
    }
    await client.call('POST', '/api/signup/options', seedOptions);
    const personal = seedPersonalInfo({ email: 'fields@example.test' });
    for (const field of ['civility', 'lastName', 'firstName', 'mobile', 'email', 'password', 'acceptsPrivacyPolicy', 'subscribesNewsletter'] as const) {
      await tryField(client, '/api/signup/personal-info', 'POST', personal, field, 'personal_info');
    }
    expect(await context.db.selectFrom('outbox_messages').select('id').execute()).toHaveLength(0);
    await client.call('POST', '/api/signup/personal-info', personal);
    await tryField(client, '/api/signup/verification', 'POST', {}, 'code', 'verify_email');
    await tryField(client, '/api/signup/email', 'PUT', {}, 'email', 'verify_email');
    expect(await context.db.selectFrom('users').select('id').execute()).toHaveLength(0);
  });

  it('refuses unknown fields, missing bodies and bodies that are not JSON objects, without a 5xx', async () => {
    const { app } = harness();
    const client = signupClient(app);
    for (const payload of [{ ...seedProfile, isAdmin: true }, {}, [], null]) {
      const response = await client.call('POST', '/api/signup/identify/serial-number', payload);
      expect(response.statusCode).toBe(400);
    }
    expect((await client.call('POST', '/api/signup/identify/serial-number', 'plain text')).statusCode).toBe(415);
    const notJson = await app.inject({ method: 'POST', url: '/api/signup/profile', payload: '{"isOwner":', headers: { 'content-type': 'application/json' } });
    expect(notJson.statusCode).toBe(400);
    const wrongType = await app.inject({ method: 'POST', url: '/api/signup/profile', payload: 'isOwner=true', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(wrongType.statusCode).toBe(415);
    const hugeCookie = await app.inject({ method: 'GET', url: '/api/signup', headers: { cookie: `signup_attempt=${'x'.repeat(4000)}` } });
    expect(hugeCookie.statusCode).toBe(204);
  });
});
