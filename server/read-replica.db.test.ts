import { sql, type Kysely, type RawBuilder, type Selectable } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { MAX_REPLICA_LAG_MS, openReadReplica, type ReadReplica } from './db/read-replica.ts';
import type { Database } from './db/schema.ts';
import { queueConsumptionRefresh, refreshQueuedConsumption } from './modules/consumption/consumption.service.ts';
import { buildDevice, buildDwelling, buildManager, buildResidence, buildResident } from './test/factories.ts';
import { signInAs, type SessionHeaders } from './test/login-as.ts';
import { dailyReadings, insertReadings } from './test/readings.ts';
import { postgresBinaries, startStreamingPair, type StreamingPair } from './test/streaming-replica.ts';
import { createTestApp, type TestApp } from './test/test-app.ts';
import { isOnPostgres } from './test/test-database.ts';

const binaries = postgresBinaries();
const skipReason = !isOnPostgres()
  ? 'PGlite run: a replica streams from a PostgreSQL server, and DATABASE_REPLICA_URL is refused without one'
  : 'missing' in binaries
    ? binaries.missing
    : undefined;
if (skipReason) console.info(`read-replica.db.test.ts skipped: ${skipReason}`);

async function waitUntil(condition: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<number> {
  const startedAt = performance.now();
  while (!(await condition())) {
    if (performance.now() - startedAt > timeoutMs) throw new Error(`waited ${timeoutMs} ms for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return performance.now() - startedAt;
}

/**
 * A real streaming replica (pg_basebackup -R of a throwaway primary) behind DATABASE_REPLICA_URL:
 * lag-tolerant reads (manager lists, exports) go to it while it keeps up, even from an idle
 * primary; with its replay paused they fall back to the primary once 5 s behind, so nothing
 * older is served; and consent and access checks read the primary all along, so a consent or
 * an access withdrawn while the replica lags cuts the manager off at once.
 */
describe.skipIf(skipReason !== undefined)('read replica (PostgreSQL streaming replication)', () => {
  let pair: StreamingPair;
  let primaryDb: Kysely<Database>;
  let readReplica: ReadReplica;
  /** The test's own connection to the replica, to pause replay and look at what it holds. */
  let replicaProbe: DatabaseHandle;
  let testApp: TestApp;
  let manager: SessionHeaders;
  let tilleuls: Selectable<Database['residences']>;
  let acacias: Selectable<Database['residences']>;
  let consentingDwellingId: string;
  let consentingUserId: string;
  let managerUserId: string;

  const onReplica = () => readReplica.lagTolerantDb() !== primaryDb;
  const replicaQuery = async <T>(query: RawBuilder<T>) => (await query.execute(replicaProbe.db)).rows[0]!;
  const get = (url: string) => testApp.app.inject({ method: 'GET', url, headers: manager });
  const residenceNames = async () => {
    const response = await get('/api/manager/residences?page=1&pageSize=20');
    expect(response.statusCode).toBe(200);
    return (response.json().residences as Array<{ name: string }>).map((residence) => residence.name).sort();
  };

  beforeAll(async () => {
    pair = await startStreamingPair((binaries as { bindir: string }).bindir);
    const database = await openDatabase({ kind: 'postgres', url: pair.primaryUrl });
    primaryDb = database.db;
    await migrateToLatest(database.db);
    await pair.startReplica();
    readReplica = await openReadReplica(database, pair.replicaUrl);
    replicaProbe = await openDatabase({ kind: 'postgres', url: pair.replicaUrl, maxConnections: 1 });
    testApp = await createTestApp({ database, readReplica, environment: { DATABASE_URL: pair.primaryUrl, DATABASE_REPLICA_URL: pair.replicaUrl } });

    const { db, clock } = testApp.context;
    tilleuls = await buildResidence(db, { name: 'Les Tilleuls' });
    acacias = await buildResidence(db, { name: 'Les Acacias', client_id: tilleuls.client_id });
    const consenting = await buildResident(db, {
      dwelling_id: (await buildDwelling(db, { residence_id: tilleuls.id })).id,
      profile: { manager_may_see_daily: true, moved_in_on: '2026-03-01' },
    });
    consentingDwellingId = consenting.dwelling.id;
    consentingUserId = consenting.user.id;
    const device = await buildDevice(db, { dwelling_id: consentingDwellingId, kind: 'cold_water' });
    const readings = dailyReadings({ residenceId: tilleuls.id, deviceId: device.id, from: '2026-03-01', days: 15, startIndex: 100, stepPerDay: 0.01 });
    await insertReadings(db, readings);
    await queueConsumptionRefresh(db, [{ deviceId: device.id, changedFrom: readings[0]!.read_at }], clock.now());
    await refreshQueuedConsumption(testApp.context);
    const { user } = await buildManager(db, { client_id: tilleuls.client_id, residence_ids: [tilleuls.id, acacias.id] });
    managerUserId = user.id;
    manager = await signInAs(testApp, user);
  }, 60_000);

  afterAll(async () => {
    await readReplica?.close();
    await replicaProbe?.close();
    await testApp?.close();
    await pair?.close();
  });

  it('reads the replica once it has caught up, and an idle primary does not make it look lagged', async () => {
    await waitUntil(onReplica, 10_000, 'the replica to catch up');
    expect(await residenceNames()).toEqual(['Les Acacias', 'Les Tilleuls']);

    // Nothing is written for longer than the threshold: the replica has nothing to replay.
    await new Promise((resolve) => setTimeout(resolve, MAX_REPLICA_LAG_MS + 1000));
    const lastReplayAge = await replicaQuery(sql<{ seconds: number }>`select extract(epoch from now() - pg_last_xact_replay_timestamp())::float8 as seconds`);
    // The usual measure would call it over 5 s behind…
    expect(lastReplayAge.seconds).toBeGreaterThan(MAX_REPLICA_LAG_MS / 1000);
    // …while it holds everything the primary has.
    expect(onReplica()).toBe(true);
    expect(readReplica.describe()).toMatchObject({ serving: true, problem: undefined });
    expect(readReplica.describe().lagMs).toBeLessThan(2000);
  }, 30_000);

  it('with replay paused: consent and access withdrawn cut the manager off at once, and lag-tolerant reads leave the replica once 5 s behind', async () => {
    const csvUrl = `/api/manager/dwellings/${consentingDwellingId}/daily.csv?from=2026-03-01&to=2026-03-15`;
    expect((await get(csvUrl)).body).toContain('2026-03-10;eau froide;10;litres;non');

    await replicaQuery(sql`select pg_wal_replay_pause()`);
    await waitUntil(async () => (await replicaQuery(sql<{ state: string }>`select pg_get_wal_replay_pause_state() as state`)).state === 'paused', 5000, 'replay to pause');
    const { db } = testApp.context;
    await db.updateTable('residences').set({ name: 'Les Tilleuls (renamed)' }).where('id', '=', tilleuls.id).execute();
    await db.updateTable('resident_profiles').set({ manager_may_see_daily: false }).where('user_id', '=', consentingUserId).execute();
    await db.deleteFrom('manager_residence_access').where('user_id', '=', managerUserId).where('residence_id', '=', acacias.id).execute();
    const wroteAt = performance.now();

    // The replica, still under 5 s behind, serves the list: the old name shows (a tolerated lag)…
    expect(onReplica()).toBe(true);
    const duringLag = await residenceNames();
    expect(performance.now() - wroteAt).toBeLessThan(MAX_REPLICA_LAG_MS - 1000);
    expect(duringLag).toContain('Les Tilleuls');
    // …but the residence whose access was withdrawn is gone from it, its export refused,
    expect(duringLag).not.toContain('Les Acacias');
    expect((await get(`/api/manager/residences/${acacias.id}/signup-codes.csv`)).statusCode).toBe(403);
    // …and the daily data whose consent was withdrawn is refused at once, in CSV as in JSON.
    for (const url of [csvUrl, csvUrl.replace('daily.csv', 'daily')]) {
      const refused = await get(url);
      expect(refused.statusCode).toBe(403);
      expect(refused.json().error.code).toBe('daily_data_not_shared');
    }
    expect(onReplica()).toBe(true);

    // Once the replica is 5 s behind, lag-tolerant reads go to the primary: nothing older is served.
    await waitUntil(() => !onReplica(), 10_000, 'the reads to leave the lagging replica');
    const fellBackAfterMs = performance.now() - wroteAt;
    console.info(`read replica: replay paused, lag-tolerant reads back on the primary ${Math.round(fellBackAfterMs)} ms after the write`);
    // The lag counts from the last check that found the replica caught up, up to one check interval before the write.
    expect(fellBackAfterMs).toBeGreaterThan(MAX_REPLICA_LAG_MS - 1100);
    expect(fellBackAfterMs).toBeLessThan(MAX_REPLICA_LAG_MS + 2000);
    expect(readReplica.describe()).toMatchObject({ serving: false });
    expect(await residenceNames()).toEqual(['Les Tilleuls (renamed)']);
    // The replica itself still holds the old name: it was not read.
    expect((await replicaQuery(sql<{ name: string }>`select name from residences where id = ${tilleuls.id}`)).name).toBe('Les Tilleuls');
  }, 30_000);

  it('goes back to the replica once replay resumes and catches up', async () => {
    await replicaQuery(sql`select pg_wal_replay_resume()`);
    const backAfterMs = await waitUntil(onReplica, 5000, 'the replica to catch up again');
    console.info(`read replica: replay resumed, replica read again after ${Math.round(backAfterMs)} ms`);
    expect(await residenceNames()).toEqual(['Les Tilleuls (renamed)']);
  }, 10_000);

  it('falls back to the primary when the replica stops answering', async () => {
    await pair.stopReplica();
    const fellBackAfterMs = await waitUntil(() => !onReplica(), 5000, 'the reads to leave the stopped replica');
    console.info(`read replica: replica stopped, reads back on the primary after ${Math.round(fellBackAfterMs)} ms`);
    expect(readReplica.describe().problem).toBeDefined();
    expect(await residenceNames()).toEqual(['Les Tilleuls (renamed)']);
  }, 10_000);
});
