/**
 * The resident dashboard's API call under load, on the real PostgreSQL holding more than 10
 * million readings (bench/support/large-database.ts). The app listens on a local port as in
 * production, with its default database pool; autocannon, in a process of its own
 * (support/http-load.ts), keeps 50 connections busy, each the session of a different resident,
 * on GET /api/resident/consumption (everything the dashboard page shows: each fluid's month,
 * last month, year, monthly history with the comparisons, last 30 days). In the same run, with
 * the same autocannon settings, a baseline route answers one primary-key lookup in `readings`;
 * the two take turns in rounds so that other load on the machine weighs on both alike. Both
 * send the Accept-Encoding of a browser.
 * Targets (issue 6): dashboard p95 ≤ 30 ms; its throughput ≥ 30 % of the baseline's.
 * The cost of the metrics: in the same rounds, the dashboard on a second app over the same
 * database with the metrics on (METRICS_PORT; its /metrics scraped every second as a Prometheus
 * would), against the first app, which has them off.
 */
import { createAppContext } from '../server/modules.ts';
import { buildApp } from '../server/app.ts';
import { startMetricsServer } from '../server/metrics/metrics-server.ts';
import { systemClock } from '../server/clock.ts';
import { loadConfig } from '../server/config.ts';
import { openDatabase } from '../server/db/database.ts';
import { sessionCookieName } from '../server/modules/accounts/session-cookie.ts';
import { startSession } from '../server/modules/accounts/sessions.service.ts';
import { percentile, reportFigure } from './support/bench-output.ts';
import { mergeHttpLoadRuns, runHttpLoad, type HttpLoadRun } from './support/http-load.ts';
import { openLargeBenchDatabase } from './support/large-database.ts';
import { addPrimaryKeyRoute } from './support/primary-key-route.ts';

const BENCH = 'resident-dashboard';
const CONNECTIONS = 50;
const SECONDS = Number(process.env.BENCH_DASHBOARD_SECONDS ?? 20);
const TARGET_P95_MS = 30;
const TARGET_THROUGHPUT_SHARE = 0.3;
const ROUNDS = 4;

const large = await openLargeBenchDatabase();
console.log(
  `Database: ${large.readingCount.toLocaleString('en-US')} readings, ${large.dwellingCount.toLocaleString('en-US')} dwellings, ` +
    `${large.residents.length} resident accounts, ${large.firstDay} … ${large.lastDay}`,
);
const config = loadConfig({ ...process.env, NODE_ENV: 'test', DATABASE_URL: large.url, LOG_LEVEL: 'silent', PUBLIC_URL: 'http://portal.bench', DEMO_DATA: 'false', SESSION_SECRET: 'bench-secret-bench-secret-bench-secret-0' });
// The pool the portal opens in production (its default size), for both routes.
const database = await openDatabase({ kind: 'postgres', url: large.url });
const context = createAppContext({ config, database, clock: systemClock });
const app = await buildApp(context, { logger: false });
// The same portal with the metrics on, over the same database (its own pool, of the same size).
const meteredDatabase = await openDatabase({ kind: 'postgres', url: large.url });
const meteredContext = createAppContext({ config: { ...config, metrics: { port: 0, host: '127.0.0.1' } }, database: meteredDatabase, clock: systemClock });
const meteredApp = await buildApp(meteredContext, { logger: false });
const metricsServer = await startMetricsServer(meteredContext.metrics, { port: 0, host: '127.0.0.1' });

// The baseline: one primary-key lookup in the same database, through the same Fastify app.
const sample = await database.db.selectFrom('readings').select(['residence_id', 'device_id', 'read_at']).limit(1).executeTakeFirstOrThrow();
addPrimaryKeyRoute(app, database.db, '/api/bench/baseline', sample);

// One session per connection, each a different resident.
const cookies: string[] = [];
for (const resident of large.residents.slice(0, CONNECTIONS)) {
  const started = await startSession(context, { userId: resident.userId, role: 'resident', assurance: 'full', clientAddress: '127.0.0.1', userAgent: 'bench' });
  cookies.push(`${sessionCookieName(config)}=${started.token}`);
}
if (cookies.length < CONNECTIONS) throw new Error(`Only ${cookies.length} residents in the bench database`);

const address = await app.listen({ port: 0, host: '127.0.0.1' });
const meteredAddress = await meteredApp.listen({ port: 0, host: '127.0.0.1' });

/** One round on a route: the same connections, duration and browser Accept-Encoding for both routes. */
const load = (path: string, withSessions: boolean, on = address) =>
  runHttpLoad({
    url: `${on}${path}`,
    connections: CONNECTIONS,
    seconds: SECONDS / ROUNDS,
    // What every browser sends; the portal answers gzip where it has it ready (the dashboard's cache).
    headers: { 'accept-encoding': 'gzip, deflate, br' },
    ...(withSessions ? { connectionHeaders: cookies.map((cookie) => ({ cookie })) } : {}),
  });

// Warm-up: every resident's dashboard once on each app, and the baseline.
for (const cookie of cookies) {
  for (const on of [address, meteredAddress]) {
    const response = await fetch(`${on}/api/resident/consumption`, { headers: { cookie } });
    if (response.status !== 200) throw new Error(`dashboard: ${response.status} ${await response.text()}`);
    await response.arrayBuffer();
  }
}
// Scraped every second while the metered app is loaded, as a Prometheus would.
let scrapes = 0;
const scraper = setInterval(() => {
  void fetch(`http://127.0.0.1:${metricsServer.port}/metrics`).then(async (response) => {
    await response.text();
    scrapes += 1;
  });
}, 1000);

// The two routes take turns in short rounds, so a change in the machine's load weighs on both alike.
const baselineRuns: HttpLoadRun[] = [];
const dashboardRuns: HttpLoadRun[] = [];
const meteredRuns: HttpLoadRun[] = [];
for (let round = 0; round < ROUNDS; round += 1) {
  baselineRuns.push(await load('/api/bench/baseline', false));
  // Off then on, then on then off: neither always runs right after the baseline.
  if (round % 2 === 0) {
    dashboardRuns.push(await load('/api/resident/consumption', true));
    meteredRuns.push(await load('/api/resident/consumption', true, meteredAddress));
  } else {
    meteredRuns.push(await load('/api/resident/consumption', true, meteredAddress));
    dashboardRuns.push(await load('/api/resident/consumption', true));
  }
}
clearInterval(scraper);
const baseline = mergeHttpLoadRuns(baselineRuns);
const dashboard = mergeHttpLoadRuns(dashboardRuns);
const metered = mergeHttpLoadRuns(meteredRuns);
for (const [name, run] of [['baseline (one primary-key lookup)', baseline], ['dashboard, metrics off', dashboard], [`dashboard, metrics on (${scrapes} scrapes)`, metered]] as const) {
  console.log(
    `  ${name}: ${run.requests} requests in ${SECONDS} s (${ROUNDS} rounds taking turns) (${run.perSecond.toFixed(0)}/s), ${run.non2xx} not 2xx, ` +
      `p50 ${percentile(run.latencies, 0.5).toFixed(1)} ms, p95 ${percentile(run.latencies, 0.95).toFixed(1)} ms, ${CONNECTIONS} connections`,
  );
}
if (dashboard.non2xx > 0 || baseline.non2xx > 0 || metered.non2xx > 0) throw new Error('Some requests were refused');

const share = dashboard.perSecond / baseline.perSecond;
reportFigure({ bench: BENCH, name: `dashboard p95, ${CONNECTIONS} residents at once, ${(large.readingCount / 1e6).toFixed(1)}M readings`, value: percentile(dashboard.latencies, 0.95), unit: 'ms', target: { comparison: '<=', value: TARGET_P95_MS } });
reportFigure({ bench: BENCH, name: 'dashboard p50', value: percentile(dashboard.latencies, 0.5), unit: 'ms' });
reportFigure({ bench: BENCH, name: 'baseline p95 at the same settings', value: percentile(baseline.latencies, 0.95), unit: 'ms' });
reportFigure({ bench: BENCH, name: 'dashboard requests per second', value: dashboard.perSecond, unit: '/s' });
reportFigure({ bench: BENCH, name: 'baseline (primary-key lookup) requests per second', value: baseline.perSecond, unit: '/s' });
reportFigure({ bench: BENCH, name: 'dashboard throughput / baseline', value: share, unit: '×', target: { comparison: '>=', value: TARGET_THROUGHPUT_SHARE } });
reportFigure({ bench: BENCH, name: 'dashboard requests per second, metrics on', value: metered.perSecond, unit: '/s' });
reportFigure({ bench: BENCH, name: 'dashboard p95, metrics on', value: percentile(metered.latencies, 0.95), unit: 'ms' });
reportFigure({ bench: BENCH, name: 'dashboard throughput, metrics on / off (same run)', value: metered.perSecond / dashboard.perSecond, unit: '×' });

await metricsServer.stop();
await meteredApp.close();
meteredContext.mailer.close();
await meteredDatabase.close();
await app.close();
context.mailer.close();
await database.close();
