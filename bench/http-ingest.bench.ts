/**
 * wmbusmeters HTTP ingest throughput on the real PostgreSQL: the app listens on a local port
 * with the consumption refresher running, as in production, and autocannon posts over 8
 * connections, bodies of 100 JSON lines, then single-object bodies. Every message is a new
 * reading (its own device and moment), so each one is stored, not counted as a duplicate.
 */
import autocannon from 'autocannon';
import { buildApp } from '../server/app.ts';
import { systemClock } from '../server/clock.ts';
import { loadConfig } from '../server/config.ts';
import { openDatabase } from '../server/db/database.ts';
import { startConsumptionRefresher } from '../server/modules/consumption/consumption-refresher.ts';
import { createDataSource } from '../server/modules/ingest/data-sources.service.ts';
import { createAppContext } from '../server/modules.ts';
import { benchDatabaseUrl, reportFigure } from './support/bench-output.ts';
import { createSyntheticPortfolio } from './support/synthetic-portfolio.ts';

const BENCH = 'http-ingest';
const DWELLINGS = 1000;
const CONNECTIONS = 8;
const SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 15);

const config = loadConfig({ ...process.env, NODE_ENV: 'test', DATABASE_URL: benchDatabaseUrl(), LOG_LEVEL: 'silent', SESSION_SECRET: 'bench-secret-bench-secret-bench-secret-0' });
const database = await openDatabase({ kind: 'postgres', url: benchDatabaseUrl(), maxConnections: 20 });
// Jobs queued after each pass (alert detection) wait in the queue: no worker runs here, and no maintenance timers.
const context = createAppContext({ config, database, clock: systemClock }, { maintenance: false });
const app = await buildApp(context, { logger: false });
const refresher = startConsumptionRefresher(context, { log: app.log });
try {
  const portfolio = await createSyntheticPortfolio(database.db, { buildingCode: '82000001', dwellings: DWELLINGS, kinds: ['cold_water', 'hot_water'], installedOn: '2020-01-01' });
  const { token } = await createDataSource(context, 'bench-gateway');
  const address = await app.listen({ port: 0, host: '127.0.0.1' });

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

  for (const [name, linesPerBody] of [['bodies of 100 JSON lines', 100], ['single-object bodies', 1]] as const) {
    const storedBefore = await countReadings();
    const result = await autocannon({
      url: `${address}/api/ingest/wmbusmeters`,
      method: 'POST',
      connections: CONNECTIONS,
      duration: SECONDS,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      requests: [{ setupRequest: (request) => ({ ...request, body: Array.from({ length: linesPerBody }, nextMessage).join('\n') }) }],
    });
    const stored = (await countReadings()) - storedBefore;
    const seconds = result.duration;
    console.log(`HTTP ingest, ${name}: ${result.requests.total} requests, ${result.non2xx} not 2xx, ${stored} readings stored in ${seconds.toFixed(1)} s, p99 latency ${result.latency.p99} ms`);
    reportFigure({
      bench: BENCH,
      name: `wmbusmeters readings stored per second, ${name}, ${CONNECTIONS} connections`,
      value: stored / seconds,
      unit: 'readings/s',
      ...(linesPerBody === 100 ? { target: { comparison: '>=' as const, value: 5000 } } : {}),
    });
  }
} finally {
  await refresher.stop();
  await app.close();
  await context.jobs.stop();
  context.mailer.close();
  await database.close();
}

async function countReadings(): Promise<number> {
  const row = await database.db.selectFrom('readings').select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
  return Number(row.count);
}
