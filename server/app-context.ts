import type { Kysely } from 'kysely';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import type { DatabaseHandle } from './db/database.ts';
import type { Database } from './db/schema.ts';
import { collectPoolMetrics } from './db/pool-metrics.ts';
import { primaryOnly, type ReadReplica } from './db/read-replica.ts';
import { createJobQueue, type JobQueue, type JobQueueOptions } from './jobs/job-queue.ts';
import { createMetrics, type Metrics } from './metrics/metrics.ts';
import { createMailer, type Mailer } from './notifications/mailer.ts';
import { collectOutboxMetrics } from './notifications/outbox-metrics.ts';

/**
 * Calls a module makes into what other modules do, without importing them: the module that
 * owns a hook point declares it here by declaration merging, and the composition root
 * (server/modules.ts) fills it:
 *
 *     declare module '../../app-context.ts' {
 *       interface AppHooks { afterConsumptionRefresh: readonly AfterConsumptionRefresh[] }
 *     }
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by the modules' declaration merging
export interface AppHooks {}

/**
 * What every module receives: configuration, the database, the clock, the mailer, the job
 * queue and the hooks wired between modules. Built once per process by `createAppContext` in
 * server/modules.ts (main.ts, the command line, the test harness).
 */
export interface AppContext {
  config: Config;
  database: DatabaseHandle;
  /** The primary: every write, and every read unless the caller asks for lag-tolerant reads. */
  db: Kysely<Database>;
  /**
   * A reader for pure reads that tolerate a few seconds of lag (exports, manager lists,
   * back-office searches): the replica while its replay lag is under 5 s, else the primary
   * (`server/db/read-replica.ts`). Ask once per request; never for consent, access or
   * privacy-boundary checks, sessions, or a read something is written from.
   */
  lagTolerantDb: () => Kysely<Database>;
  clock: Clock;
  mailer: Mailer;
  /** Queues jobs (`server/jobs/`); main.ts starts the workers of the modules' jobs. */
  jobs: JobQueue;
  /** Prometheus metrics (`server/metrics/`): no-ops unless METRICS_PORT is set. */
  metrics: Metrics;
  hooks: AppHooks;
  /** What the process's long-lived parts report about themselves (the MQTT listener…), read by the health module. */
  status: StatusBoard;
}

/** The state of a part of the process that is not the database: reported in /api/health/ready's body, never in its verdict. */
export interface PartStatus {
  state: 'ok' | 'degraded' | 'disabled';
  detail?: string;
}

/**
 * Where the composition root reports the state of the parts it starts (main.ts: the MQTT
 * listener), so that a module reads it without importing the module that owns the part.
 */
interface StatusBoard {
  report(part: string, read: () => PartStatus): void;
  read(): Record<string, PartStatus>;
}

function createStatusBoard(): StatusBoard {
  const parts = new Map<string, () => PartStatus>();
  return {
    report: (part, read) => void parts.set(part, read),
    read: () => Object.fromEntries([...parts].map(([part, read]) => [part, read()])),
  };
}

/**
 * Assembles the context around an opened database: the mailer, the job queue and the metrics
 * are built over it (with the platform's scrape-time collectors: connections, outbox).
 */
export function assembleAppContext(
  parts: { config: Config; database: DatabaseHandle; readReplica?: ReadReplica; clock: Clock; hooks: AppHooks },
  jobOptions?: JobQueueOptions,
): AppContext {
  const { readReplica = primaryOnly(parts.database.db), ...rest } = parts;
  const base = { ...rest, db: parts.database.db, lagTolerantDb: () => readReplica.lagTolerantDb() };
  const metrics = createMetrics({ enabled: parts.config.metrics.port !== undefined });
  collectPoolMetrics(metrics, parts.database);
  collectOutboxMetrics(metrics, base);
  return { ...base, mailer: createMailer(base), jobs: createJobQueue(parts.database, jobOptions), metrics, status: createStatusBoard() };
}
