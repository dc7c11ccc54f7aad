import type { FastifyBaseLogger } from 'fastify';
import mqtt, { type IPublishPacket, type MqttClient } from 'mqtt';
import type { AppContext, PartStatus } from '../../app-context.ts';
import type { Config } from '../../config.ts';
import { countIngestedMessages, setMqttConnected } from './ingest.metrics.ts';
import { ingestWmbusMessages } from './wmbusmeters.service.ts';

/**
 * Subscribes to the topic where wmbusmeters publishes (MQTT_URL, MQTT_TOPIC) and ingests what
 * arrives like an HTTP body, losing nothing it acknowledged: QoS 1, a persistent MQTT 5 session
 * per connection under a client id stable across restarts, and each message acknowledged
 * (PUBACK) only once its readings are committed. The broker's own authentication stands for the
 * data-source token here.
 *
 * mqtt.js hands a connection's messages to `handleMessage` one at a time and sends the PUBACK
 * when its callback is called, so holding the callback until the commit holds that connection's
 * next message too. Hence several connections (MQTT_CONNECTIONS), splitting the topic by a shared
 * subscription with every other node's: the messages they hold go in one transaction (a group
 * commit, see scheduleFlush), and each is acknowledged once that transaction committed.
 * A batch that fails (database away) is not acknowledged: its connections are dropped and come
 * back after a growing delay, and the broker hands the messages again. How Mosquitto treats a
 * departed member's messages: docs/SCALING.md.
 */
export interface MqttListener {
  /** Resolves once every connection is subscribed. */
  ready: Promise<void>;
  /** Finishes the batch being committed and acknowledges it, then disconnects; what was not committed stays with the broker. */
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
  /** Its message is in a batch being committed: it hands over no other until then. */
  inBatch: boolean;
  reconnectTimer?: NodeJS.Timeout;
}

interface Delivery {
  payload: string;
  connection: Connection;
  generation: number;
  acknowledge(): void;
}

const BATCH_WINDOW_MS = 5;
const MAX_BATCHES_IN_FLIGHT = 2;
const FIRST_RETRY_DELAY_MS = 500;
const LONGEST_RETRY_DELAY_MS = 30_000;

export function startMqttListener(context: Pick<AppContext, 'database' | 'db' | 'clock' | 'metrics'>, options: MqttListenerOptions): MqttListener {
  const subscription = `$share/${options.shareGroup}/${options.topic}`;
  let waiting: Delivery[] = [];
  const batchesInFlight = new Set<Promise<void>>();
  let windowTimer: NodeJS.Timeout | undefined;
  let closing = false;
  let consecutiveFailures = 0;
  let lastError: string | undefined;

  const connections: Connection[] = Array.from({ length: options.connections }, (_, index) => {
    const client = mqtt.connect(options.url, {
      clientId: `${options.clientId}-${index + 1}`,
      protocolVersion: 5,
      clean: false,
      properties: { sessionExpiryInterval: options.sessionExpirySeconds },
      reconnectPeriod: 2000,
      // Subscribed again at each connect below, whether the broker kept the session or not.
      resubscribe: false,
    });
    const connection: Connection = { client, generation: 0, subscribed: false, inBatch: false };
    client.handleMessage = (packet, acknowledge) => {
      // While closing, a message stays unacknowledged: the broker keeps it for this session.
      if (closing) return;
      waiting.push({
        payload: (packet as IPublishPacket).payload.toString(),
        connection,
        generation: connection.generation,
        acknowledge: () => acknowledge(),
      });
      scheduleFlush();
    };
    client.on('connect', () => {
      connection.generation += 1;
      reportConnected();
    });
    client.on('close', () => {
      connection.subscribed = false;
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

  /**
   * A batch starts once every connection that is up and not waiting for a batch holds a message,
   * or BATCH_WINDOW_MS after the first one waiting: the connections just acknowledged need a
   * moment to hand over their next message, and without the wait each batch would carry one or
   * two. Up to MAX_BATCHES_IN_FLIGHT commit side by side (on PostgreSQL; PGlite takes them in turn).
   */
  function scheduleFlush() {
    if (closing || waiting.length === 0 || batchesInFlight.size >= MAX_BATCHES_IN_FLIGHT) return;
    const free = connections.filter(({ client, inBatch }) => client.connected && !inBatch).length;
    if (waiting.length >= free) {
      clearTimeout(windowTimer);
      windowTimer = undefined;
      startBatch();
    } else windowTimer ??= setTimeout(() => {
      windowTimer = undefined;
      startBatch();
    }, BATCH_WINDOW_MS);
  }

  function startBatch() {
    if (closing || waiting.length === 0 || batchesInFlight.size >= MAX_BATCHES_IN_FLIGHT) return;
    const batch = waiting;
    waiting = [];
    for (const { connection } of batch) connection.inBatch = true;
    const committing = commitBatch(batch).finally(() => {
      for (const { connection } of batch) connection.inBatch = false;
      batchesInFlight.delete(committing);
      scheduleFlush();
    });
    batchesInFlight.add(committing);
  }

  async function commitBatch(batch: Delivery[]): Promise<void> {
    try {
      const summary = await ingestWmbusMessages(context, batch.map((delivery) => delivery.payload), { dataSourceId: null });
      consecutiveFailures = 0;
      for (const delivery of batch) if (delivery.generation === delivery.connection.generation) delivery.acknowledge();
      countIngestedMessages(context, 'mqtt', summary);
      if (summary.problems.length > 0) options.log.info({ ...summary, problems: summary.problems.slice(0, 20) }, 'mqtt ingest batch');
    } catch (error) {
      consecutiveFailures += 1;
      const retryInMs = Math.min(FIRST_RETRY_DELAY_MS * 2 ** (consecutiveFailures - 1), LONGEST_RETRY_DELAY_MS);
      options.log.error({ err: error, messages: batch.length, retryInMs }, 'mqtt ingest batch failed: not acknowledged, the broker hands it again after a reconnect');
      for (const connection of new Set(batch.map((delivery) => delivery.connection))) reconnectLater(connection, retryInMs);
    }
  }

  /** Drops the connection (its unacknowledged message stays with the broker) and comes back after `delayMs`. */
  function reconnectLater(connection: Connection, delayMs: number) {
    if (closing || connection.reconnectTimer) return;
    connection.client.end(true, {}, () => {
      if (closing) return;
      connection.reconnectTimer = setTimeout(() => {
        connection.reconnectTimer = undefined;
        if (!closing) connection.client.reconnect();
      }, delayMs);
    });
  }

  /**
   * DISCONNECT, keeping the session. A message held back unacknowledged stalls the socket's
   * reading, so the socket would never report its close: once DISCONNECT and the last PUBACKs
   * are flushed (its writing side finished), it is destroyed.
   */
  async function disconnect(client: MqttClient) {
    if (!client.connected) return client.endAsync(true);
    client.stream.once('finish', () => client.stream.destroy());
    return client.endAsync();
  }

  setMqttConnected(context, false);
  return {
    ready,
    close: async () => {
      closing = true;
      clearTimeout(windowTimer);
      for (const connection of connections) clearTimeout(connection.reconnectTimer);
      await Promise.all(batchesInFlight);
      await Promise.all(connections.map(({ client }) => disconnect(client)));
    },
    status: () => {
      const subscribed = connections.filter((connection) => connection.subscribed && connection.client.connected).length;
      return subscribed === connections.length
        ? { state: 'ok', detail: `subscribed to ${subscription} over ${subscribed} connections` }
        : { state: 'degraded', detail: `${subscribed} of ${connections.length} connections subscribed${lastError ? `: ${lastError}` : ''}` };
    },
  };
}
