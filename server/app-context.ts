import type { Kysely } from 'kysely';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import type { DatabaseHandle } from './db/database.ts';
import type { Database } from './db/schema.ts';
import { createJobQueue, type JobQueue, type JobQueueOptions } from './jobs/job-queue.ts';
import { createMailer, type Mailer } from './notifications/mailer.ts';

/** What every module receives: configuration, the database, the clock, the mailer, the job queue. Built once in main.ts or by the test harness. */
export interface AppContext {
  config: Config;
  database: DatabaseHandle;
  db: Kysely<Database>;
  clock: Clock;
  mailer: Mailer;
  /** Queues jobs (`server/jobs/`); main.ts starts the workers of `jobDefinitions`. */
  jobs: JobQueue;
}

/** Assembles the context around an opened database: the mailer and the job queue are built over it. */
export function createAppContext(parts: { config: Config; database: DatabaseHandle; clock: Clock }, jobOptions?: JobQueueOptions): AppContext {
  const base = { ...parts, db: parts.database.db };
  return { ...base, mailer: createMailer(base), jobs: createJobQueue(parts.database, jobOptions) };
}
