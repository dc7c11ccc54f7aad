/**
 * wmbusmeters HTTP ingest throughput on the real PostgreSQL: the app listens on a local port
 * with the consumption refresher running, as in production. Every message is a new reading (its
 * own device and moment), so each one is stored, not counted as a duplicate.
 *
 * 1. Bodies of 100 JSON lines over 8 connections (autocannon in this process).
 * 2. Single-message posts (what wmbusmeters sends by default) over 50 connections, standing for
 *    50 gateways (a data source each), from a load process of its own (support/http-load.ts), as a ratio of a bare
 *    primary-key route measured in the same run with the same settings (issue 21: ≥ 0.5 ×).
 *    The portal writes concurrent posts together (group commit: a post is written at once when
 *    no group is being written, else with the posts that arrived during that group, at most
 *    INGEST_GROUP_WINDOW_MS later); a second app over the same database writes each post alone
 *    (INGEST_GROUP_MAX_POSTS=1), which gives the p95 latency grouping adds: at 50 connections,
 *    and for one gateway posting alone (one connection), which no other post can join. They
 *    take turns in rounds, so that other load on the machine weighs on all alike. The readings
 *    per writing transaction (distinct `xmin` of the readings stored) say how large groups grow.
 *
 * Takes about 2.5 minutes. Three runs on 6 Dec 2026, 2 cores shared with other sessions (load
 * average 10–15): together / primary-key route 0.28, 0.85 and 0.65 × (the route swung from 385
 * to 1,717/s); together / alone 2.0–2.7 ×, 14–18 readings per transaction, p95 at 50 connections
 * 150–380 ms lower together; one gateway alone, p95 +1.1 to +3.8 ms together. Details in
 * docs/SCALING.md.
 */
import autocannon from 'autocannon';
import { sql } from 'kysely';
import { buildApp } from '../server/app.ts';
import { systemClock } from '../server/clock.ts';
import { loadConfig } from '../server/config.ts';
import { openDatabase } from '../server/db/database.ts';
import { startConsumptionRefresher } from '../server/modules/consumption/consumption-refresher.ts';
import { createDataSource } from '../server/modules/ingest/data-sources.service.ts';
import { createAppContext } from '../server/modules.ts';
import { benchDatabaseUrl, percentile, reportFigure } from './support/bench-output.ts';
import { mergeHttpLoadRuns, runHttpLoad, type HttpLoadRun } from './support/http-load.ts';
import { addPrimaryKeyRoute } from './support/primary-key-route.ts';
import { createSyntheticPortfolio } from './support/synthetic-portfolio.ts';

const BENCH = 'http-ingest';
const DWELLINGS = 1000;
const BATCH_CONNECTIONS = 8;
const SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 15);
const GATEWAYS = 50;
const ROUNDS = 3;
const LONELY_ROUNDS = 4;
/** More bodies than a round can send: each reading is new. */
const BODIES_PER_ROUND = 60_000;
const TARGET_SHARE_OF_PRIMARY_KEY_ROUTE = 0.5;

const environment = { ...process.env, NODE_ENV: 'test', DATABASE_URL: benchDatabaseUrl(), LOG_LEVEL: 'silent', SESSION_SECRET: 'bench-secret-bench-secret-bench-secret-0' };
const config = loadConfig(environment);
const database = await openDatabase({ kind: 'postgres', url: benchDatabaseUrl(), maxConnections: 20 });
// Jobs queued after each pass (alert detection) wait in the queue: no worker runs here, and no maintenance timers.
const context = createAppContext({ config, database, clock: systemClock }, { maintenance: false });
const app = await buildApp(context, { logger: false });
// The same portal writing each post alone, over the same database (a pool of its own, of the same size).
const aloneDatabase = await openDatabase({ kind: 'postgres', url: benchDatabaseUrl(), maxConnections: 20 });
const aloneContext = createAppContext({ config: loadConfig({ ...environment, INGEST_GROUP_MAX_POSTS: '1' }), database: aloneDatabase, clock: systemClock }, { maintenance: false });
const aloneApp = await buildApp(aloneContext, { logger: false });
const refresher = startConsumptionRefresher(context, { log: app.log });
try {
  const portfolio = await createSyntheticPortfolio(database.db, { buildingCode: '82000001', dwellings: DWELLINGS, kinds: ['cold_water', 'hot_water'], installedOn: '2020-01-01' });
  // One data source per connection, as 50 gateways would have (each its own rate limit).
  const gatewayHeaders: Array<Record<string, string>> = [];
  for (let gateway = 0; gateway < GATEWAYS; gateway += 1) {
    gatewayHeaders.push({ authorization: `Bearer ${(await createDataSource(context, `bench-gateway-${gateway}`)).token}` });
  }
  const headers = { ...gatewayHeaders[0]!, 'content-type': 'application/json' };

  // The baseline: one primary-key lookup in `readings`, through the same Fastify app.
  const sample = { residence_id: portfolio.residenceId, device_id: portfolio.devices[0]!.id, read_at: new Date(Date.UTC(2026, 0, 1)) };
  addPrimaryKeyRoute(app, database.db, '/api/bench/primary-key', sample);
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  const aloneAddress = await aloneApp.listen({ port: 0, host: '127.0.0.1' });

  let sequence = 0;
  /** The next message: devices in turn, each at a later minute than its previous one. */
  const nextMessage = () => {
    const position = sequence % portfolio.devices.length;
    const round = Math.floor(sequence / portfolio.devices.length);
    sequence += 1;
    const device = portfolio.devices[position]!;
    const at = new Date(Date.UTC(2026, 0, 1) + round * 60_000).toISOString().replace('.000', '');
    return `{"_":"telegram","media":"water","meter":"multical21","name":"b${position}","id":"${device.radioId}","total_m3":${(round * 0.001 + 10).toFixed(3)},"target_m3":9.5,"status":"OK","timestamp":"${at}"}`;
  };

  const storedBefore = await countReadings();
  const batches = await autocannon({
    url: `${address}/api/ingest/wmbusmeters`,
    method: 'POST',
    connections: BATCH_CONNECTIONS,
    duration: SECONDS,
    headers,
    requests: [{ setupRequest: (request) => ({ ...request, body: Array.from({ length: 100 }, nextMessage).join('\n') }) }],
  });
  const batchStored = (await countReadings()) - storedBefore;
  console.log(`HTTP ingest, bodies of 100 JSON lines: ${batches.requests.total} requests, ${batches.non2xx} not 2xx, ${batchStored} readings stored in ${batches.duration.toFixed(1)} s, p99 latency ${batches.latency.p99} ms`);
  reportFigure({
    bench: BENCH,
    name: `wmbusmeters readings stored per second, bodies of 100 JSON lines, ${BATCH_CONNECTIONS} connections`,
    value: batchStored / batches.duration,
    unit: 'readings/s',
    target: { comparison: '>=', value: 5000 },
  });

  /** One round of single-message posts; counts the readings it stored and the transactions that wrote them. */
  const postSingleMessages = async (on: string, connections = GATEWAYS, seconds = SECONDS / ROUNDS): Promise<HttpLoadRun & { stored: number; writers: number }> => {
    const before = await countReadings();
    const writersBefore = await countReadingWriters();
    const bodies = Array.from({ length: BODIES_PER_ROUND }, nextMessage);
    const run = await runHttpLoad({ url: `${on}/api/ingest/wmbusmeters`, connections, seconds, headers, connectionHeaders: gatewayHeaders, bodies });
    if (run.requests > bodies.length) throw new Error(`${run.requests} posts sent, only ${bodies.length} bodies made: raise BODIES_PER_ROUND`);
    return { ...run, stored: (await countReadings()) - before, writers: (await countReadingWriters()) - writersBefore };
  };
  const primaryKeyRuns: HttpLoadRun[] = [];
  const groupedRuns: Array<HttpLoadRun & { stored: number; writers: number }> = [];
  const aloneRuns: Array<HttpLoadRun & { stored: number; writers: number }> = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    primaryKeyRuns.push(await runHttpLoad({ url: `${address}/api/bench/primary-key`, connections: GATEWAYS, seconds: SECONDS / ROUNDS }));
    // Grouped then alone, then alone then grouped: neither always runs right after the baseline.
    if (round % 2 === 0) {
      groupedRuns.push(await postSingleMessages(address));
      aloneRuns.push(await postSingleMessages(aloneAddress));
    } else {
      aloneRuns.push(await postSingleMessages(aloneAddress));
      groupedRuns.push(await postSingleMessages(address));
    }
  }
  // One gateway alone: no other post shares its group, so the window is all its post waits more.
  const lonely = [
    { on: address, runs: [] as HttpLoadRun[] },
    { on: aloneAddress, runs: [] as HttpLoadRun[] },
  ];
  // An even number of rounds, so that each side goes first as often: the first round after the
  // 50-connection rounds shares the machine with the refresher's backlog.
  for (let round = 0; round < LONELY_ROUNDS; round += 1) {
    for (const side of round % 2 === 0 ? lonely : [...lonely].reverse()) side.runs.push(await postSingleMessages(side.on, 1, SECONDS / LONELY_ROUNDS));
  }
  const [lonelyGrouped, lonelyAlone] = lonely.map((side) => mergeHttpLoadRuns(side.runs)) as [HttpLoadRun, HttpLoadRun];
  console.log(
    `  one gateway alone: p50 / p95 ${percentile(lonelyGrouped.latencies, 0.5).toFixed(1)} / ${percentile(lonelyGrouped.latencies, 0.95).toFixed(1)} ms written together (${lonelyGrouped.perSecond.toFixed(0)}/s), ` +
      `${percentile(lonelyAlone.latencies, 0.5).toFixed(1)} / ${percentile(lonelyAlone.latencies, 0.95).toFixed(1)} ms each alone (${lonelyAlone.perSecond.toFixed(0)}/s)`,
  );
  const primaryKey = mergeHttpLoadRuns(primaryKeyRuns);
  const sum = (runs: ReadonlyArray<{ stored: number; writers: number }>, key: 'stored' | 'writers') => runs.reduce((total, run) => total + run[key], 0);
  const grouped = { ...mergeHttpLoadRuns(groupedRuns), stored: sum(groupedRuns, 'stored'), writers: sum(groupedRuns, 'writers') };
  const alone = { ...mergeHttpLoadRuns(aloneRuns), stored: sum(aloneRuns, 'stored'), writers: sum(aloneRuns, 'writers') };
  const storedPerSecond = (run: typeof grouped) => run.stored / (run.requests / run.perSecond);
  for (const [name, run] of [['primary-key route', primaryKey], ['single-message posts, written together', grouped], ['single-message posts, each written alone', alone]] as const) {
    console.log(
      `  ${name}: ${run.requests} requests${'stored' in run ? ` (${run.stored} readings stored by ${run.writers} transactions)` : ''} in ${SECONDS} s (${ROUNDS} rounds taking turns) (${run.perSecond.toFixed(0)}/s), ${run.non2xx} not 2xx, ` +
        `p50 ${percentile(run.latencies, 0.5).toFixed(1)} ms, p95 ${percentile(run.latencies, 0.95).toFixed(1)} ms, ${GATEWAYS} connections`,
    );
  }
  if (primaryKey.non2xx > 0 || grouped.non2xx > 0 || alone.non2xx > 0) throw new Error('Some requests were refused');
  // Posts still in flight when a round ends may commit after it is counted, or after the next count begins.
  for (const run of [grouped, alone]) {
    if (Math.abs(run.stored - run.requests) > 2 * GATEWAYS * ROUNDS) throw new Error(`${run.requests} posts answered, ${run.stored} readings stored`);
  }

  const label = `single-message posts, ${GATEWAYS} connections`;
  reportFigure({ bench: BENCH, name: `primary-key route requests per second, ${GATEWAYS} connections`, value: primaryKey.perSecond, unit: '/s' });
  reportFigure({ bench: BENCH, name: `wmbusmeters readings stored per second, ${label}, written together`, value: storedPerSecond(grouped), unit: 'readings/s' });
  reportFigure({ bench: BENCH, name: `wmbusmeters readings stored per second, ${label}, each written alone`, value: storedPerSecond(alone), unit: 'readings/s' });
  reportFigure({
    bench: BENCH,
    name: `${label} written together / primary-key route (same run)`,
    value: storedPerSecond(grouped) / primaryKey.perSecond,
    unit: '×',
    target: { comparison: '>=', value: TARGET_SHARE_OF_PRIMARY_KEY_ROUTE },
  });
  reportFigure({ bench: BENCH, name: `${label} each written alone / primary-key route (same run)`, value: storedPerSecond(alone) / primaryKey.perSecond, unit: '×' });
  reportFigure({ bench: BENCH, name: `readings per writing transaction, ${label}, written together`, value: grouped.stored / grouped.writers, unit: 'readings' });
  const p95 = (run: HttpLoadRun) => percentile(run.latencies, 0.95);
  reportFigure({ bench: BENCH, name: `p95, ${label}, written together`, value: p95(grouped), unit: 'ms' });
  reportFigure({ bench: BENCH, name: `p95, ${label}, each written alone`, value: p95(alone), unit: 'ms' });
  reportFigure({ bench: BENCH, name: `p95, primary-key route, ${GATEWAYS} connections`, value: p95(primaryKey), unit: 'ms' });
  reportFigure({ bench: BENCH, name: `p95 the group commit window adds at ${GATEWAYS} connections (written together − each alone)`, value: p95(grouped) - p95(alone), unit: 'ms' });
  reportFigure({ bench: BENCH, name: 'p95 the group commit window adds to one gateway posting alone (written together − each alone)', value: p95(lonelyGrouped) - p95(lonelyAlone), unit: 'ms' });
} finally {
  await refresher.stop();
  await app.close();
  await aloneApp.close();
  for (const each of [context, aloneContext]) {
    await each.jobs.stop();
    each.mailer.close();
  }
  await database.close();
  await aloneDatabase.close();
}

/** Transactions that wrote readings so far: a reading's `xmin` is the transaction that inserted it (none updates them here). */
async function countReadingWriters(): Promise<number> {
  const result = await sql<{ count: string }>`select count(distinct xmin::text) as count from readings`.execute(database.db);
  return Number(result.rows[0]!.count);
}

async function countReadings(): Promise<number> {
  const row = await database.db.selectFrom('readings').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
  return Number(row.count);
}
