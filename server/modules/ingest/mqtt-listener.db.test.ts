import mqtt from 'mqtt';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../app-context.ts';
import { openDatabase } from '../../db/database.ts';
import { buildDevice, buildResidence } from '../../test/factories.ts';
import { findFreePort } from '../../test/free-port.ts';
import { firstMessageHeldFor, mqttBrokerAbsence, mqttTestUrl, uniqueMqttNames, waterTelegram } from '../../test/mqtt-broker.ts';
import { useTestApp } from '../../test/test-app.ts';
import { startMqttListener, type MqttListenerOptions } from './mqtt-listener.ts';

// Skipped, saying why, where no broker answers at MQTT_TEST_URL.
const brokerAbsence = await mqttBrokerAbsence();

/**
 * The MQTT listener against a real broker (Mosquitto: persistent sessions, shared subscriptions):
 * each message acknowledged only once committed, nothing acknowledged that was not.
 */
describe.skipIf(brokerAbsence !== undefined)('MQTT listener', () => {
  const harness = useTestApp();
  const url = mqttTestUrl();
  const firstAt = Date.parse('2026-03-01T00:00:00Z');
  let deviceId = '';

  beforeAll(async () => {
    const { context } = harness();
    const residence = await buildResidence(context.db, { time_zone: 'Europe/Paris' });
    deviceId = (await buildDevice(context.db, { residence_id: residence.id, serial_number: '710000001', radio_id: '71000001', kind: 'cold_water' })).id;
  });

  function listenerOptions(prefix: string, log = silentLog): Omit<MqttListenerOptions, 'topic'> & { topic: string; topicRoot: string } {
    const names = uniqueMqttNames(prefix);
    return { url, topic: `${names.topicRoot}/#`, topicRoot: names.topicRoot, clientId: names.clientId, shareGroup: names.shareGroup, connections: 2, messagesInFlight: 20, sessionExpirySeconds: 120, log };
  }

  async function publish(topic: string, messages: readonly string[]): Promise<void> {
    const publisher = await mqtt.connectAsync(url, { protocolVersion: 5 });
    for (const message of messages) await publisher.publishAsync(topic, message, { qos: 1 });
    await publisher.endAsync();
  }

  /** Readings of the test device from minute `from` (after firstAt) on: how many, and how many distinct moments. */
  async function countReadings(from: number, count: number): Promise<{ rows: number; moments: number }> {
    const row = await harness()
      .context.db.selectFrom('readings')
      .select([sql<number>`count(*)::int`.as('rows'), sql<number>`count(distinct read_at)::int`.as('moments')])
      .where('device_id', '=', deviceId)
      .where('read_at', '>=', new Date(firstAt + from * 60_000))
      .where('read_at', '<', new Date(firstAt + (from + count) * 60_000))
      .executeTakeFirstOrThrow();
    return row;
  }

  const telegrams = (from: number, count: number) =>
    Array.from({ length: count }, (_, index) => waterTelegram('71000001', new Date(firstAt + (from + index) * 60_000), `${from + index}.5`));

  async function expectNothingHeld(options: { clientId: string; connections: number }) {
    for (let index = 1; index <= options.connections; index += 1) {
      expect(await firstMessageHeldFor(url, `${options.clientId}-${index}`, 500)).toBeUndefined();
    }
  }

  it('stores what wmbusmeters publishes and acknowledges each message once committed', { timeout: 60_000 }, async () => {
    const options = listenerOptions('mqtt-store');
    const listener = startMqttListener(harness().context, options);
    await listener.ready;
    expect(listener.status()).toEqual({ state: 'ok', detail: `subscribed to $share/${options.shareGroup}/${options.topic} over 2 connections` });
    await publish(`${options.topicRoot}/kitchen`, telegrams(0, 40));
    await expect.poll(() => countReadings(0, 40), { timeout: 20_000 }).toEqual({ rows: 40, moments: 40 });
    await listener.close();
    await expectNothingHeld(options);
  });

  it('quarantines a message that can never be stored, then acknowledges it: it never comes back', { timeout: 60_000 }, async () => {
    const options = listenerOptions('mqtt-poison');
    const listener = startMqttListener(harness().context, options);
    await listener.ready;
    const unknownMeter = waterTelegram('7badc0de', new Date(firstAt), '1.5');
    await publish(`${options.topicRoot}/hall`, [unknownMeter, '{"id": "71000001", "meter": ']);
    const quarantined = () =>
      harness()
        .context.db.selectFrom('ingest_quarantine')
        .select(['reason', 'radio_id'])
        .where('radio_id', '=', '7badc0de')
        .execute();
    await expect.poll(quarantined, { timeout: 20_000 }).toEqual([{ reason: 'unknown_device', radio_id: '7badc0de' }]);
    await listener.close();
    await expectNothingHeld(options);
  });

  it('quarantines, with its reason, a message that can never be stored amid good ones, and acknowledges it; the good ones are stored', { timeout: 60_000 }, async () => {
    const options = listenerOptions('mqtt-never');
    const listener = startMqttListener(harness().context, options);
    await listener.ready;
    const good = telegrams(300, 12);
    const at = (minute: number) => new Date(firstAt + minute * 60_000).toISOString();
    const poison = [
      '{"_":"telegram","media":"water","meter":"multical21","id":"71000001","total_m3":',
      `{"_":"telegram","media":"water","meter":"multical21","id":"71000001","timestamp":"${at(320)}","total_m3":-3}`,
      // An index of 131,073 digits overflows numeric (SQLSTATE 22003): the database refuses it for good.
      `{"_":"telegram","media":"water","meter":"multical21","id":"71000001","timestamp":"${at(321)}","total_m3":1${'0'.repeat(131_072)}}`,
    ];
    await publish(`${options.topicRoot}/garage`, [...good.slice(0, 4), poison[0]!, ...good.slice(4, 8), poison[1]!, poison[2]!, ...good.slice(8)]);
    await expect.poll(() => countReadings(300, 30), { timeout: 20_000 }).toEqual({ rows: 12, moments: 12 });
    const quarantined = () =>
      harness()
        .context.db.selectFrom('mqtt_quarantine')
        .select(['topic', 'payload', 'payload_bytes', 'reason', 'detail'])
        .where('topic', '=', `${options.topicRoot}/garage`)
        .orderBy('id')
        .execute();
    await expect.poll(async () => (await quarantined()).length, { timeout: 20_000 }).toBe(3);
    const rows = await quarantined();
    expect(rows.map((row) => row.reason).sort()).toEqual(['database_refused', 'invalid_index', 'not_json']);
    // Each kept with its payload, cut to its first 4 KiB, and its whole size.
    expect(rows.map((row) => [Buffer.from(row.payload).toString(), row.payload_bytes]).sort()).toEqual(
      poison.map((message) => [message.slice(0, 4096), message.length]).sort(),
    );
    expect(rows.find((row) => row.reason === 'database_refused')?.detail).toMatch(/^22003 /);
    await listener.close();
    await expectNothingHeld(options);
  });

  it('acknowledges nothing while the database is away; once it is back, the broker hands the messages again and each is stored once', { timeout: 60_000 }, async () => {
    const failures: string[] = [];
    const options = listenerOptions('mqtt-database-away', { info: () => {}, warn: () => {}, debug: () => {}, error: (_details: unknown, message: string) => failures.push(message) } as never);
    const unreachable = await openDatabase({ kind: 'postgres', url: `postgres://postgres@127.0.0.1:${await findFreePort()}/nowhere` });
    const { context } = harness();
    let db = unreachable.db;
    const switchable = { ...context, get db() { return db; } } as AppContext;
    const listener = startMqttListener(switchable, options);
    await listener.ready;
    await publish(`${options.topicRoot}/cellar`, telegrams(100, 6));
    await expect.poll(() => failures.length, { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
    expect(failures[0]).toMatch(/not acknowledged/);
    expect(await countReadings(100, 6)).toEqual({ rows: 0, moments: 0 });

    db = context.db;
    await expect.poll(() => countReadings(100, 6), { timeout: 40_000 }).toEqual({ rows: 6, moments: 6 });
    await expect.poll(() => listener.status().state, { timeout: 10_000 }).toBe('ok');
    // A database away is no reason to quarantine.
    expect(await context.db.selectFrom('mqtt_quarantine').select('id').where('topic', 'like', `${options.topicRoot}/%`).execute()).toEqual([]);
    await listener.close();
    await unreachable.close();
    await expectNothingHeld(options);
  });

  it('on close, acknowledges what committed and leaves the rest with the broker for the same client id', { timeout: 90_000 }, async () => {
    const options = listenerOptions('mqtt-close');
    const first = startMqttListener(harness().context, options);
    await first.ready;
    const publishing = publish(`${options.topicRoot}/attic`, telegrams(200, 300));
    await expect.poll(async () => (await countReadings(200, 300)).rows, { timeout: 20_000, interval: 20 }).toBeGreaterThan(20);
    await first.close();
    const storedBeforeRestart = (await countReadings(200, 300)).rows;
    await publishing;
    expect(storedBeforeRestart).toBeLessThan(300);

    const second = startMqttListener(harness().context, options);
    await second.ready;
    await expect.poll(() => countReadings(200, 300), { timeout: 30_000 }).toEqual({ rows: 300, moments: 300 });
    await second.close();
    await expectNothingHeld(options);
  });
});

const silentLog = { info: () => {}, warn: () => {}, error: () => {}, debug: () => {} } as never;
