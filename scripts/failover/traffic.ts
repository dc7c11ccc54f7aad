/**
 * The traffic the failover test runs against the cluster, each stream recording what it was told:
 * wmbusmeters readings posted over HTTP one per request (acknowledged by a 2xx), the same
 * readings published over MQTT with QoS 1 one per message (acknowledged by the broker's PUBACK),
 * and a logged-in resident's dashboard calls. Every request and every acknowledgement is timed.
 */
import mqtt from 'mqtt';

/** A device the test writes readings for, from its last stored reading on. */
export interface TestDevice {
  deviceId: string;
  radioId: string;
  lastReadAtMs: number;
  lastIndex: number;
}

/** One reading, named by its device and moment (what `readings` is keyed by). */
export interface SentReading {
  key: string;
  telegram: string;
}

/** A request's end: when, and whether it succeeded. */
export interface RequestOutcome {
  at: number;
  ok: boolean;
}

interface Acknowledgement {
  key: string;
  at: number;
}

export interface StreamRecord {
  outcomes: RequestOutcome[];
  acknowledged: Acknowledgement[];
}

const REQUEST_TIMEOUT_MS = 5000;
/**
 * Readings of one device are this far apart, each 0.1 L more (a plausible 0.18 m³/h): the demo's
 * 48 metered water meters, read hourly up to midnight, leave hours of room before now.
 */
const STEP_MS = 2000;
const STEP_M3 = 0.0001;

export function readingKey(deviceId: string, readAtMs: number): string {
  return `${deviceId}|${readAtMs}`;
}

/** New readings for the devices in turn, each a step later than that device's previous one, its index growing. */
export function readingSequence(devices: readonly TestDevice[]): () => SentReading {
  let sequence = 0;
  return () => {
    const device = devices[sequence % devices.length]!;
    const step = Math.floor(sequence / devices.length) + 1;
    sequence += 1;
    const readAtMs = device.lastReadAtMs + step * STEP_MS;
    const at = new Date(readAtMs).toISOString().replace('.000', '');
    const total = (device.lastIndex + step * STEP_M3).toFixed(4);
    return {
      key: readingKey(device.deviceId, readAtMs),
      telegram: `{"_":"telegram","media":"water","meter":"multical21","name":"failover","id":"${device.radioId}","total_m3":${total},"status":"OK","timestamp":"${at}"}`,
    };
  };
}

/** A loop that runs until `isRunning()` turns false; resolves when its last request ended. */
type Loop = Promise<void>;

export function postReadingsOverHttp(options: { portalUrl: string; token: string; next: () => SentReading; connections: number; isRunning: () => boolean }): { record: StreamRecord; done: Loop } {
  const record: StreamRecord = { outcomes: [], acknowledged: [] };
  const loops = Array.from({ length: options.connections }, async () => {
    while (options.isRunning()) {
      const reading = options.next();
      const ok = await succeeds(() =>
        fetch(`${options.portalUrl}/api/ingest/wmbusmeters`, {
          method: 'POST',
          headers: { authorization: `Bearer ${options.token}`, 'content-type': 'application/json' },
          body: reading.telegram,
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        }),
      );
      const at = Date.now();
      record.outcomes.push({ at, ok });
      if (ok) record.acknowledged.push({ key: reading.key, at });
      else await pause(100);
    }
  });
  return { record, done: Promise.all(loops).then(() => undefined) };
}

/**
 * Publishes at a steady pace, as gateways do: the broker acknowledges far faster than the portal
 * stores, and an unpaced publisher would only fill the sessions' queues past their limit.
 */
export async function publishReadingsOverMqtt(options: { mqttUrl: string; topic: string; next: () => SentReading; perSecond: number; inFlight: number; isRunning: () => boolean }): Promise<{ record: StreamRecord; done: Loop }> {
  const record: StreamRecord = { outcomes: [], acknowledged: [] };
  const client = await mqtt.connectAsync(options.mqttUrl, { protocolVersion: 5, clientId: `failover-publisher-${process.pid}`, clean: true });
  let nextSlot = Date.now();
  const loops = Array.from({ length: options.inFlight }, async () => {
    while (options.isRunning()) {
      const slot = nextSlot;
      nextSlot += 1000 / options.perSecond;
      if (slot > Date.now()) await pause(slot - Date.now());
      const reading = options.next();
      const ok = await succeeds(() => client.publishAsync(options.topic, reading.telegram, { qos: 1 }));
      const at = Date.now();
      record.outcomes.push({ at, ok });
      if (ok) record.acknowledged.push({ key: reading.key, at });
    }
  });
  const done = Promise.all(loops).then(() => client.endAsync());
  return { record, done };
}

/** A resident who logs in once, then calls what the dashboard calls, in turn. */
export async function browseAsResident(options: { portalUrl: string; email: string; password: string; clients: number; isRunning: () => boolean }): Promise<{ record: StreamRecord; done: Loop }> {
  const login = await fetch(`${options.portalUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ space: 'resident', email: options.email, password: options.password }),
  });
  if (!login.ok) throw new Error(`resident login refused: ${login.status} ${await login.text()}`);
  const cookie = login.headers.getSetCookie().map((line) => line.split(';')[0]).join('; ');
  const paths = ['/api/auth/me', '/api/resident/consumption', '/api/resident/alerts', '/api/resident/consumption/meters'];
  const record: StreamRecord = { outcomes: [], acknowledged: [] };
  const loops = Array.from({ length: options.clients }, async (_, client) => {
    let call = client;
    while (options.isRunning()) {
      const path = paths[call % paths.length]!;
      call += 1;
      const ok = await succeeds(() => fetch(`${options.portalUrl}${path}`, { headers: { cookie }, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) }));
      record.outcomes.push({ at: Date.now(), ok });
      if (!ok) await pause(100);
    }
  });
  return { record, done: Promise.all(loops).then(() => undefined) };
}

async function succeeds(request: () => Promise<unknown>): Promise<boolean> {
  try {
    const result = await request();
    if (result instanceof Response) {
      await result.arrayBuffer();
      return result.ok;
    }
    return true;
  } catch {
    return false;
  }
}

export function pause(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}
