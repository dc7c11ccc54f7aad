import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { buildDevice, buildManager, buildResident } from '../../test/factories.ts';
import { signInAs } from '../../test/login-as.ts';
import { isOnPostgres } from '../../test/test-database.ts';
import { useTestApp } from '../../test/test-app.ts';
import { SessionCache } from './session-cache.ts';

const id = (text: string) => Buffer.from(text);

describe('the session cache', () => {
  const kept = (names: { userId?: string; dwellingIds?: string[]; residenceIds?: string[] } = {}) => ({
    userId: names.userId ?? 'u1',
    dwellingIds: names.dwellingIds ?? ['d1'],
    residenceIds: names.residenceIds ?? ['r1'],
  });

  it('serves a kept session until it is too old, and nothing while notices are not heard', () => {
    const cache = new SessionCache<string>(1_000);
    cache.keep(id('a'), 'row a', kept(), cache.mark(), 0);
    expect(cache.get(id('a'), 0)).toBeUndefined();
    cache.setListening(true);
    cache.keep(id('a'), 'row a', kept(), cache.mark(), 0);
    expect(cache.get(id('a'), 999)).toBe('row a');
    expect(cache.get(id('a'), 1_000)).toBeUndefined();
    cache.keep(id('a'), 'row a', kept(), cache.mark(), 2_000);
    cache.setListening(false);
    cache.setListening(true);
    expect(cache.get(id('a'), 2_000)).toBeUndefined();
  });

  it('forgets the sessions a notice names, by user, dwelling, residence or all', () => {
    const cache = new SessionCache<string>(60_000);
    cache.setListening(true);
    const fill = () => {
      cache.keep(id('a'), 'a', kept({ userId: 'u1', dwellingIds: ['d1'], residenceIds: ['r1'] }), cache.mark(), 0);
      cache.keep(id('b'), 'b', kept({ userId: 'u2', dwellingIds: ['d2'], residenceIds: ['r1'] }), cache.mark(), 0);
      cache.keep(id('c'), 'c', kept({ userId: 'u3', dwellingIds: [], residenceIds: [] }), cache.mark(), 0);
    };
    const present = () => ['a', 'b', 'c'].filter((key) => cache.get(id(key), 1) !== undefined);
    fill();
    cache.forget({ kind: 'user', id: 'u2' });
    expect(present()).toEqual(['a', 'c']);
    fill();
    cache.forget({ kind: 'dwelling', id: 'd1' });
    expect(present()).toEqual(['b', 'c']);
    fill();
    cache.forget({ kind: 'residence', id: 'r1' });
    expect(present()).toEqual(['c']);
    fill();
    cache.forget({ kind: 'all' });
    expect(present()).toEqual([]);
    expect(cache.size).toBe(0);
  });

  it('does not keep a session read while a notice came in (it may predate the change)', () => {
    const cache = new SessionCache<string>(60_000);
    cache.setListening(true);
    const mark = cache.mark();
    cache.forget({ kind: 'user', id: 'someone else' });
    cache.keep(id('a'), 'read before the notice', kept(), mark, 0);
    expect(cache.get(id('a'), 1)).toBeUndefined();
  });
});

describe('kept sessions in the app, forgotten on the database’s notices', () => {
  const harness = useTestApp({ environment: { SESSION_CACHE_SECONDS: '60' } });
  const get = (url: string, headers: Record<string, string>) => harness().app.inject({ method: 'GET', url, headers });

  /** Notices reach the app asynchronously (on PostgreSQL, over its own connection): polls until `check` holds. */
  async function eventually(check: () => Promise<boolean>): Promise<void> {
    const deadline = Date.now() + 5_000;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error('the app did not see the change within 5 s');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Deletes a session with the triggers off, as if the notice were lost: only a kept copy can still answer. */
  async function deleteSessionsUnseen(userId: string): Promise<void> {
    await harness().context.db.transaction().execute(async (trx) => {
      await sql`set local session_replication_role = replica`.execute(trx);
      await trx.deleteFrom('sessions').where('user_id', '=', userId).execute();
    });
  }

  it('answers a kept session without reading it again, and forgets it on a notice naming its user', async () => {
    const { user } = await buildResident(harness().context.db);
    const headers = await signInAs(harness(), user);
    expect((await get('/api/resident/profile', headers)).statusCode).toBe(200);
    await deleteSessionsUnseen(user.id);
    expect((await get('/api/resident/profile', headers)).statusCode).toBe(200);
    await sql`select pg_notify('session_cache', ${`user:${user.id}`})`.execute(harness().context.db);
    await eventually(async () => (await get('/api/resident/profile', headers)).statusCode === 401);
  });

  it('ends a session at once everywhere when the account is closed or the session deleted', async () => {
    const closed = await buildResident(harness().context.db);
    const closedHeaders = await signInAs(harness(), closed.user);
    const loggedOut = await buildResident(harness().context.db);
    const loggedOutHeaders = await signInAs(harness(), loggedOut.user);
    for (const headers of [closedHeaders, loggedOutHeaders]) expect((await get('/api/resident/profile', headers)).statusCode).toBe(200);
    await harness().context.db.updateTable('users').set({ closed_at: new Date() }).where('id', '=', closed.user.id).execute();
    await harness().context.db.deleteFrom('sessions').where('user_id', '=', loggedOut.user.id).execute();
    for (const headers of [closedHeaders, loggedOutHeaders]) await eventually(async () => (await get('/api/resident/profile', headers)).statusCode === 401);
  });

  it('shows a resident’s dashboard anew when the residence’s data, its devices or the dwelling’s occupants change', async () => {
    const { db } = harness().context;
    const { user, dwelling } = await buildResident(db);
    const headers = await signInAs(harness(), user);
    const etag = async () => (await get('/api/resident/consumption', headers)).headers.etag;
    const changes: Array<() => Promise<unknown>> = [
      () => db.updateTable('residences').set({ consumption_version: sql`consumption_version + 1` }).where('id', '=', dwelling.residence_id).execute(),
      () => buildDevice(db, { residence_id: dwelling.residence_id, dwelling_id: dwelling.id, kind: 'hot_water' }),
      () => db.insertInto('occupant_changes').values({ residence_id: dwelling.residence_id, dwelling_id: dwelling.id, changed_on: '2025-06-01' }).execute(),
    ];
    for (const change of changes) {
      const before = await etag();
      expect(await etag()).toBe(before);
      await change();
      await eventually(async () => (await etag()) !== before);
    }
  });

  it('applies a manager’s changed rights at once', async () => {
    const { db } = harness().context;
    const manager = await buildManager(db, { is_portal_admin: false });
    const headers = await signInAs(harness(), manager.user);
    const isPortalAdmin = async () => (await get('/api/auth/me', headers)).json().user.isPortalAdmin as boolean;
    expect(await isPortalAdmin()).toBe(false);
    await db.updateTable('manager_memberships').set({ is_portal_admin: true }).where('user_id', '=', manager.user.id).execute();
    await eventually(isPortalAdmin);
  });

  it.runIf(isOnPostgres())('forgets every kept session when its notice connection is lost, and keeps them again once it listens again', async () => {
    const { db } = harness().context;
    const { user } = await buildResident(db);
    const headers = await signInAs(harness(), user);
    expect((await get('/api/resident/profile', headers)).statusCode).toBe(200);
    const listening = async () =>
      (await sql<{ pid: number }>`select pid from pg_stat_activity where datname = current_database() and query = 'listen session_cache'`.execute(db)).rows;
    expect(await listening()).toHaveLength(1);
    await sql`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and query = 'listen session_cache'`.execute(db);
    // Once the app sees the loss, nothing is served from the cache: a session deleted unseen is refused.
    await deleteSessionsUnseen(user.id);
    await eventually(async () => (await get('/api/resident/profile', headers)).statusCode === 401);
    // Listening again a second later: sessions are kept again.
    await eventually(async () => (await listening()).length === 1);
    const again = await signInAs(harness(), user);
    expect((await get('/api/resident/profile', again)).statusCode).toBe(200);
    await deleteSessionsUnseen(user.id);
    expect((await get('/api/resident/profile', again)).statusCode).toBe(200);
  });
});
