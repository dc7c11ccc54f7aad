import type { Kysely } from 'kysely';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import type { DatabaseHandle } from './db/database.ts';
import type { Database } from './db/schema.ts';
import type { JobQueue } from './jobs/job-queue.ts';
import type { Mailer } from './modules/notifications/mailer.ts';

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
