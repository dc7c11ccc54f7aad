import cookie from '@fastify/cookie';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildManager, buildResidence, buildResident, buildStaff } from '../test/factories.ts';
import { signInAs } from '../test/login-as.ts';
import { useTestApp } from '../test/test-app.ts';
import { requireDeclaredAccess, type AccessPolicy } from './access.ts';
import { registerErrorHandler } from './error-handler.ts';
import { assertResidenceAccess } from '../modules/accounts/manager-access.service.ts';
import { registerGuards } from '../modules/accounts/session-guards.ts';
import { managerOf, residentOf, staffOf } from './guards.ts';

/** The real app's route table, read two ways: Fastify's own listing, and what the guards saw. */
function pathsOfPrintedRoutes(app: FastifyInstance): Set<string> {
  const paths = new Set<string>();
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^([│ ]*)[├└]── (\S+) \(/.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    stack.length = depth;
    stack.push(match[2]!);
    paths.add(stack.join(''));
  }
  return paths;
}

describe('every route declares a guard', () => {
  const harness = useTestApp();

  it('lists every registered route and finds a policy on each API route', () => {
    const { app } = harness();
    // The OpenAPI UI's own routes are exempt (access.ts); they serve static documentation.
    const printed = new Set([...pathsOfPrintedRoutes(app)].filter((path) => !path.startsWith('/api/docs')));
    const seen = new Set(app.guardedRoutes.map((route) => route.url));
    expect(printed.size).toBeGreaterThan(5);
    expect([...printed].filter((path) => !seen.has(path))).toEqual([]);
    const unguarded = app.guardedRoutes.filter((route) => route.url.startsWith('/api/') && !route.url.startsWith('/api/docs') && !route.access);
    expect(unguarded).toEqual([]);
  });

  it('refuses to start an app with a route that has no policy', async () => {
    const app = Fastify();
    requireDeclaredAccess(app);
    expect(() => app.get('/api/forgotten', async () => ({}))).toThrow(/declares no access policy/);
  });

  it("refuses an 'ingest-token' route that brings no token check of its own", async () => {
    const app = Fastify();
    await app.register(cookie);
    registerGuards(app, harness().context);
    expect(() => app.post('/api/ingest/loose', { config: { access: { kind: 'ingest-token' } } }, async () => ({}))).toThrow(/no onRequest hook/);
    const guarded = Fastify();
    await guarded.register(cookie);
    registerGuards(guarded, harness().context);
    guarded.post('/api/ingest/checked', { config: { access: { kind: 'ingest-token' } }, onRequest: async () => {} }, async () => ({}));
    await expect(guarded.ready()).resolves.toBeDefined();
  });
});

describe('guards by role', () => {
  const harness = useTestApp();
  let app: FastifyInstance;

  beforeAll(async () => {
    const { context } = harness();
    app = Fastify();
    requireDeclaredAccess(app);
    registerErrorHandler(app);
    await app.register(cookie);
    registerGuards(app, context);
    const route = (url: string, access: AccessPolicy, handler: (request: FastifyRequest) => Promise<unknown>) => {
      app.get(url, { config: { access } }, handler);
      app.post(url, { config: { access } }, handler);
    };
    route('/api/open', { kind: 'public' }, async (request) => ({ userId: request.auth?.user.userId ?? null }));
    route('/api/mine', { kind: 'resident' }, async (request) => residentOf(request));
    route('/api/portfolio/:residenceId', { kind: 'manager' }, async (request) => {
      const manager = managerOf(request);
      await assertResidenceAccess(context, manager, (request.params as { residenceId: string }).residenceId);
      return { ok: true };
    });
    route('/api/admins', { kind: 'manager', portalAdminOnly: true }, async () => ({ ok: true }));
    route('/api/back-office/data', { kind: 'staff', staffRoles: ['data', 'admin'] }, async (request) => staffOf(request));
    route('/api/settings', { kind: 'signed-in' }, async () => ({ ok: true }));
    await app.ready();
  });
  afterAll(() => app.close());

  const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });

  it('refuses anonymous callers on every non-public route', async () => {
    expect((await get('/api/open')).statusCode).toBe(200);
    for (const url of ['/api/mine', '/api/portfolio/x', '/api/admins', '/api/back-office/data', '/api/settings']) {
      const response = await get(url);
      expect(response.statusCode, url).toBe(401);
      expect(response.json().error.code).toBe('unauthenticated');
    }
  });

  it('gives a resident their own dwelling, and nothing of the other spaces', async () => {
    const { user, dwelling } = await buildResident(harness().context.db);
    const headers = await signInAs(harness(), user);
    expect((await get('/api/mine', headers)).json()).toMatchObject({ userId: user.id, dwellingId: dwelling.id, residenceId: dwelling.residence_id });
    expect((await get('/api/settings', headers)).statusCode).toBe(200);
    for (const url of ['/api/portfolio/x', '/api/admins', '/api/back-office/data']) expect((await get(url, headers)).statusCode, url).toBe(403);
  });

  it('lets a manager into the residences they have access to only, and admin routes only as portal administrator', async () => {
    const { db } = harness().context;
    const granted = await buildResidence(db);
    const sameClientNotGranted = await buildResidence(db, { client_id: granted.client_id });
    const otherClient = await buildResidence(db);
    const { user } = await buildManager(db, { client_id: granted.client_id, residence_ids: [granted.id] });
    const headers = await signInAs(harness(), user);
    expect((await get(`/api/portfolio/${granted.id}`, headers)).statusCode).toBe(200);
    expect((await get(`/api/portfolio/${sameClientNotGranted.id}`, headers)).statusCode).toBe(403);
    expect((await get(`/api/portfolio/${otherClient.id}`, headers)).statusCode).toBe(403);
    expect((await get('/api/portfolio/not-a-uuid', headers)).statusCode).toBe(403);
    expect((await get('/api/admins', headers)).statusCode).toBe(403);
    expect((await get('/api/mine', headers)).statusCode).toBe(403);

    const { user: admin } = await buildManager(db, { client_id: granted.client_id, is_portal_admin: true, sees_all_residences: true });
    const adminHeaders = await signInAs(harness(), admin);
    expect((await get('/api/admins', adminHeaders)).statusCode).toBe(200);
    expect((await get(`/api/portfolio/${sameClientNotGranted.id}`, adminHeaders)).statusCode).toBe(200);
    expect((await get(`/api/portfolio/${otherClient.id}`, adminHeaders)).statusCode).toBe(403);
  });

  it('lets staff in by role', async () => {
    const { db } = harness().context;
    const { user: dataStaff } = await buildStaff(db, { staff_role: 'data' });
    const { user: support } = await buildStaff(db, { staff_role: 'support' });
    expect((await get('/api/back-office/data', await signInAs(harness(), dataStaff))).json()).toEqual({ userId: dataStaff.id, staffRole: 'data' });
    expect((await get('/api/back-office/data', await signInAs(harness(), support))).statusCode).toBe(403);
  });

  describe('CSRF', () => {
    it('refuses a state-changing request with the session cookie and a foreign or missing Origin', async () => {
      const { user } = await buildResident(harness().context.db);
      const { cookie: sessionCookie } = await signInAs(harness(), user);
      const post = (headers: Record<string, string>) => app.inject({ method: 'POST', url: '/api/mine', headers: { cookie: sessionCookie, ...headers } });
      const refusedHeaders: Array<Record<string, string>> = [{}, { origin: 'https://evil.example' }, { origin: 'http://portal.test.evil.example' }, { referer: 'https://evil.example/portal.test' }, { origin: 'null' }];
      for (const headers of refusedHeaders) {
        const response = await post(headers);
        expect(response.statusCode, JSON.stringify(headers)).toBe(403);
        expect(response.json().error.code).toBe('csrf_refused');
      }
      expect((await post({ origin: 'http://portal.test' })).statusCode).toBe(200);
      expect((await post({ referer: 'http://portal.test/mon-espace' })).statusCode).toBe(200);
    });

    it('lets GET through without Origin, and a request without a session through (nothing to ride on)', async () => {
      const { user } = await buildResident(harness().context.db);
      const { cookie: sessionCookie } = await signInAs(harness(), user);
      expect((await get('/api/mine', { cookie: sessionCookie })).statusCode).toBe(200);
      expect((await app.inject({ method: 'POST', url: '/api/open' })).statusCode).toBe(200);
    });
  });
});
