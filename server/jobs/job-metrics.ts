import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { defineCounter, defineGauge, type Metrics } from '../metrics/metrics.ts';
import type { JobDefinition } from './job-definition.ts';

const states = ['created', 'retry', 'active', 'failed'] as const;

// The label is `queue`, not `job`: Prometheus gives every series the `job` of its scrape target.

const queueJobs = defineGauge<'queue' | 'state'>({
  name: 'portal_job_queue_jobs',
  help: 'Jobs in the queue by queue (the job\'s name) and state: created and retry wait (the depth), active run, failed gave up (until pg-boss archives them).',
  labelNames: ['queue', 'state'],
});

/** Counted by the worker that ran the job: a failure with retries left is a retry. */
export const jobRetries = defineCounter<'queue'>({ name: 'portal_job_retries_total', help: 'Job runs that failed and will be retried, by queue (the job\'s name).', labelNames: ['queue'] });
export const jobFailures = defineCounter<'queue'>({ name: 'portal_job_failures_total', help: 'Job runs that failed with no retry left, by queue (the job\'s name).', labelNames: ['queue'] });

export function collectJobMetrics(metrics: Metrics, db: Kysely<Database>, definitions: readonly JobDefinition[]): void {
  for (const definition of definitions) {
    metrics.counter(jobRetries).inc({ queue: definition.name }, 0);
    metrics.counter(jobFailures).inc({ queue: definition.name }, 0);
  }
  metrics.collectOnScrape('job_queue', [queueJobs], async () => {
    const counts = new Map<string, number>();
    // pg-boss makes its schema at the queue's first use.
    const { rows: exists } = await sql<{ present: boolean }>`select to_regclass('pgboss.job') is not null as present`.execute(db);
    if (exists[0]?.present) {
      const { rows } = await sql<{ name: string; state: string; count: number }>`
        select name, state::text as state, count(*)::int as count from pgboss.job
        where state in ('created', 'retry', 'active', 'failed') group by name, state`.execute(db);
      for (const row of rows) counts.set(`${row.name}\n${row.state}`, row.count);
    }
    const names = new Set([...definitions.map((definition) => definition.name), ...[...counts.keys()].map((key) => key.split('\n')[0]!)]);
    for (const job of names) {
      for (const state of states) metrics.gauge(queueJobs).set({ queue: job, state }, counts.get(`${job}\n${state}`) ?? 0);
    }
  });
}
