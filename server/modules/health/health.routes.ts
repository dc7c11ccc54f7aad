import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { publicAccess } from '../../http/access.ts';
import type { AppContext } from '../../app-context.ts';
import { checkDatabase } from './health.queries.ts';

const healthResponse = z.object({
  status: z.enum(['ok', 'unavailable']),
  database: z.enum(['ok', 'unreachable']),
});

export function healthRoutes(context: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/health',
      {
        config: { access: publicAccess },
        schema: {
          summary: 'Liveness and database check',
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
  };
}
