import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { pendingMigrations } from '../../db/migrate.ts';
import { publicAccess } from '../../http/access.ts';
import { checkDatabase, outboxCounts } from './health.queries.ts';

const healthResponse = z.object({
  status: z.enum(['ok', 'unavailable']),
  database: z.enum(['ok', 'unreachable']),
});

const partStatus = z.object({ state: z.enum(['ok', 'degraded', 'disabled']), detail: z.string().optional() });

const readinessResponse = z.object({
  status: z.enum(['ready', 'not_ready']).describe('ready: this node should get traffic'),
  /** The parts the verdict rests on, and the first one that failed. */
  checks: z.object({
    database: z.enum(['ok', 'unreachable']),
    migrations: z.enum(['ok', 'pending', 'unknown']),
  }),
  failing: z.enum(['database', 'migrations']).optional().describe('the part that makes this node not ready'),
  pendingMigrations: z.array(z.string()).optional(),
  /** Reported for monitoring, never part of the verdict: a broker outage must not take every node out of the load balancer. */
  info: z.object({
    parts: z.record(z.string(), partStatus).describe('mqtt: the MQTT listener (disabled without MQTT_URL); readReplica: DATABASE_REPLICA_URL (degraded: lag-tolerant reads on the primary)'),
    outbox: z.object({ waiting: z.number().int(), failed: z.number().int() }).optional(),
  }),
});

type Readiness = z.infer<typeof readinessResponse>;

async function readiness(context: AppContext, log: { warn(object: object, message: string): void }): Promise<Readiness> {
  const info: Readiness['info'] = { parts: context.status.read() };
  let pending: string[];
  try {
    pending = await pendingMigrations(context.db);
  } catch (error) {
    log.warn({ err: error }, 'readiness: database unreachable');
    return { status: 'not_ready', checks: { database: 'unreachable', migrations: 'unknown' }, failing: 'database', info };
  }
  info.outbox = await outboxCounts(context.db).catch(() => undefined);
  if (pending.length > 0) {
    return { status: 'not_ready', checks: { database: 'ok', migrations: 'pending' }, failing: 'migrations', pendingMigrations: pending, info };
  }
  return { status: 'ready', checks: { database: 'ok', migrations: 'ok' }, info };
}

export function healthRoutes(context: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/health',
      {
        config: { access: publicAccess },
        schema: {
          summary: 'Liveness: the process answers (and its database check)',
          description: 'For a liveness probe. Readiness, which decides whether this node gets traffic, is GET /api/health/ready.',
          tags: ['health'],
          response: { 200: healthResponse, 503: healthResponse },
        },
      },
      async (request, reply) => {
        const isDatabaseUp = await checkDatabase(context.db).then(
          () => true,
          (error: unknown) => {
            request.log.warn({ err: error }, 'database health check failed');
            return false;
          },
        );
        return isDatabaseUp
          ? reply.status(200).send({ status: 'ok', database: 'ok' })
          : reply.status(503).send({ status: 'unavailable', database: 'unreachable' });
      },
    );

    app.get(
      '/health/ready',
      {
        config: { access: publicAccess },
        schema: {
          summary: 'Readiness: should this node get traffic',
          description:
            'Ready (200) when the database answers and every migration has run; otherwise 503 naming the failing part. ' +
            'The MQTT listener and the outbox are reported under `info` but never make the node not ready.',
          tags: ['health'],
          response: { 200: readinessResponse, 503: readinessResponse },
        },
      },
      async (request, reply) => {
        const answer = await readiness(context, request.log);
        return reply.status(answer.status === 'ready' ? 200 : 503).send(answer);
      },
    );
  };
}
