import { randomBytes } from 'node:crypto';
import mqtt from 'mqtt';

/**
 * The MQTT 5 broker the MQTT tests run against: MQTT_TEST_URL, or a Mosquitto on this machine
 * (`.ci/run` starts one). Persistent sessions and shared subscriptions need a real broker.
 */
export function mqttTestUrl(): string {
  return process.env.MQTT_TEST_URL || 'mqtt://127.0.0.1:1883';
}

let probe: Promise<string | undefined> | undefined;

/**
 * Why the MQTT tests cannot run here (no broker answers at mqttTestUrl() within a second), or
 * undefined when one does; probed once per test file. Printed, so that a skip says why: the
 * MQTT tests skip on a machine without a broker as the PostgreSQL-only ones skip on PGlite.
 * CI always has one (`.ci/run` starts Mosquitto).
 */
export function mqttBrokerAbsence(): Promise<string | undefined> {
  probe ??= mqtt.connectAsync(mqttTestUrl(), { protocolVersion: 5, connectTimeout: 1000, reconnectPeriod: 0 }).then(
    async (client) => {
      await client.endAsync(true);
      return undefined;
    },
    (error: Error) => {
      const reason = `MQTT tests skipped: no broker answers at ${mqttTestUrl()} (${error.message || 'no answer'}); set MQTT_TEST_URL or start Mosquitto to run them`;
      console.warn(reason);
      return reason;
    },
  );
  return probe;
}

/** A topic, share group and client id no other test run uses on the shared broker. */
export function uniqueMqttNames(prefix: string): { topicRoot: string; shareGroup: string; clientId: string } {
  const suffix = `${process.pid}-${randomBytes(4).toString('hex')}`;
  return { topicRoot: `${prefix}-${suffix}`, shareGroup: `${prefix}-${suffix}`, clientId: `${prefix}-${suffix}` };
}

/** A wmbusmeters-shaped message for radio id `radioId` at `at`, its index `totalM3` as printed. */
export function waterTelegram(radioId: string, at: Date, totalM3: string): string {
  return `{"_":"telegram","media":"water","meter":"multical21","name":"test","id":"${radioId}","timestamp":"${at.toISOString()}","total_m3":${totalM3}}`;
}

/**
 * The first message the broker still holds for one of a listener's sessions, if any within
 * `forMs`: connects with its client id, the session kept, and never acknowledges (so it stays).
 */
export async function firstMessageHeldFor(url: string, clientId: string, forMs: number): Promise<string | undefined> {
  const client = await mqtt.connectAsync(url, { clientId, protocolVersion: 5, clean: false, properties: { sessionExpiryInterval: 60 }, reconnectPeriod: 0 });
  let first: string | undefined;
  client.handleMessage = (packet) => {
    first ??= 'payload' in packet ? String(packet.payload) : '';
  };
  await new Promise((resolve) => setTimeout(resolve, forMs));
  await client.endAsync(true);
  return first;
}
