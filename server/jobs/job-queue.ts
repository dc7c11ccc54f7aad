import PgBoss from 'pg-boss';
import type { AppContext } from '../app-context.ts';
import type { DatabaseHandle } from '../db/database.ts';
import type { JobDefinition } from './job-definition.ts';

export interface JobQueue {
  /** Queues a job; with `singletonKey`, a job already waiting under that key is not queued again. */
  send(definition: JobDefinition, payload: unknown, options?: { singletonKey?: string; startAfterSeconds?: number }): Promise<string | null>;
  /** Starts the workers (and the schedules) of the given definitions on this node. */
  work(definitions: readonly JobDefinition[]): Promise<void>;
  stop(): Promise<void>;
}

const SCHEDULE_TIME_ZONE = 'Europe/Paris';

/**
 * pg-boss on PostgreSQL through its own pool; on PGlite through the one in-process
 * connection, taken under Kysely's connection lock so that a job's SQL never lands inside
 * another request's transaction. pg-boss sends multi-statement scripts without parameters:
 * those go through PGlite's `exec`.
 */
function pgBossConnection(database: DatabaseHandle): PgBoss.ConstructorOptions {
  if (database.kind === 'postgres') {
    const pool = database.pool!;
    return { db: { executeSql: (text, values) => pool.query(text, values) } };
  }
  const pglite = database.pglite!;
  return {
    db: {
      executeSql: (text, values) =>
        database.db.connection().execute(async () => {
          if (values === undefined || values.length === 0) {
            const results = await pglite.exec(text);
            return { rows: results.at(-1)?.rows ?? [] };
          }
          return pglite.query(text, values);
        }),
    },
  };
}

export async function startJobQueue(context: AppContext, options: { pollingIntervalSeconds?: number } = {}): Promise<JobQueue> {
  const boss = new PgBoss({
    ...pgBossConnection(context.database),
    schema: 'pgboss',
    // Scheduling and maintenance are cluster-wide duties pg-boss coordinates through the database.
    supervise: true,
    schedule: true,
  });
  boss.on('error', (error) => console.error('job queue error', error));
  await boss.start();

  const ensuredQueues = new Set<string>();
  const ensureQueue = async (definition: JobDefinition) => {
    if (ensuredQueues.has(definition.name)) return;
    const existing = await boss.getQueue(definition.name);
    if (!existing) {
      await boss.createQueue(definition.name, {
        name: definition.name,
        retryLimit: definition.retry?.limit ?? 10,
        retryDelay: definition.retry?.delaySeconds ?? 30,
        retryBackoff: definition.retry?.backoff ?? true,
      });
    }
    ensuredQueues.add(definition.name);
  };

  return {
    async send(definition, payload, sendOptions = {}) {
      await ensureQueue(definition);
      const data = definition.payload.parse(payload) as object;
      return boss.send(definition.name, data, {
        ...(sendOptions.singletonKey ? { singletonKey: sendOptions.singletonKey } : {}),
        ...(sendOptions.startAfterSeconds ? { startAfter: sendOptions.startAfterSeconds } : {}),
      });
    },
    async work(definitions) {
      for (const definition of definitions) {
        await ensureQueue(definition);
        await boss.work(definition.name, { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 }, async (jobs) => {
          for (const job of jobs) {
            await definition.handle(context, definition.payload.parse(job.data));
          }
        });
        if (definition.schedule) await boss.schedule(definition.name, definition.schedule, {}, { tz: SCHEDULE_TIME_ZONE });
      }
    },
    async stop() {
      await boss.stop({ graceful: true, wait: true, close: false });
    },
  };
}
