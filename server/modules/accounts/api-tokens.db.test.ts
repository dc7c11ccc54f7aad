import { afterEach, describe, expect, it } from 'vitest';
import { opensToApiToken } from '../../http/access.ts';
import { buildDevice, buildDwelling, buildResidence, buildResident, buildStaff } from '../../test/factories.ts';
import { givePassword, signInAs, TEST_PASSWORD, type SessionHeaders } from '../../test/login-as.ts';
import { TEST_NOW, useTestApp } from '../../test/test-app.ts';
import { closeAccountsPastMoveOut } from '../residents/data-rights.service.ts';
import { addTariffRate } from '../tariffs/tariffs.service.ts';
import { closeAccount } from './accounts.service.ts';
import { API_TOKEN_RATE_LIMIT } from './api-token-policy.ts';

/**
 * Personal access tokens (issue 23): created with a session, read-only, opening only the
 * consumption reads; refused once expired or revoked, at move-out, closure and deletion;
 * limited per token. Today is 2026-03-16 (Paris).
 */

/** Every route a token opens (GET, and HEAD with it). A new route a token may call must be added here. */
const TOKEN_ROUTES = [
  '/api/resident/alerts',
  '/api/resident/consumption',
  '/api/resident/consumption/daily',
  '/api/resident/consumption/hourly',
  '/api/resident/consumption/meters',
  '/api/resident/export/consumption.csv',
].sort();

const SOME_UUID = '00000000-0000-4000-8000-000000000000';

describe('personal access tokens', () => {
  const harness = useTestApp();
  afterEach(() => harness().clock.set(TEST_NOW));

  async function resident(email: string): Promise<SessionHeaders & { userId: string; dwellingId: string }> {
    const testApp = harness();
    const { db } = testApp.context;
    const residence = await buildResidence(db);
    const dwelling = await buildDwelling(db, { residence_id: residence.id });
    await buildDevice(db, { dwelling_id: dwelling.id, kind: 'cold_water' });
    await buildDevice(db, { dwelling_id: dwelling.id, kind: 'hot_water' });
    await buildDevice(db, { dwelling_id: dwelling.id, kind: 'heat_cost_allocator' });
    const built = await buildResident(db, { dwelling_id: dwelling.id, user: { email } });
    await givePassword(testApp, built.user.id);
    return { ...(await signInAs(testApp, built.user)), userId: built.user.id, dwellingId: dwelling.id };
  }

  async function createToken(session: SessionHeaders, name = 'Home Assistant', lifetimeDays = 90): Promise<{ id: string; token: string }> {
    const response = await harness().app.inject({ method: 'POST', url: '/api/resident/api-tokens', headers: session, payload: { name, lifetimeDays } });
    expect(response.statusCode).toBe(201);
    return response.json();
  }

  const read = (token: string, url = '/api/resident/consumption/meters') => harness().app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });

  it('creates a token shown once, reads with it, lists its last use and daily count, never the token again', async () => {
    const session = await resident('jeton@example.test');
    const created = await createToken(session);
    expect(created.token).toMatch(/^rcp_[A-Za-z0-9_-]{43}$/);

    const meters = await read(created.token);
    expect(meters.statusCode).toBe(200);
    const body = meters.json();
    expect(body.meters.map((meter: { kind: string; homeAssistantDeviceClass: string | null; homeAssistantUnit: string }) => [meter.kind, meter.homeAssistantDeviceClass, meter.homeAssistantUnit])).toEqual([
      ['cold_water', 'water', 'm³'],
      ['heat_cost_allocator', null, 'units'],
      ['hot_water', 'water', 'm³'],
    ]);
    expect((await read(created.token, '/api/resident/consumption')).statusCode).toBe(200);

    const list = await harness().app.inject({ method: 'GET', url: '/api/resident/api-tokens', headers: session });
    const [summary] = list.json().tokens;
    expect(summary).toMatchObject({ id: created.id, name: 'Home Assistant', status: 'active', lastUsedAt: '2026-03-16T09:30:00.000Z' });
    expect(summary.dailyUses.at(-1)).toEqual({ day: '2026-03-16', count: 2 });
    expect(JSON.stringify(list.json())).not.toContain(created.token);
    expect(created.token.startsWith(summary.prefix)).toBe(true);
    const stored = await harness().context.db.selectFrom('api_tokens').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow();
    expect(stored.token_hash.toString('hex')).not.toContain(Buffer.from(created.token).toString('hex'));
  });

  it('opens exactly the listed reads: every other route the app serves refuses a token, whatever its method, and the cookie beside it adds nothing', async () => {
    const testApp = harness();
    const session = await resident('portee@example.test');
    const { token } = await createToken(session);
    const routes = testApp.app.guardedRoutes.filter((route) => route.method !== 'OPTIONS');
    const opened = [...new Set(routes.filter((route) => opensToApiToken(route.access)).map((route) => route.url))].sort();
    expect(opened).toEqual(TOKEN_ROUTES);

    const seen: string[] = [];
    for (const route of routes) {
      const url = route.url.replaceAll(/:[A-Za-z]+/g, SOME_UUID).replaceAll('*', 'x');
      const isOpen = TOKEN_ROUTES.includes(route.url) && (route.method === 'GET' || route.method === 'HEAD');
      for (const headers of [{ authorization: `Bearer ${token}` }, { ...session, authorization: `Bearer ${token}` }]) {
        const response = await testApp.app.inject({ method: route.method as 'GET', url, headers, payload: route.method === 'GET' || route.method === 'HEAD' ? undefined : {} });
        if (isOpen) {
          expect([401, 403, 429], `${route.method} ${route.url}`).not.toContain(response.statusCode);
        } else {
          expect(response.statusCode, `${route.method} ${route.url}`).toBe(403);
          if (route.method !== 'HEAD') expect(response.json().error.code).toBe('api_token_not_allowed');
        }
      }
      seen.push(`${route.method} ${route.url}`);
    }
    // The staff, manager and account routes are among those refused.
    expect(seen).toEqual(expect.arrayContaining(['GET /api/resident/profile', 'GET /api/resident/export/personal-data.json', 'PUT /api/resident/options', 'DELETE /api/resident/account']));
    const kinds = new Set(routes.map((route) => route.access?.kind ?? 'none'));
    expect([...kinds].sort()).toEqual(['ingest-token', 'manager', 'none', 'public', 'resident', 'second-factor-pending', 'signed-in', 'staff']);
    // Creating a token takes a session: a token cannot make another.
    const made = await testApp.app.inject({ method: 'POST', url: '/api/resident/api-tokens', headers: { authorization: `Bearer ${token}` }, payload: { name: 'x', lifetimeDays: 30 } });
    expect(made.statusCode).toBe(403);
  });

  it('refuses an unknown token, an expired one and one its holder revoked, at once', async () => {
    const testApp = harness();
    const session = await resident('expire@example.test');
    expect((await read('rcp_unknown-token-0000000000000000000000000000000')).json().error.code).toBe('api_token_invalid');

    const short = await createToken(session, 'Court', 30);
    const other = await createToken(session, 'Autre', 90);
    expect((await read(other.token)).statusCode).toBe(200);
    const revoked = await testApp.app.inject({ method: 'DELETE', url: `/api/resident/api-tokens/${other.id}`, headers: session });
    expect(revoked.statusCode).toBe(204);
    expect((await read(other.token)).statusCode).toBe(401);

    expect((await read(short.token)).statusCode).toBe(200);
    testApp.clock.advance(30 * 86_400_000 - 1000);
    expect((await read(short.token)).statusCode).toBe(200);
    testApp.clock.advance(1000);
    expect((await read(short.token)).json().error.code).toBe('api_token_invalid');

    const later = await signInAs(testApp, { id: session.userId, role: 'resident' });
    const statuses = (await testApp.app.inject({ method: 'GET', url: '/api/resident/api-tokens', headers: later })).json().tokens.map((token: { name: string; status: string }) => `${token.name}: ${token.status}`);
    expect(statuses.sort()).toEqual(['Autre: revoked', 'Court: expired']);
  });

  it('revokes every token at move-out, closure and deletion', async () => {
    const testApp = harness();
    const { db, clock } = testApp.context;

    const moving = await resident('demenage@example.test');
    const movingToken = await createToken(moving);
    const declared = await testApp.app.inject({ method: 'PUT', url: '/api/resident/move-out', headers: moving, payload: { movedOutOn: '2026-03-18', currentPassword: TEST_PASSWORD } });
    expect(declared.statusCode).toBe(200);
    const stillOpen = await read(movingToken.token);
    expect(stillOpen.statusCode, stillOpen.body).toBe(200);
    testApp.clock.set('2026-03-19T09:30:00.000Z');
    expect((await read(movingToken.token)).statusCode).toBe(401);
    await closeAccountsPastMoveOut({ db, clock });
    testApp.clock.set(TEST_NOW);

    const closing = await resident('ferme@example.test');
    const closingToken = await createToken(closing);
    await closeAccount(db, closing.userId, clock.now());
    expect((await read(closingToken.token)).statusCode).toBe(401);

    const deleting = await resident('supprime@example.test');
    const deletingToken = await createToken(deleting);
    const deleted = await testApp.app.inject({ method: 'DELETE', url: '/api/resident/account', headers: deleting, payload: { currentPassword: TEST_PASSWORD } });
    expect(deleted.statusCode).toBe(204);
    expect((await read(deletingToken.token)).statusCode).toBe(401);

    const reasons = await db
      .selectFrom('api_tokens')
      .select(['id', 'revoked_reason'])
      .where('id', 'in', [movingToken.id, closingToken.id, deletingToken.id])
      .execute();
    expect(Object.fromEntries(reasons.map((row) => [row.id, row.revoked_reason]))).toEqual({
      [movingToken.id]: 'move_out',
      [closingToken.id]: 'closure',
      [deletingToken.id]: 'deletion',
    });
  });

  it('limits each token on its own, and tells when to come back', async () => {
    const testApp = harness();
    const session = await resident('limite@example.test');
    const busy = await createToken(session, 'Boucle');
    const calm = await createToken(session, 'Calme');
    for (let index = 0; index < API_TOKEN_RATE_LIMIT.count; index++) expect((await read(busy.token, '/api/resident/alerts')).statusCode).toBe(200);
    const refused = await read(busy.token, '/api/resident/alerts');
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error.code).toBe('api_token_rate_limited');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect((await read(calm.token, '/api/resident/alerts')).statusCode).toBe(200);
    testApp.clock.advance(API_TOKEN_RATE_LIMIT.windowMs);
    expect((await read(busy.token, '/api/resident/alerts')).statusCode).toBe(200);
  });

  it('offers an allocator as energy once the residence sets a kWh-per-unit factor', async () => {
    const testApp = harness();
    const session = await resident('facteur@example.test');
    const { token } = await createToken(session);
    const allocatorOf = async () => (await read(token)).json().meters.find((meter: { kind: string }) => meter.kind === 'heat_cost_allocator');
    expect(await allocatorOf()).toMatchObject({ homeAssistantDeviceClass: null, homeAssistantUnit: 'units', totalKwh: null });
    const { db } = testApp.context;
    const { residence_id: residenceId } = await db.selectFrom('dwellings').select('residence_id').where('id', '=', session.dwellingId).executeTakeFirstOrThrow();
    const staff = await buildStaff(db, { staff_role: 'data' });
    await addTariffRate(testApp.context, { userId: staff.user.id, clientAddress: '127.0.0.1' }, residenceId, { component: 'allocator_kwh_per_unit', validFrom: '2020-01-01', value: '0.5' });
    expect(await allocatorOf()).toMatchObject({ homeAssistantDeviceClass: 'energy', homeAssistantUnit: 'kWh', totalKwh: 0 });
  });
});
