import type { z } from 'zod';
import type { AppContext } from '../app-context.ts';

/**
 * A named job: an id, a zod payload and an idempotent handler, kept in its module. The
 * handler may run more than once for one job (a retry after a crash), so it must check what
 * was already done before doing it.
 */
export interface JobDefinition<Schema extends z.ZodType = z.ZodType> {
  name: string;
  payload: Schema;
  handle(context: AppContext, payload: z.infer<Schema>): Promise<void>;
  retry?: { limit: number; delaySeconds: number; backoff: boolean };
  /**
   * pg-boss's queue policy. `short` keeps at most one waiting job per `singletonKey` (a job
   * sent while one with its key waits is dropped): coalescing for jobs that recompute a state.
   * Default `standard`: every job sent is kept.
   */
  policy?: 'standard' | 'short' | 'singleton' | 'stately';
  /** A cron expression in the operator's time zone (Europe/Paris) for scheduled jobs. */
  schedule?: string;
}

export function defineJob<Schema extends z.ZodType>(definition: JobDefinition<Schema>): JobDefinition<Schema> {
  return definition;
}
