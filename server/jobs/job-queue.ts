import { createRequire } from 'node:module';
import PgBoss from 'pg-boss';
import type { AppContext } from '../app-context.ts';
import type { DatabaseHandle } from '../db/database.ts';
import type { JobDefinition } from './job-definition.ts';
import { jobFailures, jobRetries } from './job-metrics.ts';

export interface JobQueue {
  /** Queues a job; with `singletonKey` on a `short` queue, a job already waiting under that key is not queued again (null). */
  send(definition: JobDefinition, payload: unknown, options?: { singletonKey?: string; startAfterSeconds?: number }): Promise<string | null>;
  /** Starts the workers (and the schedules) of the given definitions on this node. */
  work(context: AppContext, definitions: readonly JobDefinition[]): Promise<void>;
  /**
   * Runs, in this process and one after another, the jobs of these definitions that are waiting
   * now, until none is left; returns how many ran. For tests and one-shot commands, which want a
   * job's effect at a known moment instead of a polling worker's.
   */
  runWaiting(context: AppContext, definitions: readonly JobDefinition[]): Promise<number>;
  /**
   * Stops fetching, lets the jobs running on this node finish for up to `timeoutMs` (30 s by
   * default), then hands back those still running: pg-boss marks them failed, and they are retried.
   */
  stop(options?: { timeoutMs?: number }): Promise<void>;
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

/**
 * The durable job queue (pg-boss in the `pgboss` schema of the app's database). It starts at
 * its first use, so a process or a test that never queues a job pays nothing for it.
 * `maintenance: false` leaves out pg-boss's timers (supervision and cron): for tests.
 */
export interface JobQueueOptions {
  pollingIntervalSeconds?: number;
  maintenance?: boolean;
}

/**
 * pg-boss 10's workers complete or fail each job they ran without awaiting the call (manager.js,
 * `onFetch` calls `this.complete` / `this.fail`): with the database gone (a primary killed, before
 * the failover) the rejection went unhandled and ended the process. Its Manager is private to the
 * PgBoss instance, so its prototype is wrapped, once: each call's promise gets a handler that logs
 * the failure, and is returned as it is, so a caller that awaits it still sees the rejection. The
 * job stays active until it expires, then pg-boss runs it again, as after a crash.
 */
function logFailedCompletions(): void {
  const require = createRequire(import.meta.url);
  const managerPrototype = (require('pg-boss/src/manager.js') as { prototype: Record<string, unknown> }).prototype;
  for (const method of ['complete', 'fail']) {
    const original = managerPrototype[method] as (...args: unknown[]) => Promise<unknown>;
    const wrapped = function (this: unknown, ...args: unknown[]) {
      const result = original.apply(this, args);
      result.catch((error: unknown) => console.error(`job queue: could not ${method} a job (it runs again once it expires)`, error));
      return result;
    };
    // PgBoss exposes the Manager's functions under their `name`.
    Object.defineProperty(wrapped, 'name', { value: method });
    managerPrototype[method] = wrapped;
  }
}
logFailedCompletions();

export function createJobQueue(database: DatabaseHandle, options: JobQueueOptions = {}): JobQueue {
  const maintenance = options.maintenance ?? true;
  let started: Promise<PgBoss> | undefined;
  const boss = () =>
    (started ??= (async () => {
      const instance = new PgBoss({
        ...pgBossConnection(database),
        schema: 'pgboss',
        // Scheduling and maintenance are cluster-wide duties pg-boss coordinates through the database.
        supervise: maintenance,
        schedule: maintenance,
      });
      instance.on('error', (error) => console.error('job queue error', error));
      await instance.start();
      return instance;
    })());

  const ensuredQueues = new Set<string>();
  const ensureQueue = async (definition: JobDefinition) => {
    if (ensuredQueues.has(definition.name)) return;
    const instance = await boss();
    const existing = await instance.getQueue(definition.name);
    if (!existing) {
      await instance.createQueue(definition.name, {
        name: definition.name,
        policy: definition.policy ?? 'standard',
        retryLimit: definition.retry?.limit ?? 10,
        retryDelay: definition.retry?.delaySeconds ?? 30,
        retryBackoff: definition.retry?.backoff ?? true,
      });
    }
    ensuredQueues.add(definition.name);
  };

  return {
    async send(definition, payload, sendOptions = {}) {
      const data = definition.payload.parse(payload) as object;
      await ensureQueue(definition);
      return (await boss()).send(definition.name, data, {
        ...(sendOptions.singletonKey ? { singletonKey: sendOptions.singletonKey } : {}),
        ...(sendOptions.startAfterSeconds ? { startAfter: sendOptions.startAfterSeconds } : {}),
      });
    },
    async work(context, definitions) {
      const instance = await boss();
      for (const definition of definitions) {
        await ensureQueue(definition);
        await instance.work(definition.name, { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2, includeMetadata: true }, async (jobs) => {
          for (const job of jobs) {
            try {
              await definition.handle(context, definition.payload.parse(job.data));
            } catch (error) {
              context.metrics.counter(job.retryCount < job.retryLimit ? jobRetries : jobFailures).inc({ queue: definition.name });
              throw error;
            }
          }
        });
        if (definition.schedule) await instance.schedule(definition.name, definition.schedule, {}, { tz: SCHEDULE_TIME_ZONE });
      }
    },
    async runWaiting(context, definitions) {
      const instance = await boss();
      let ran = 0;
      for (let again = true; again; ) {
        again = false;
        for (const definition of definitions) {
          await ensureQueue(definition);
          const jobs = await instance.fetch(definition.name, { batchSize: 50 });
          for (const job of jobs) {
            try {
              await definition.handle(context, definition.payload.parse(job.data));
            } catch (error) {
              await instance.fail(definition.name, job.id, { message: error instanceof Error ? error.message : String(error) });
              throw error;
            }
            await instance.complete(definition.name, job.id);
            ran += 1;
            again = true;
          }
        }
      }
      return ran;
    },
    async stop(stopOptions = {}) {
      if (!started) return;
      const instance = await started;
      await instance.stop({ graceful: true, wait: true, close: false, timeout: stopOptions.timeoutMs ?? 30_000 });
    },
  };
}
