import path from 'node:path';
import { buildApp } from './app.ts';
import { systemClock } from './clock.ts';
import { ConfigError, loadConfig } from './config.ts';
import { openDatabase } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { openReadReplica } from './db/read-replica.ts';
import { describeLoadedDemo, loadDemoDataIfEmpty } from './demo/demo-loader.ts';
import { closeInOrder, type Closer } from './kernel/shutdown.ts';
import { createAppContext, jobDefinitions } from './modules.ts';
import { startConsumptionRefresher } from './modules/consumption/consumption-refresher.ts';
import { startMqttListener } from './modules/ingest/mqtt-listener.ts';
import { startMetricsServer } from './metrics/metrics-server.ts';
import { mailFolderOf } from './notifications/mail-folder.ts';

/** Starts the process: configuration, database and migrations, demo data, then HTTP. */
async function main(): Promise<void> {
  const startedAt = performance.now();
  const config = loadConfig();
  const database = await openDatabase(config.database);
  await migrateToLatest(database.db);
  const readReplica = config.databaseReplicaUrl ? await openReadReplica(database, config.databaseReplicaUrl) : undefined;
  const context = createAppContext({ config, database, readReplica, clock: systemClock });
  const demo = config.demo.enabled ? await loadDemoDataIfEmpty(context) : undefined;

  const app = await buildApp(context, { serveWeb: true });
  await app.listen({ port: config.port, host: config.host });
  const metricsServer = config.metrics.port === undefined ? undefined : await startMetricsServer(context.metrics, { port: config.metrics.port, host: config.metrics.host });
  await context.jobs.work(context, jobDefinitions);
  const consumptionRefresher = startConsumptionRefresher(context, { log: app.log });
  const mqttListener = config.mqtt.url
    ? startMqttListener(context, { ...config.mqtt, url: config.mqtt.url, log: app.log })
    : undefined;
  context.status.report('mqtt', () => mqttListener?.status() ?? { state: 'disabled', detail: 'MQTT_URL is not set' });
  context.status.report('readReplica', () => {
    if (!readReplica) return { state: 'disabled', detail: 'DATABASE_REPLICA_URL is not set' };
    const replica = readReplica.describe();
    const lag = replica.lagMs === null ? 'unknown' : `${replica.lagMs} ms`;
    return replica.serving ? { state: 'ok', detail: `replay lag ${lag}` } : { state: 'degraded', detail: `lag-tolerant reads on the primary: ${replica.problem} (replay lag ${lag})` };
  });

  const databaseLabel = config.database.kind === 'pglite' ? `PGlite in ${config.database.dataDir}` : 'PostgreSQL';
  const lines = [
    '',
    `  Mes suivis de consommation is running (${databaseLabel}, ${config.mail.smtpUrl ? 'SMTP' : 'outbox'} mail).`,
    `  Open ${config.publicUrl}`,
    `  API documentation: ${config.publicUrl}/api/docs`,
    `  Started in ${((performance.now() - startedAt) / 1000).toFixed(1)} s`,
  ];
  if (metricsServer) lines.push(`  Metrics: http://${config.metrics.host}:${metricsServer.port}/metrics`);
  if (!config.mail.smtpUrl) lines.push(`  No SMTP_URL: every email (and the codes it carries) is also written to ${path.resolve(mailFolderOf(config.dataDir))}`);
  if (demo) lines.push('', ...demo.describe());
  else if (config.demo.enabled) lines.push('', ...describeLoadedDemo(config, context.clock));
  console.log(lines.join('\n') + '\n');

  // Closed in this order on SIGTERM or SIGINT: first no new connection (requests in flight
  // finish), then what produces work, then the job workers, and the database last.
  const closers: Closer[] = [
    { name: 'http', close: () => app.close() },
    { name: 'metrics', close: () => metricsServer?.stop() },
    { name: 'mqtt', close: () => mqttListener?.close() },
    { name: 'consumption refresher', close: () => consumptionRefresher.stop() },
    // Running jobs get the time left (minus a margin to close the database); then pg-boss hands them back.
    { name: 'jobs', close: (remainingMs) => context.jobs.stop({ timeoutMs: remainingMs - 1000 }) },
    { name: 'mailer', close: () => context.mailer.close() },
    { name: 'read replica', close: () => readReplica?.close() },
    { name: 'database', close: () => database.close() },
  ];
  const shutdown = async (signal: string) => {
    const stoppingAt = performance.now();
    app.log.info({ signal, timeoutMs: config.shutdownTimeoutMs }, 'shutting down');
    const outcome = await closeInOrder(closers, config.shutdownTimeoutMs);
    const elapsedMs = Math.round(performance.now() - stoppingAt);
    if (outcome.kind === 'timed-out') {
      app.log.error({ signal, elapsedMs, pending: outcome.pending }, `shutdown timed out while closing ${outcome.pending}: forcing exit`);
      process.exit(1);
    }
    for (const { name, error } of outcome.failed) app.log.error({ err: error, part: name }, `shutdown: closing ${name} failed`);
    app.log.info({ signal, elapsedMs }, 'shut down');
    process.exit(outcome.failed.length === 0 ? 0 : 1);
  };
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      void shutdown(signal);
    });
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    console.error(error);
  }
  process.exit(1);
});
