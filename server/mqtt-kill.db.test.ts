import { sql } from 'kysely';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from './db/migrate.ts';
import { buildDevice, buildResidence } from './test/factories.ts';
import { findFreePort } from './test/free-port.ts';
import { mqttBrokerAbsence, mqttTestUrl, uniqueMqttNames, waterTelegram } from './test/mqtt-broker.ts';
import { createServerDatabase, startServerProcess, waitFor, type ServerDatabase, type ServerProcess } from './test/server-process.ts';

const MESSAGES = 600;
const KILL_AFTER = 200;
const PUBLISH_EVERY_MS = 4;
const CONNECTIONS = 4;
const FIRST_AT = Date.parse('2026-02-01T00:00:00Z');

// Skipped, saying why, where no broker answers at MQTT_TEST_URL.
const brokerAbsence = await mqttBrokerAbsence();

/**
 * The real server process (server/main.ts) listening to the machine's Mosquitto with persistent
 * sessions: a steady stream of QoS 1 readings for one meter, the process killed with SIGKILL
 * mid-stream and started again under the same client id. Every message the broker handed it is
 * stored once: N readings, N distinct moments, and the two runs' stored counts add up to N.
 */
describe.skipIf(brokerAbsence !== undefined)('MQTT ingest across a SIGKILL of the node', () => {
  let database: ServerDatabase;
  let environment: Record<string, string>;
  let deviceId = '';
  const names = uniqueMqttNames('portal-kill');

  beforeAll(async () => {
    database = await createServerDatabase('portal-mqtt-kill-');
    environment = {
      ...database.environment,
      MQTT_URL: mqttTestUrl(),
      MQTT_TOPIC: `${names.topicRoot}/#`,
      MQTT_CLIENT_ID: names.clientId,
      MQTT_SHARE_GROUP: names.shareGroup,
      MQTT_CONNECTIONS: String(CONNECTIONS),
      MQTT_SESSION_EXPIRY_SECONDS: '300',
      LOG_LEVEL: 'warn',
    };
    await database.use(async ({ db }) => {
      await migrateToLatest(db);
      const residence = await buildResidence(db, { time_zone: 'Europe/Paris' });
      deviceId = (await buildDevice(db, { residence_id: residence.id, serial_number: '720000001', radio_id: '72000001', kind: 'cold_water' })).id;
    });
  });

  afterAll(() => database?.close());

  it('stores every message the broker handed the killed node exactly once', { timeout: 120_000 }, async () => {
    const first = await startListeningServer();
    const publisher = await mqtt.connectAsync(mqttTestUrl(), { protocolVersion: 5 });
    let published = 0;
    const publishing = (async () => {
      for (let index = 0; index < MESSAGES; index += 1) {
        const at = new Date(FIRST_AT + index * 60_000);
        await publisher.publishAsync(`${names.topicRoot}/meter`, waterTelegram('72000001', at, `${index}.25`), { qos: 1 });
        published += 1;
        await new Promise((resolve) => setTimeout(resolve, PUBLISH_EVERY_MS));
      }
    })();

    await waitFor(() => published >= KILL_AFTER, 60_000, () => `only ${published} published`);
    const storedByFirst = (await mqttCounts(first)).stored;
    first.child.kill('SIGKILL');
    await first.exited;
    const publishedAtKill = published;

    const second = await startListeningServer();
    await publishing;
    await publisher.endAsync();
    // The database is the server's alone on PGlite: wait until the restarted node has had nothing new for 2 s.
    const total = (counts: Record<string, number>) => Object.values(counts).reduce((sum, count) => sum + count, 0);
    let counts = await mqttCounts(second);
    let quietSince = performance.now();
    const deadline = performance.now() + 30_000;
    while (performance.now() - quietSince < 2000 && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const next = await mqttCounts(second);
      if (total(next) !== total(counts)) quietSince = performance.now();
      counts = next;
    }
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);

    const stored = await database.use(async ({ db }) =>
      (
        await sql<{ rows: number; moments: number }>`
          select count(*)::int as rows, count(distinct read_at)::int as moments from readings where device_id = ${deviceId}`.execute(db)
      ).rows[0]!,
    );
    console.log(
      `mqtt kill: ${publishedAtKill}/${MESSAGES} published at the SIGKILL, ${storedByFirst} stored before it (as last scraped), ` +
        `${counts.stored} stored and ${counts.duplicate} duplicates after the restart; ${stored.rows} readings, ${stored.moments} moments`,
    );
    expect(storedByFirst).toBeLessThan(MESSAGES);
    expect(stored).toEqual({ rows: MESSAGES, moments: MESSAGES });
    expect(counts.refused + counts.quarantined + counts.conflict).toBe(0);
  });

  /** The server with its metrics on a port of their own, once every MQTT connection is subscribed. */
  async function startListeningServer(): Promise<ServerProcess & { metricsPort: number }> {
    const metricsPort = await findFreePort();
    const server = await startServerProcess({ ...environment, METRICS_PORT: String(metricsPort) });
    let mqttState = '';
    const deadline = performance.now() + 30_000;
    while (mqttState !== 'ok') {
      if (performance.now() > deadline) throw new Error(`the MQTT listener did not subscribe:\n${server.output()}`);
      const readiness = (await (await fetch(`http://127.0.0.1:${server.port}/api/health/ready`)).json()) as { info: { parts: Record<string, { state: string }> } };
      mqttState = readiness.info.parts.mqtt?.state ?? '';
      if (mqttState !== 'ok') await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return { ...server, metricsPort };
  }
});

/** The node's `portal_ingest_readings_total{source="mqtt"}` by outcome. */
async function mqttCounts(server: { metricsPort: number }): Promise<Record<'stored' | 'duplicate' | 'conflict' | 'refused' | 'quarantined', number>> {
  const text = await (await fetch(`http://127.0.0.1:${server.metricsPort}/metrics`)).text();
  const count = (outcome: string) => {
    const line = text.split('\n').find((candidate) => candidate.startsWith(`portal_ingest_readings_total{source="mqtt",outcome="${outcome}"}`));
    return Number(line?.split(' ').at(-1) ?? Number.NaN);
  };
  return { stored: count('stored'), duplicate: count('duplicate'), conflict: count('conflict'), refused: count('refused'), quarantined: count('quarantined') };
}
