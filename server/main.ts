import path from 'node:path';
import { buildApp } from './app.ts';
import { systemClock } from './clock.ts';
import { ConfigError, loadConfig } from './config.ts';
import { openDatabase } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { describeLoadedDemo, loadDemoDataIfEmpty } from './demo/demo-loader.ts';
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
  const context = createAppContext({ config, database, clock: systemClock });
  const demo = config.demo.enabled ? await loadDemoDataIfEmpty(context) : undefined;

  const app = await buildApp(context, { serveWeb: true });
  await app.listen({ port: config.port, host: config.host });
  const metricsServer = config.metrics.port === undefined ? undefined : await startMetricsServer(context.metrics, { port: config.metrics.port, host: config.metrics.host });
  await context.jobs.work(context, jobDefinitions);
  const consumptionRefresher = startConsumptionRefresher(context, { log: app.log });
  const mqttListener = config.mqtt.url
    ? startMqttListener(context, { url: config.mqtt.url, topic: config.mqtt.topic, log: app.log })
    : undefined;

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

  const shutdown = async (signal: string) => {
    app.log.info({ signal }, 'shutting down');
    await app.close();
    await metricsServer?.stop();
    await mqttListener?.close();
    await consumptionRefresher.stop();
    await context.jobs.stop();
    context.mailer.close();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    console.error(error);
  }
  process.exit(1);
});
