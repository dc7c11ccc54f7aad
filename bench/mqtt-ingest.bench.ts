/**
 * wmbusmeters MQTT ingest against HTTP, in the same run, on the real PostgreSQL and the
 * machine's Mosquitto (MQTT_TEST_URL or 127.0.0.1:1883): first the baseline, the same telegrams
 * posted as bodies of 100 JSON lines over 8 connections (autocannon); then one telegram per MQTT
 * message, QoS 1, ingested by the listener with its defaults (4 connections, each holding up to
 * 100 messages unacknowledged, all of them through the HTTP posts' group commit; override with
 * BENCH_MQTT_CONNECTIONS, BENCH_MQTT_MESSAGES_IN_FLIGHT), each message acknowledged once
 * committed. Eight publishers, eight QoS 1 publishes outstanding each
 * (BENCH_MQTT_PUBLISHES_IN_FLIGHT), keep the broker's backlog under each session's messages in
 * flight plus 800, below Mosquitto's default max_queued_messages (1000), so nothing is dropped.
 * The figure is MQTT's readings stored per second over HTTP's. Measured 6 Dec 2026
 * (docs/SCALING.md): on a quiet 2-core machine 0.62 × and 0.58 ×; on a busy one, with the
 * backlog held under 250 a session, 0.45 to 0.76 ×, median 0.63 × (0.47 × before, at 128
 * connections of one message each).
 */
import autocannon from 'autocannon';
import { sql } from 'kysely';
import mqtt from 'mqtt';
import { buildApp } from '../server/app.ts';
import { systemClock } from '../server/clock.ts';
import { loadConfig } from '../server/config.ts';
import { openDatabase } from '../server/db/database.ts';
import { startConsumptionRefresher } from '../server/modules/consumption/consumption-refresher.ts';
import { createDataSource } from '../server/modules/ingest/data-sources.service.ts';
import { startMqttListener } from '../server/modules/ingest/mqtt-listener.ts';
import { createAppContext } from '../server/modules.ts';
import { mqttTestUrl, uniqueMqttNames } from '../server/test/mqtt-broker.ts';
import { benchDatabaseUrl, reportFigure } from './support/bench-output.ts';
import { createSyntheticPortfolio } from './support/synthetic-portfolio.ts';
import { telegramSequence } from './support/wmbus-telegrams.ts';

const BENCH = 'mqtt-ingest';
const DWELLINGS = 1000;
const HTTP_CONNECTIONS = 8;
const PUBLISHERS = 8;
/** QoS 1 publishes each publisher keeps outstanding: one at a time, the broker's round trip would be the bottleneck. */
const PUBLISHES_IN_FLIGHT = Number(process.env.BENCH_MQTT_PUBLISHES_IN_FLIGHT ?? 8);
const SECONDS = Number(process.env.BENCH_MQTT_SECONDS ?? 10);

const config = loadConfig({ ...process.env, NODE_ENV: 'test', DATABASE_URL: benchDatabaseUrl(), LOG_LEVEL: 'silent', SESSION_SECRET: 'bench-secret-bench-secret-bench-secret-0' });
/** The listener's connections and the messages each holds unacknowledged: the defaults (MQTT_CONNECTIONS, MQTT_MESSAGES_IN_FLIGHT) unless BENCH_MQTT_CONNECTIONS or BENCH_MQTT_MESSAGES_IN_FLIGHT say otherwise. */
const MQTT_CONNECTIONS = Number(process.env.BENCH_MQTT_CONNECTIONS ?? config.mqtt.connections);
const MESSAGES_IN_FLIGHT = Number(process.env.BENCH_MQTT_MESSAGES_IN_FLIGHT ?? config.mqtt.messagesInFlight);
const database = await openDatabase({ kind: 'postgres', url: benchDatabaseUrl(), maxConnections: 20 });
// Jobs queued after each pass (alert detection) wait in the queue: no worker runs here, and no maintenance timers.
const context = createAppContext({ config, database, clock: systemClock }, { maintenance: false });
const app = await buildApp(context, { logger: false });
const refresher = startConsumptionRefresher(context, { log: app.log });
try {
  const portfolio = await createSyntheticPortfolio(database.db, { buildingCode: '83000001', dwellings: DWELLINGS, kinds: ['cold_water', 'hot_water'], installedOn: '2020-01-01' });
  const { token } = await createDataSource(context, 'bench-gateway');
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  const nextTelegram = telegramSequence(portfolio.devices);

  const httpBefore = await countReadings();
  const http = await autocannon({
    url: `${address}/api/ingest/wmbusmeters`,
    method: 'POST',
    connections: HTTP_CONNECTIONS,
    duration: SECONDS,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    requests: [{ setupRequest: (request) => ({ ...request, body: Array.from({ length: 100 }, nextTelegram).join('\n') }) }],
  });
  // Bodies still in flight when autocannon stops commit within this pause: counted for HTTP, not MQTT.
  await new Promise((resolve) => setTimeout(resolve, 500));
  const httpRate = ((await countReadings()) - httpBefore) / http.duration;
  console.log(`HTTP ingest, bodies of 100 JSON lines, ${HTTP_CONNECTIONS} connections: ${http.non2xx} not 2xx, ${Math.round(httpRate)} readings/s`);

  const names = uniqueMqttNames('portal-bench');
  const url = mqttTestUrl();
  const connections = MQTT_CONNECTIONS;
  const listener = startMqttListener(context, { ...config.mqtt, connections, messagesInFlight: MESSAGES_IN_FLIGHT, url, topic: `${names.topicRoot}/#`, clientId: names.clientId, shareGroup: names.shareGroup, log: app.log });
  await listener.ready;
  const publishers = await Promise.all(Array.from({ length: PUBLISHERS }, () => mqtt.connectAsync(url, { protocolVersion: 5 })));
  const mqttBefore = await countReadings();
  let published = 0;
  let stored = 0;
  const startedAt = performance.now();
  const until = startedAt + SECONDS * 1000;
  // Each session holds MESSAGES_IN_FLIGHT in flight and queues the rest, up to max_queued_messages (1000) before dropping.
  const maxBacklog = (MESSAGES_IN_FLIGHT + 800) * connections;
  const publishing = publishers.flatMap((publisher, index) => Array.from({ length: PUBLISHES_IN_FLIGHT }, async () => {
    while (performance.now() < until) {
      if (published - stored >= maxBacklog) {
        await new Promise((resolve) => setTimeout(resolve, 5));
        continue;
      }
      published += 1;
      await publisher.publishAsync(`${names.topicRoot}/gateway-${index}`, nextTelegram(), { qos: 1 });
    }
  }));
  const sampling = (async () => {
    while (performance.now() < until) {
      stored = (await countReadings()) - mqttBefore;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  await Promise.all([...publishing, sampling]);
  const elapsed = (performance.now() - startedAt) / 1000;
  stored = (await countReadings()) - mqttBefore;
  const mqttRate = stored / elapsed;
  await Promise.all(publishers.map((publisher) => publisher.endAsync()));
  await listener.close();
  // What was still queued for the listener's sessions is not the bench's: dropped with them.
  await Promise.all(
    Array.from({ length: connections }, async (_, index) =>
      (await mqtt.connectAsync(url, { clientId: `${names.clientId}-${index + 1}`, protocolVersion: 5, clean: true, reconnectPeriod: 0 })).endAsync(),
    ),
  );
  console.log(`MQTT ingest, QoS 1, one reading per message, ${connections} connections, ${MESSAGES_IN_FLIGHT} in flight each: ${published} published, ${stored} stored in ${elapsed.toFixed(1)} s, ${Math.round(mqttRate)} readings/s`);

  reportFigure({ bench: BENCH, name: 'HTTP, bodies of 100 JSON lines, 8 connections (baseline)', value: httpRate, unit: 'readings/s' });
  reportFigure({ bench: BENCH, name: `MQTT, QoS 1, one reading per message, ${connections} connections per node, ${MESSAGES_IN_FLIGHT} messages in flight each`, value: mqttRate, unit: 'readings/s' });
  reportFigure({
    bench: BENCH,
    name: `MQTT (${connections} connections) over HTTP 100-line bodies, readings stored per second`,
    value: mqttRate / httpRate,
    unit: '×',
    target: { comparison: '>=', value: 0.5 },
  });
} finally {
  await refresher.stop();
  await app.close();
  await context.jobs.stop();
  context.mailer.close();
  await database.close();
}

async function countReadings(): Promise<number> {
  const { rows } = await sql<{ count: number }>`select count(*)::int as count from readings`.execute(database.db);
  return rows[0]!.count;
}
