import { assembleAppContext, type AppContext, type AppHooks } from './app-context.ts';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import type { DatabaseHandle } from './db/database.ts';
import type { ReadReplica } from './db/read-replica.ts';
import { registerErrorDefinitions } from './http/errors.ts';
import type { JobDefinition } from './jobs/job-definition.ts';
import { collectJobMetrics } from './jobs/job-metrics.ts';
import type { JobQueueOptions } from './jobs/job-queue.ts';
import type { ModuleManifest } from './module-manifest.ts';
import { accountsModule } from './modules/accounts/accounts.module.ts';
import { queueDetectionAfterIngest } from './modules/alerts/alert-detection.jobs.ts';
import { alertsModule } from './modules/alerts/alerts.module.ts';
import { assistanceModule } from './modules/assistance/assistance.module.ts';
import { auditModule } from './modules/audit/audit.module.ts';
import { backofficeModule } from './modules/backoffice/backoffice.module.ts';
import { climateModule } from './modules/climate/climate.module.ts';
import { consumptionModule } from './modules/consumption/consumption.module.ts';
import { healthModule } from './modules/health/health.module.ts';
import { ingestModule } from './modules/ingest/ingest.module.ts';
import { inventoryModule } from './modules/inventory/inventory.module.ts';
import { managersModule } from './modules/managers/managers.module.ts';
import { occupancyModule } from './modules/occupancy/occupancy.module.ts';
import { publicationModule } from './modules/publication/publication.module.ts';
import { residentsModule } from './modules/residents/residents.module.ts';
import { signupModule } from './modules/signup/signup.module.ts';
import { tariffsModule } from './modules/tariffs/tariffs.module.ts';
import { allocatorKwhOfDays } from './modules/tariffs/tariffs.service.ts';
import { notificationJobs } from './notifications/notifications.jobs.ts';

/**
 * The composition root: the one list of the app's modules, and what is assembled from it. The
 * platform (http, db, jobs, notifications) imports no module; this file and app.ts, main.ts and
 * the command line, which stand above both, do.
 */

/** Every module, in the order their routes are registered (the OpenAPI document follows it). */
export const moduleManifests: readonly ModuleManifest[] = [
  healthModule,
  managersModule,
  residentsModule,
  alertsModule,
  ingestModule,
  inventoryModule,
  accountsModule,
  signupModule,
  assistanceModule,
  backofficeModule,
  auditModule,
  consumptionModule,
  occupancyModule,
  publicationModule,
  climateModule,
  tariffsModule,
];

// On import, so that any process or test that reaches the modules answers their codes.
for (const manifest of moduleManifests) {
  if (manifest.errors) registerErrorDefinitions(manifest.name, manifest.errors);
}

/** The jobs main.ts starts workers (and schedules) for: the modules', then the platform's. */
export const jobDefinitions: readonly JobDefinition[] = [...moduleManifests.flatMap((manifest) => manifest.jobs ?? []), ...notificationJobs];

/** What the modules call into each other through the context. */
const appHooks: AppHooks = {
  // Alert detection reads consumption: every refresh queues it for the residences it changed.
  afterConsumptionRefresh: [queueDetectionAfterIngest],
  // Home Assistant's meter totals offer allocators as energy where the residence sets a kWh-per-unit factor.
  allocatorKwh: allocatorKwhOfDays,
};

/** The context of a process of this app: the platform's services, the modules' hooks and their metrics' collectors. */
export function createAppContext(parts: { config: Config; database: DatabaseHandle; readReplica?: ReadReplica; clock: Clock }, jobOptions?: JobQueueOptions): AppContext {
  const context = assembleAppContext({ ...parts, hooks: appHooks }, jobOptions);
  if (context.metrics.enabled) {
    collectJobMetrics(context.metrics, context.db, jobDefinitions);
    for (const manifest of moduleManifests) manifest.metrics?.(context);
  }
  return context;
}
