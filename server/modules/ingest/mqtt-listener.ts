import type { FastifyBaseLogger } from 'fastify';
import mqtt, { type IPublishPacket, type MqttClient } from 'mqtt';
import type { AppContext, PartStatus } from '../../app-context.ts';
import type { Config } from '../../config.ts';
import { countIngestedMessages, setMqttConnected } from './ingest.metrics.ts';
import { quarantineMqttMessage, quarantineReasonOf } from './mqtt-quarantine.service.ts';
import { reconnectDelayMs } from './mqtt-reconnect-delay.ts';
import { createGroupedWmbusIngest, failsForGood } from './wmbusmeters.service.ts';

/**
 * Subscribes to the topic where wmbusmeters publishes (MQTT_URL, MQTT_TOPIC) and ingests what
 * arrives like single-message HTTP posts, losing nothing it acknowledged: QoS 1, a persistent
 * MQTT 5 session per connection under a client id stable across restarts, and each message
 * acknowledged (PUBACK) only once its readings are committed. The broker's own authentication
 * stands for the data-source token here.
 *
 * Each connection holds up to MQTT_MESSAGES_IN_FLIGHT messages unacknowledged (its receive
 * maximum, which the broker honours), and every message goes through the same group commit as
 * single-message HTTP posts (`createGroupedWmbusIngest`, INGEST_GROUP_WINDOW_MS and
 * INGEST_GROUP_MAX_POSTS), so concurrent messages share one statement. mqtt.js would send a
 * message's PUBACK as soon as `handleMessage` calls back, and hand over no other message until
 * then; the listener calls back at once with HELD, which makes mqtt.js move on without a
 * PUBACK, and sends that PUBACK itself once the message committed, in the order the
 * connection's messages came (MQTT 5, section 4.6).
 *
 * A message that can never be stored (not JSON, not a telegram the parser takes, a value the
 * database refuses, a month archived) is quarantined (`mqtt-quarantine.service.ts`), then
 * acknowledged. Any other failure (database away, connection lost, serialization failure) is
 * not acknowledged: that connection is dropped and comes back after a growing delay (at most
 * 5 s, `mqtt-reconnect-delay.ts`), and the broker hands its messages again. Several connections
 * (MQTT_CONNECTIONS) and every other node's split the topic by a shared subscription. How Mosquitto treats a departed member's
 * messages: docs/SCALING.md.
 */
export interface MqttListener {
  /** Resolves once every connection is subscribed. */
  ready: Promise<void>;
  /** Finishes the messages being committed and acknowledges them, then disconnects; what was not committed stays with the broker. */
  close(): Promise<void>;
  /** For /api/health/ready's body: ok while every connection is up, degraded while one is (re)connecting. */
  status(): PartStatus;
}

export type MqttListenerOptions = Omit<Config['mqtt'], 'url'> & { url: string; log: FastifyBaseLogger };

interface Connection {
  client: MqttClient;
  /** Counts its connections: an acknowledgement meant for an earlier one is not sent on a later one. */
  generation: number;
  /** Between the broker's SUBACK and the connection's end. */
  subscribed: boolean;
  /** This connection's QoS 1 messages not yet acknowledged, in the order they came. */
  unacknowledged: Delivery[];
  /** Failures in a row (not for good): the delay before the next reconnection grows with them. */
  failures: number;
  /** Dropped after a failure, until it is connected again. */
  dropped: boolean;
  reconnectTimer?: NodeJS.Timeout;
}

interface Delivery {
  topic: string;
  payload: Buffer;
  messageId: number | undefined;
  receivedAt: Date;
  generation: number;
  /** Its readings, or its quarantine entry, are committed. */
  committed: boolean;
}

/** Handed to mqtt.js's `handleMessage` callback: it then takes the next message and sends no PUBACK for this one. */
const HELD = new Error('held until committed; acknowledged by the listener');

export function startMqttListener(context: Pick<AppContext, 'database' | 'db' | 'clock' | 'metrics' | 'config'>, options: MqttListenerOptions): MqttListener {
  const subscription = `$share/${options.shareGroup}/${options.topic}`;
  const grouped = createGroupedWmbusIngest(context, context.config.ingestGroup);
  const inFlight = new Set<Promise<void>>();
  let closing = false;
  let lastError: string | undefined;

  const connections: Connection[] = Array.from({ length: options.connections }, (_, index) => {
    const client = mqtt.connect(options.url, {
      clientId: `${options.clientId}-${index + 1}`,
      protocolVersion: 5,
      clean: false,
      properties: { sessionExpiryInterval: options.sessionExpirySeconds, receiveMaximum: options.messagesInFlight },
      reconnectPeriod: 2000,
      // Subscribed again at each connect below, whether the broker kept the session or not.
      resubscribe: false,
    });
    const connection: Connection = { client, generation: 0, subscribed: false, unacknowledged: [], failures: 0, dropped: false };
    client.handleMessage = (packet, callback) => {
      // While closing, a message is left unacknowledged: the broker keeps it for this session.
      if (!closing) receive(connection, packet);
      callback(HELD);
    };
    client.on('connect', () => {
      connection.generation += 1;
      connection.dropped = false;
      reportConnected();
    });
    client.on('close', () => {
      connection.subscribed = false;
      // The broker hands them again on the next connection.
      connection.unacknowledged = [];
      reportConnected();
    });
    client.on('error', (error) => {
      lastError = error.message;
      options.log.warn({ err: error, clientId: client.options.clientId }, 'mqtt connection error');
    });
    return connection;
  });

  const subscribe = (connection: Connection) =>
    new Promise<void>((resolve, reject) => {
      const { client } = connection;
      client.subscribe(subscription, { qos: 1 }, (error, granted) => {
        const refused = granted?.find((grant) => grant.qos >= 128);
        if (error || refused) {
          const failure = error ?? new Error(`the broker refused ${subscription} (reason code ${refused!.qos})`);
          lastError = failure.message;
          options.log.error({ err: failure, clientId: client.options.clientId }, 'mqtt subscription failed');
          reject(failure);
        } else {
          connection.subscribed = true;
          resolve();
        }
      });
    });
  // Subscribed at every connect, whether the broker kept the session or not (MQTT_TOPIC may have changed).
  const ready = Promise.all(
    connections.map((connection) => new Promise<void>((resolve, reject) => connection.client.on('connect', () => subscribe(connection).then(resolve, reject)))),
  ).then(() => undefined);
  // main.ts does not wait for it: a refused subscription shows in status(), not as an unhandled rejection.
  ready.catch(() => {});

  function reportConnected() {
    setMqttConnected(context, connections.every(({ client }) => client.connected));
  }

  function receive(connection: Connection, packet: IPublishPacket) {
    const delivery: Delivery = {
      topic: packet.topic,
      payload: Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload),
      // QoS 0 (the publisher's choice) has nothing to acknowledge.
      messageId: packet.qos > 0 ? packet.messageId : undefined,
      receivedAt: context.clock.now(),
      generation: connection.generation,
      committed: false,
    };
    if (delivery.messageId !== undefined) connection.unacknowledged.push(delivery);
    const ingesting: Promise<void> = ingest(connection, delivery).finally(() => inFlight.delete(ingesting));
    inFlight.add(ingesting);
  }

  async function ingest(connection: Connection, delivery: Delivery): Promise<void> {
    try {
      await store(delivery);
    } catch (error) {
      leaveWithBroker(connection, delivery, error);
      return;
    }
    delivery.committed = true;
    if (delivery.generation === connection.generation) connection.failures = 0;
    acknowledgeInOrder(connection);
  }

  /** Resolves once the message's readings, or its quarantine entry, are committed; rejects when it may pass another time. */
  async function store(delivery: Delivery): Promise<void> {
    let summary;
    try {
      summary = await grouped.ingest([delivery.payload.toString()], { dataSourceId: null });
    } catch (error) {
      if (!failsForGood(error)) throw error;
      await quarantineMqttMessage(context, delivery, quarantineReasonOf(error));
      return;
    }
    countIngestedMessages(context, 'mqtt', summary);
    const refusal = summary.problems.find((problem) => problem.outcome === 'refused');
    if (refusal) {
      await quarantineMqttMessage(context, delivery, {
        reason: refusal.reason ?? 'refused',
        detail: refusal.serialNumber ? `device ${refusal.serialNumber}${refusal.indexField ? `, field ${refusal.indexField}` : ''}` : null,
      });
    }
  }

  /** Sends the PUBACKs of the connection's first messages that are committed, up to the first that is not. */
  function acknowledgeInOrder(connection: Connection) {
    const { unacknowledged, client } = connection;
    while (unacknowledged[0]?.committed) {
      const delivery = unacknowledged.shift()!;
      if (delivery.generation !== connection.generation || !client.connected) continue;
      // mqtt.js has no public call for a PUBACK of our own; this is the one its handler uses.
      client['_sendPacket']({ cmd: 'puback', messageId: delivery.messageId, reasonCode: 0 });
    }
  }

  /** A failure that may pass: the message is not acknowledged, and its connection is dropped so that the broker hands it again. */
  function leaveWithBroker(connection: Connection, delivery: Delivery, error: unknown) {
    lastError = error instanceof Error ? error.message : String(error);
    if (closing || connection.dropped || delivery.generation !== connection.generation) return;
    connection.failures += 1;
    const retryInMs = reconnectDelayMs(connection.failures);
    options.log.error(
      { err: error, clientId: connection.client.options.clientId, retryInMs },
      'mqtt ingest failed: not acknowledged, the broker hands the message again after a reconnect',
    );
    connection.dropped = true;
    connection.client.end(true, {}, () => {
      if (closing) return;
      connection.reconnectTimer = setTimeout(() => {
        connection.reconnectTimer = undefined;
        if (!closing) connection.client.reconnect();
      }, retryInMs);
    });
  }

  setMqttConnected(context, false);
  return {
    ready,
    close: async () => {
      closing = true;
      for (const connection of connections) clearTimeout(connection.reconnectTimer);
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
      await grouped.close();
      // DISCONNECT keeps the sessions (their expiry): what was not acknowledged stays with the broker.
      await Promise.all(connections.map(({ client }) => client.endAsync(!client.connected)));
    },
    status: () => {
      const subscribed = connections.filter((connection) => connection.subscribed && connection.client.connected).length;
      return subscribed === connections.length
        ? { state: 'ok', detail: `subscribed to ${subscription} over ${subscribed} connections` }
        : { state: 'degraded', detail: `${subscribed} of ${connections.length} connections subscribed${lastError ? `: ${lastError}` : ''}` };
    },
  };
}
