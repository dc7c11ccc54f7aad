import { randomBytes } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import mqtt from 'mqtt';
import type { AppContext, PartStatus } from '../../app-context.ts';
import { countIngestedMessages, setMqttConnected } from './ingest.metrics.ts';
import { ingestWmbusMessages } from './wmbusmeters.service.ts';

/**
 * Subscribes to the topic where wmbusmeters publishes (MQTT_URL, MQTT_TOPIC) and ingests what
 * arrives like an HTTP body, gathered in small batches: one transaction per batch instead of
 * one per telegram. The broker's own authentication stands for the data-source token here.
 */
export interface MqttListener {
  /** Resolves once subscribed. */
  ready: Promise<void>;
  /** Ingests what is buffered, then disconnects. */
  close(): Promise<void>;
  /** For /api/health/ready's body: ok while connected to the broker, degraded while (re)connecting. */
  status(): PartStatus;
}

const MAX_BATCH = 500;
const BATCH_DELAY_MS = 100;

export function startMqttListener(
  context: Pick<AppContext, 'database' | 'db' | 'clock' | 'metrics'>,
  options: { url: string; topic: string; log: FastifyBaseLogger },
): MqttListener {
  const client = mqtt.connect(options.url, { clientId: `portal-ingest-${randomBytes(4).toString('hex')}`, reconnectPeriod: 2000 });
  let buffer: string[] = [];
  let timer: NodeJS.Timeout | undefined;
  let flushing = Promise.resolve();

  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (buffer.length === 0) return flushing;
    const batch = buffer;
    buffer = [];
    flushing = flushing.then(async () => {
      try {
        const summary = await ingestWmbusMessages(context, batch, { dataSourceId: null });
        countIngestedMessages(context, 'mqtt', summary);
        options.log.info({ ...summary, problems: summary.problems.slice(0, 20) }, 'mqtt ingest batch');
      } catch (error) {
        options.log.error({ err: error, messages: batch.length }, 'mqtt ingest batch failed');
      }
    });
    return flushing;
  };

  client.on('message', (_topic, payload) => {
    buffer.push(payload.toString('utf8'));
    if (buffer.length >= MAX_BATCH) void flush();
    else timer ??= setTimeout(() => void flush(), BATCH_DELAY_MS);
  });
  let lastError: string | undefined;
  client.on('error', (error) => {
    lastError = error.message;
    options.log.warn({ err: error }, 'mqtt connection error');
  });
  setMqttConnected(context, false);
  client.on('connect', () => setMqttConnected(context, true));
  client.on('close', () => setMqttConnected(context, false));

  const ready = new Promise<void>((resolve, reject) => {
    client.once('connect', () => {
      client.subscribe(options.topic, { qos: 1 }, (error) => (error ? reject(error) : resolve()));
    });
  });

  return {
    ready,
    close: async () => {
      await flush();
      await client.endAsync();
    },
    status: () =>
      client.connected
        ? { state: 'ok', detail: `subscribed to ${options.topic}` }
        : { state: 'degraded', detail: `not connected to the broker${lastError ? `: ${lastError}` : ''}` },
  };
}
